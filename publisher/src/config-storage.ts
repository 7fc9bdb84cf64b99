import { z } from 'zod';

/**
 * Where artifacts and the render cache live (part of configSchema, config.ts): the local disk, or
 * an S3-compatible store shared by API and worker processes on different machines. Cross-field
 * rules (a bucket for s3, a key with its secret) are checked where the store is opened (store/storage.ts).
 */
const flag = (fallback: boolean) =>
  z.enum(['true', 'false', '1', '0']).default(fallback ? 'true' : 'false').transform((v) => v === 'true' || v === '1');
const address = (what: string) => z.string().default('')
  .refine((v) => v === '' || URL.canParse(v), `${what} 应为网址，如 https://oss-cn-hangzhou.aliyuncs.com 或 http://minio:9000`);

export const storageOptions = {
  STORAGE: z.enum(['local', 's3']).default('local')
    .describe('where artifacts (pages, videos, programmes, reels, loudspeaker files) and drawn images are kept: local = ARTIFACT_DIR and ' +
      'MEDIA_CACHE_DIR/images on this machine, nothing else to run (API and workers then share one volume); s3 = an S3-compatible ' +
      'store (MinIO, Ceph RGW, Alibaba OSS, AWS), so API and workers may run on different machines sharing only the bucket'),
  S3_ENDPOINT: address('S3_ENDPOINT')
    .describe("STORAGE=s3: the store's address (http://minio:9000, https://oss-cn-hangzhou.aliyuncs.com); empty means AWS S3 itself, by S3_REGION"),
  S3_PUBLIC_ENDPOINT: address('S3_PUBLIC_ENDPOINT')
    .describe('STORAGE=s3 with S3_PRESIGN: the address readers reach the store at, when S3_ENDPOINT is an internal one (http://minio:9000 ' +
      "inside the cluster); presigned URLs name it. Empty: S3_ENDPOINT's"),
  S3_REGION: z.string().default('us-east-1')
    .describe("STORAGE=s3: the region signed into requests. MinIO and Ceph RGW take any (us-east-1 is their default); OSS needs its own, e.g. oss-cn-hangzhou"),
  S3_BUCKET: z.string().default('')
    .describe('STORAGE=s3 (required then): the bucket, created beforehand by the operator; the publisher only reads and writes objects'),
  S3_PREFIX: z.string().default('').refine((v) => v === '' || /^[A-Za-z0-9._/-]+\/$/.test(v), 'S3_PREFIX 应以 / 结尾，如 tongyuan/')
    .describe('STORAGE=s3: a folder in the bucket for this deployment (tongyuan/), so several share one bucket; empty: the top. ' +
      'Artifacts go under artifacts/, drawn images under render-cache/ (give that one a lifecycle rule: RENDER_CACHE_DAYS does not sweep S3)'),
  S3_ACCESS_KEY_ID: z.string().default('')
    .describe("STORAGE=s3: the access key; empty uses the AWS SDK's own chain (AWS_ACCESS_KEY_ID, an instance role)"),
  S3_SECRET_ACCESS_KEY: z.string().default('').describe('STORAGE=s3: the secret of S3_ACCESS_KEY_ID'),
  S3_FORCE_PATH_STYLE: flag(true)
    .describe('STORAGE=s3: bucket in the path (http://minio:9000/bucket/key), which MinIO and Ceph RGW at one address need without ' +
      'wildcard DNS; false for Alibaba OSS, which takes only bucket.host addresses'),
  S3_PRESIGN: flag(false)
    .describe('STORAGE=s3: downloads answered with a 302 to a presigned URL of the store, so video and audio bytes do not pass ' +
      "through the API (Range and resuming then happen at the store). Off by default: the API serves them, and the store need not be " +
      'reachable by readers. The API still checks the file is live and counts the download'),
  S3_PRESIGN_SECONDS: z.coerce.number().int().min(60).max(604_800).default(3600)
    .describe('how long a presigned URL works: an hour covers a slow download and resuming it; S3 allows at most a week'),
};

export interface StorageConfig {
  STORAGE: 'local' | 's3';
  S3_BUCKET: string;
  S3_ACCESS_KEY_ID: string;
  S3_SECRET_ACCESS_KEY: string;
}

/** What a STORAGE=s3 configuration lacks, as messages naming the variable (none when it is whole). */
export function storageProblems(config: StorageConfig): string[] {
  if (config.STORAGE !== 's3') return [];
  const problems: string[] = [];
  if (!config.S3_BUCKET) problems.push('S3_BUCKET: STORAGE=s3 时必须设置存储桶名称');
  if (Boolean(config.S3_ACCESS_KEY_ID) !== Boolean(config.S3_SECRET_ACCESS_KEY)) {
    problems.push('S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY: 须同时设置，或都不设置（使用 AWS SDK 的默认凭证）');
  }
  return problems;
}
