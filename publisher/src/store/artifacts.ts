import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { copyFile, mkdir, open, readFile, rename, rm, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { PublisherError } from '../errors';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Content-addressed files on local disk: a file's name is its sha256, so the same bytes are
 * stored once and a name can never point at other bytes. Written to a temporary file, synced
 * and renamed into place, so a reader never sees half a file.
 */
export class ArtifactStore {
  /** `minFreeBytes`: what the disk must keep free after a write (0: no check). */
  constructor(private readonly root: string, private readonly minFreeBytes = 0) {}

  /** Refuses a write that would leave the disk with less than the free space it must keep (a render waits and retries). */
  private async ensureRoom(bytes: number): Promise<void> {
    if (this.minFreeBytes === 0) return;
    const { bavail, bsize } = await statfs(this.root);
    const free = bavail * bsize;
    if (free - bytes < this.minFreeBytes) {
      const mb = (n: number) => Math.round(n / 2 ** 20);
      throw new PublisherError('STORAGE_FULL', `文件存储空间不足（剩余 ${mb(free)} MB，须保留 ${mb(this.minFreeBytes)} MB）：请清理或扩容文件盘，渲染会自动重试`);
    }
  }

  async init(): Promise<void> {
    await mkdir(path.join(this.root, 'tmp'), { recursive: true });
  }

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new PublisherError('NOT_FOUND', '文件不存在');
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  /** A text file's contents (subtitles, an article), or null when it is gone. */
  async readText(sha256: string): Promise<string | null> {
    try {
      return await readFile(this.pathOf(sha256), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async put(data: Buffer | string): Promise<{ sha256: string; size: number }> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const target = this.pathOf(sha256);
    if (await this.exists(sha256)) return { sha256, size: bytes.length };
    await this.ensureRoom(bytes.length);
    const temp = path.join(this.root, 'tmp', `${sha256}.${randomUUID()}`);
    try {
      const handle = await open(temp, 'w');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await mkdir(path.dirname(target), { recursive: true });
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { sha256, size: bytes.length };
  }

  /** A file on disk (a rendered video): hashed as a stream, copied next to its place, synced and renamed in. */
  async putFile(file: string): Promise<{ sha256: string; size: number }> {
    const hash = createHash('sha256');
    await pipeline(createReadStream(file), hash);
    const sha256 = hash.digest('hex');
    const { size } = await stat(file);
    if (await this.exists(sha256)) return { sha256, size };
    await this.ensureRoom(size);
    const temp = path.join(this.root, 'tmp', `${sha256}.${randomUUID()}`);
    try {
      await copyFile(file, temp);
      const handle = await open(temp, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await mkdir(path.dirname(this.pathOf(sha256)), { recursive: true });
      await rename(temp, this.pathOf(sha256));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { sha256, size };
  }

  async exists(sha256: string): Promise<boolean> {
    try {
      await stat(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }

  /** The file's size, or null when it is not stored (one stat for both questions). */
  async sizeOf(sha256: string): Promise<number | null> {
    try {
      return (await stat(this.pathOf(sha256))).size;
    } catch {
      return null;
    }
  }

  read(sha256: string, range?: { start: number; end: number }) {
    return createReadStream(this.pathOf(sha256), range);
  }
}
