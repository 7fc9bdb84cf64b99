import path from 'node:path';
import type { Config } from '../config';
import { StoredRenderCache } from '../pipeline/render-cache';
import { ArtifactStore } from './artifacts';
import { LocalObjectStore } from './object-store';

type StorageSettings = Pick<Config, 'STORAGE' | 'ARTIFACT_DIR' | 'ARTIFACT_MIN_FREE_MB' | 'MEDIA_CACHE_DIR' | 'S3_ENDPOINT' | 'S3_PUBLIC_ENDPOINT' |
  'S3_REGION' | 'S3_BUCKET' | 'S3_PREFIX' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY' | 'S3_FORCE_PATH_STYLE' | 'S3_PRESIGN' | 'S3_PRESIGN_SECONDS'>;

/**
 * The artifact store and the render cache as STORAGE says: on this machine's disk (ARTIFACT_DIR,
 * MEDIA_CACHE_DIR/images), or in one S3 bucket under artifacts/ and render-cache/. Checked at start:
 * a store that cannot be reached stops the process with what to fix.
 */
export async function openStorage(config: StorageSettings): Promise<{ artifacts: ArtifactStore; renderCache: StoredRenderCache }> {
  if (config.STORAGE === 'local') {
    const artifacts = ArtifactStore.onDisk(config.ARTIFACT_DIR, config.ARTIFACT_MIN_FREE_MB * 2 ** 20);
    await artifacts.init();
    return { artifacts, renderCache: new StoredRenderCache(new LocalObjectStore(path.join(config.MEDIA_CACHE_DIR, 'images'))) };
  }
  // Loaded only here: a deployment on local disk never loads the AWS SDK.
  const { S3ObjectStore } = await import('./s3-object-store.js');
  const s3 = (folder: string) => new S3ObjectStore({
    endpoint: config.S3_ENDPOINT, publicEndpoint: config.S3_PUBLIC_ENDPOINT, region: config.S3_REGION, bucket: config.S3_BUCKET,
    prefix: `${config.S3_PREFIX}${folder}/`, accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    forcePathStyle: config.S3_FORCE_PATH_STYLE, presignSeconds: config.S3_PRESIGN ? config.S3_PRESIGN_SECONDS : 0,
  });
  const artifacts = new ArtifactStore(s3('artifacts'));
  await artifacts.init();
  return { artifacts, renderCache: new StoredRenderCache(s3('render-cache')) };
}
