import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LocalObjectStore, notFound, type ByteRange, type ObjectStore } from './object-store';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Content-addressed files: a file's name is its sha256, so the same bytes are stored once and a
 * name can never point at other bytes — written once, never overwritten, which is what lets any
 * store hold them (object-store.ts: the local disk, or S3 shared by machines). Kept under
 * `ab/abcd…` (the first two hex digits), on disk as in a bucket.
 */
export class ArtifactStore {
  constructor(readonly objects: ObjectStore) {}

  /** On local disk under `root`, synced before renamed in; `minFreeBytes`: what the disk must keep free after a write (0: no check). */
  static onDisk(root: string, minFreeBytes = 0): ArtifactStore {
    return new ArtifactStore(new LocalObjectStore(root, { minFreeBytes, sync: true }));
  }

  async init(): Promise<void> {
    await this.objects.init();
  }

  /** The object key of a hash; anything that is not a hash is a file that does not exist. */
  keyOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw notFound();
    return `${sha256.slice(0, 2)}/${sha256}`;
  }

  /** A text file's contents (subtitles, an article), or null when it is gone. */
  async readText(sha256: string): Promise<string | null> {
    const bytes = await this.objects.get(this.keyOf(sha256));
    return bytes ? bytes.toString('utf8') : null;
  }

  async put(data: Buffer | string): Promise<{ sha256: string; size: number }> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (!(await this.exists(sha256))) await this.objects.put(this.keyOf(sha256), bytes);
    return { sha256, size: bytes.length };
  }

  /** A file on disk (a rendered video): hashed as a stream, then stored unless the same bytes already are. */
  async putFile(file: string): Promise<{ sha256: string; size: number }> {
    const hash = createHash('sha256');
    await pipeline(createReadStream(file), hash);
    const sha256 = hash.digest('hex');
    const { size } = await stat(file);
    if (!(await this.exists(sha256))) await this.objects.putFile(this.keyOf(sha256), file);
    return { sha256, size };
  }

  async exists(sha256: string): Promise<boolean> {
    return (await this.sizeOf(sha256)) !== null;
  }

  /** The file's size, or null when it is not stored (one question for both). */
  async sizeOf(sha256: string): Promise<number | null> {
    return SHA256.test(sha256) ? this.objects.sizeOf(this.keyOf(sha256)) : null;
  }

  /** The file or an inclusive range of it; NOT_FOUND when it is not stored. */
  async read(sha256: string, range?: ByteRange): Promise<Readable> {
    return this.objects.read(this.keyOf(sha256), range);
  }

  /** Makes `file` on this machine hold the stored bytes (ffmpeg joining stored videos). */
  async copyToFile(sha256: string, file: string): Promise<void> {
    return this.objects.copyToFile(this.keyOf(sha256), file);
  }

  /** Where readers may fetch the file directly for a while (S3_PRESIGN), or null: the API serves it. */
  async presignedUrl(sha256: string, response: { disposition: string; type: string }): Promise<string | null> {
    return this.objects.presignedUrl(this.keyOf(sha256), response);
  }
}
