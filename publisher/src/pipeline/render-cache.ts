import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RenderCache } from '@tongyuan/channels';

/**
 * The render cache on disk (MEDIA_CACHE_DIR/images), shared by every worker on the machine or
 * volume: written to a temporary name and renamed, so a reader never sees half a file. A hit
 * refreshes the file's time; `sweep` removes what nothing used for `maxAgeDays`.
 */
export class DiskRenderCache implements RenderCache {
  private readonly root: string;

  constructor(cacheDir: string) {
    this.root = path.join(cacheDir, 'images');
  }

  private file(key: string) {
    if (!/^[a-z]+-[0-9a-f-]{16,200}$/.test(key)) throw new Error(`渲染缓存的键不合规：${key.slice(0, 80)}`);
    return path.join(this.root, key.slice(-2), key);
  }

  async get(key: string): Promise<Buffer | null> {
    const file = this.file(key);
    try {
      const data = await readFile(file);
      const now = new Date();
      await utimes(file, now, now);
      return data;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async put(key: string, data: Buffer): Promise<void> {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${randomUUID()}.tmp`;
    await writeFile(temporary, data);
    await rename(temporary, file);
  }

  /** Files no render has used for `maxAgeDays` (and temporary files left by a killed worker); returns how many went. */
  async sweep(maxAgeDays: number): Promise<number> {
    const before = Date.now() - maxAgeDays * 86_400_000;
    let removed = 0;
    for (const dir of await readdir(this.root).catch(() => [] as string[])) {
      for (const name of await readdir(path.join(this.root, dir)).catch(() => [] as string[])) {
        const full = path.join(this.root, dir, name);
        const info = await stat(full).catch(() => null);
        const stale = name.endsWith('.tmp') ? info && info.mtimeMs < Date.now() - 86_400_000 : info && info.mtimeMs < before;
        if (stale) {
          await rm(full, { force: true });
          removed += 1;
        }
      }
    }
    return removed;
  }
}
