import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { startS3Server, type S3Server } from '../../../test/support/s3-server';
import { parseConfig } from '../config';
import { PublisherError } from '../errors';
import { StoredRenderCache } from '../pipeline/render-cache';
import { ArtifactStore } from './artifacts';
import { LocalObjectStore, type ObjectStore } from './object-store';
import { S3ObjectStore, type S3Options } from './s3-object-store';

// The same tests for the local disk and for an S3-compatible server (s3rver in its own process).
let s3: S3Server;
const dir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-objects-'));
beforeAll(async () => {
  s3 = await startS3Server();
}, 30_000);
afterAll(async () => {
  await s3?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const s3Options = (prefix: string, presignSeconds = 0): S3Options => ({
  endpoint: s3.endpoint, publicEndpoint: '', region: 'us-east-1', bucket: s3.bucket, prefix,
  accessKeyId: s3.env.S3_ACCESS_KEY_ID, secretAccessKey: s3.env.S3_SECRET_ACCESS_KEY, forcePathStyle: true, presignSeconds,
});

const stores: Array<[string, (name: string) => ObjectStore]> = [
  ['local disk', (name) => new LocalObjectStore(path.join(dir, name), { sync: true })],
  ['S3', (name) => new S3ObjectStore(s3Options(`${name}/`))],
];

describe.each(stores)('object store on %s', (_kind, open) => {
  test('an artifact is stored once under its hash, read whole, by range and as text; a missing one is null or NOT_FOUND', async () => {
    const artifacts = new ArtifactStore(open('artifacts'));
    await artifacts.init();
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    const stored = await artifacts.put(bytes);
    expect(stored).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
    expect(await artifacts.put(bytes)).toEqual(stored);
    expect(await artifacts.sizeOf(stored.sha256)).toBe(bytes.length);
    expect((await buffer(await artifacts.read(stored.sha256))).equals(bytes)).toBe(true);
    expect((await buffer(await artifacts.read(stored.sha256, { start: 65_530, end: 65_549 })))).toEqual(bytes.subarray(65_530, 65_550));

    const text = await artifacts.put('<p>政策解读</p>');
    expect(await artifacts.readText(text.sha256)).toBe('<p>政策解读</p>');

    const absent = '0'.repeat(64);
    expect(await artifacts.sizeOf(absent)).toBeNull();
    expect(await artifacts.exists(absent)).toBe(false);
    expect(await artifacts.readText(absent)).toBeNull();
    await expect(artifacts.read(absent)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(artifacts.read('../../etc/passwd')).rejects.toBeInstanceOf(PublisherError);
    expect(await artifacts.sizeOf('../../etc/passwd')).toBeNull();
  });

  test('a file on disk is stored by its hash and comes back as a file for ffmpeg', async () => {
    const artifacts = new ArtifactStore(open('files'));
    await artifacts.init();
    const work = mkdtempSync(path.join(dir, 'work-'));
    const video = Buffer.alloc(3_000_000, 7);
    video.write('ftyp', 4);
    writeFileSync(path.join(work, 'clip.mp4'), video);
    const stored = await artifacts.putFile(path.join(work, 'clip.mp4'));
    expect(stored.size).toBe(video.length);
    expect(await artifacts.sizeOf(stored.sha256)).toBe(video.length);
    await artifacts.copyToFile(stored.sha256, path.join(work, 'segment-0.mp4'));
    expect(readFileSync(path.join(work, 'segment-0.mp4')).equals(video)).toBe(true);
  });

  test('the render cache keeps drawn images by key and refuses a key that is not one', async () => {
    const cache = new StoredRenderCache(open('render-cache'));
    const key = `cover-${'ab12'.repeat(8)}`;
    expect(await cache.get(key)).toBeNull();
    await cache.put(key, Buffer.from('png bytes'));
    expect((await cache.get(key))?.toString()).toBe('png bytes');
    await expect(cache.put('../x', Buffer.from('no'))).rejects.toThrow('渲染缓存的键不合规');
  });
});

test('S3 with presigning: a URL that serves the file (and a range of it) with the name and type it was asked for', async () => {
  const artifacts = new ArtifactStore(new S3ObjectStore(s3Options('presigned/', 300)));
  const stored = await artifacts.put(Buffer.from('0123456789'));
  // An ASCII name: s3rver checks a query's ' and * against encodeURIComponent, not SigV4's encoding, so it refuses the
  // filename*=UTF-8'' of a Chinese name that AWS, MinIO and OSS take (the SDK signs them right).
  const url = await artifacts.presignedUrl(stored.sha256, { disposition: 'inline; filename="jiedu.mp4"', type: 'video/mp4' });
  expect(url).toMatch(/X-Amz-Signature=/);
  const response = await fetch(url!, { headers: { range: 'bytes=2-5' } });
  expect(response.status).toBe(206);
  expect(response.headers.get('content-type')).toBe('video/mp4');
  expect(response.headers.get('content-disposition')).toBe('inline; filename="jiedu.mp4"');
  expect(await response.text()).toBe('2345');
  // Readers outside the cluster get the public address (S3_PUBLIC_ENDPOINT), the processes keep the internal one.
  const outside = new ArtifactStore(new S3ObjectStore({ ...s3Options('presigned/', 300), publicEndpoint: 'https://files.example.gov.cn' }));
  expect(await outside.presignedUrl(stored.sha256, { disposition: 'inline', type: 'video/mp4' })).toMatch(new RegExp(`^https://files\\.example\\.gov\\.cn/${s3.bucket}/presigned/`));
  // Without presigning (the default) and on disk the API serves files itself.
  expect(await new ArtifactStore(new S3ObjectStore(s3Options('presigned/'))).presignedUrl(stored.sha256, { disposition: 'inline', type: 'video/mp4' })).toBeNull();
  expect(await ArtifactStore.onDisk(path.join(dir, 'plain')).presignedUrl(stored.sha256, { disposition: 'inline', type: 'video/mp4' })).toBeNull();
});

test('a store that refuses the credentials stops the process at start with what to check', async () => {
  const wrong = new ArtifactStore(new S3ObjectStore({ ...s3Options('x/'), secretAccessKey: 'not-the-secret' }));
  await expect(wrong.init()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining('S3_ENDPOINT') });
});

test('STORAGE=s3 without a bucket, or with a key but no secret, stops the process naming the variable', () => {
  const base = { STRAPI_TOKEN: 'x'.repeat(16), HOOK_SECRET: 'y'.repeat(16) };
  expect(parseConfig(base).STORAGE).toBe('local');
  expect(() => parseConfig({ ...base, STORAGE: 's3' })).toThrow('S3_BUCKET');
  expect(() => parseConfig({ ...base, STORAGE: 's3', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'k' })).toThrow('S3_SECRET_ACCESS_KEY');
  expect(() => parseConfig({ ...base, STORAGE: 's3', S3_BUCKET: 'b', S3_PREFIX: 'no-slash' })).toThrow('S3_PREFIX');
  expect(parseConfig({ ...base, STORAGE: 's3', S3_BUCKET: 'b', S3_ENDPOINT: 'http://minio:9000' })).toMatchObject({ S3_FORCE_PATH_STYLE: true, S3_PRESIGN: false });
});
