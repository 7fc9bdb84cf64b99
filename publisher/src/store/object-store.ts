import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat, statfs, symlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { PublisherError } from '../errors';

/** An inclusive byte range, as range-parser and HTTP name it. */
export interface ByteRange { start: number; end: number }

/**
 * Where the publisher keeps files by key: the local disk (the embedded default) or an
 * S3-compatible store (s3-object-store.ts), so an API on one machine serves what a worker on
 * another wrote. Keys are slash-separated and chosen by the callers (content hashes, cache keys);
 * a write is whole or absent for every reader, never half a file.
 */
export interface ObjectStore {
  /** For logs and messages: a folder, or s3://bucket/prefix. */
  readonly where: string;
  /** Checks the store can be reached and written to (creates the folder on disk). */
  init(): Promise<void>;
  /** The object's size in bytes, or null when there is none under the key. */
  sizeOf(key: string): Promise<number | null>;
  /** The whole object, or null when there is none. */
  get(key: string): Promise<Buffer | null>;
  /** The object (or an inclusive range of it) as a stream; NOT_FOUND when there is none. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  put(key: string, data: Buffer): Promise<void>;
  /** A file on this machine (a rendered video), streamed, never held in memory. */
  putFile(key: string, file: string): Promise<void>;
  /** Makes `file` (on this machine) hold the object's bytes, for a program that reads files (ffmpeg): a link on disk, a download from S3. */
  copyToFile(key: string, file: string): Promise<void>;
  /** A URL readers may fetch the object from for a while (S3 with S3_PRESIGN), or null: the API serves it. */
  presignedUrl(key: string, response: { disposition: string; type: string }): Promise<string | null>;
  /** Marks the object used now (the render cache keeps what renders use). */
  touch(key: string): Promise<void>;
  /** Removes objects not used for `maxAgeDays`; returns how many. S3 leaves this to the bucket's lifecycle rule. */
  sweep(maxAgeDays: number): Promise<number>;
}

export const notFound = (cause?: unknown) => new PublisherError('NOT_FOUND', '文件不存在', { cause });

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Objects as files under one folder, the key as the relative path. Written to tmp/, synced
 * (when `sync`) and renamed into place. `minFreeBytes`: what the disk must keep free after a write.
 */
export class LocalObjectStore implements ObjectStore {
  constructor(private readonly root: string, private readonly options: { minFreeBytes?: number; sync?: boolean } = {}) {}

  get where() {
    return this.root;
  }

  /** The file of a key; the key never leaves the folder. */
  fileOf(key: string): string {
    if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(key) || key.split('/').includes('..')) throw notFound();
    return path.join(this.root, key);
  }

  private made?: Promise<unknown>;

  async init(): Promise<void> {
    this.made = mkdir(path.join(this.root, 'tmp'), { recursive: true });
    await this.made;
  }

  async sizeOf(key: string): Promise<number | null> {
    try {
      return (await stat(this.fileOf(key))).size;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.fileOf(key));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    try {
      const handle = await open(this.fileOf(key), 'r');
      return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
    } catch (error) {
      throw isMissing(error) ? notFound(error) : error;
    }
  }

  /** Refuses a write that would leave the disk with less than the free space it must keep (a render waits and retries). */
  private async ensureRoom(bytes: number): Promise<void> {
    const keep = this.options.minFreeBytes ?? 0;
    if (keep === 0) return;
    const { bavail, bsize } = await statfs(this.root);
    const free = bavail * bsize;
    if (free - bytes < keep) {
      const mb = (n: number) => Math.round(n / 2 ** 20);
      throw new PublisherError('STORAGE_FULL', `文件存储空间不足（剩余 ${mb(free)} MB，须保留 ${mb(keep)} MB）：请清理或扩容文件盘，渲染会自动重试`);
    }
  }

  /** Writes through a temporary file that `fill` fills, then renames it into place. */
  private async place(key: string, bytes: number, fill: (temp: string) => Promise<void>): Promise<void> {
    const target = this.fileOf(key);
    await (this.made ??= mkdir(path.join(this.root, 'tmp'), { recursive: true }));
    await this.ensureRoom(bytes);
    const temp = path.join(this.root, 'tmp', `${path.basename(key)}.${randomUUID()}`);
    try {
      await fill(temp);
      if (this.options.sync) {
        const handle = await open(temp, 'r+');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
      }
      await mkdir(path.dirname(target), { recursive: true });
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async put(key: string, data: Buffer): Promise<void> {
    await this.place(key, data.length, async (temp) => {
      const handle = await open(temp, 'w');
      try {
        await handle.writeFile(data);
      } finally {
        await handle.close();
      }
    });
  }

  async putFile(key: string, file: string): Promise<void> {
    const { size } = await stat(file);
    await this.place(key, size, (temp) => copyFile(file, temp));
  }

  async copyToFile(key: string, file: string): Promise<void> {
    await symlink(path.resolve(this.fileOf(key)), file);
  }

  async presignedUrl(): Promise<string | null> {
    return null;
  }

  async touch(key: string): Promise<void> {
    const now = new Date();
    await utimes(this.fileOf(key), now, now).catch((error) => {
      if (!isMissing(error)) throw error;
    });
  }

  /** Files not touched for `maxAgeDays`, and temporary files a killed process left for a day. */
  async sweep(maxAgeDays: number): Promise<number> {
    const before = Date.now() - maxAgeDays * 86_400_000;
    let removed = 0;
    for (const dir of await readdir(this.root).catch(() => [] as string[])) {
      const cutoff = dir === 'tmp' ? Date.now() - 86_400_000 : before;
      for (const name of await readdir(path.join(this.root, dir)).catch(() => [] as string[])) {
        const full = path.join(this.root, dir, name);
        const info = await stat(full).catch(() => null);
        if (info?.isFile() && info.mtimeMs < cutoff) {
          await rm(full, { force: true });
          removed += 1;
        }
      }
    }
    return removed;
  }
}
