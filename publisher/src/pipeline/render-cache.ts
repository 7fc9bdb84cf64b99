import type { RenderCache } from '@tongyuan/channels';
import type { ObjectStore } from '../store/object-store';

/**
 * The render cache (drawn images by content key), shared by every worker and API process that
 * reaches its store: on disk MEDIA_CACHE_DIR/images, or the object store's render-cache/ prefix
 * (STORAGE=s3). A write is whole or absent for every reader. A hit marks the image used;
 * `sweep` removes what nothing used for `maxAgeDays` (on S3 the bucket's lifecycle rule does).
 */
export class StoredRenderCache implements RenderCache {
  constructor(private readonly objects: ObjectStore) {}

  private key(key: string) {
    if (!/^[a-z]+-[0-9a-f-]{16,200}$/.test(key)) throw new Error(`渲染缓存的键不合规：${key.slice(0, 80)}`);
    return `${key.slice(-2)}/${key}`;
  }

  async get(key: string): Promise<Buffer | null> {
    const data = await this.objects.get(this.key(key));
    if (data) await this.objects.touch(this.key(key));
    return data;
  }

  async put(key: string, data: Buffer): Promise<void> {
    await this.objects.put(this.key(key), data);
  }

  /** Images no render has used for `maxAgeDays` (and temporary files left by a killed process); returns how many went. */
  sweep(maxAgeDays: number): Promise<number> {
    return this.objects.sweep(maxAgeDays);
  }
}
