import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { PublisherError } from '../errors';
import { notFound, type ByteRange, type ObjectStore } from './object-store';

export interface S3Options {
  /** Empty: AWS itself, by region. MinIO, Ceph RGW, Alibaba OSS: their address. */
  endpoint: string;
  /** The address readers reach for presigned URLs, when it differs from `endpoint` (an internal one); empty: `endpoint`. */
  publicEndpoint: string;
  region: string;
  bucket: string;
  /** Prepended to every key (several deployments or uses in one bucket). */
  prefix: string;
  /** Empty: the SDK's own chain (environment, instance role). */
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
  /** Seconds a presigned URL lasts; 0 serves every download through the API. */
  presignSeconds: number;
}

const clientOf = (options: S3Options, endpoint: string) => new S3Client({
  ...(endpoint ? { endpoint } : {}),
  region: options.region,
  forcePathStyle: options.forcePathStyle,
  ...(options.accessKeyId ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } } : {}),
  // Checksums only where S3 requires them: several S3-compatible stores (older MinIO and Ceph RGW, OSS) refuse the
  // SDK's newer default (aws-chunked uploads with a CRC trailer); content addresses already name the bytes.
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});

const missing = (error: unknown) =>
  error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 404 || error.name === 'NoSuchKey' || error.name === 'NotFound');

/** No answer (refused, reset, timed out: the SDK has retried already) or a 5xx: the store is away, not the request wrong. */
const away = (error: unknown) => !(error instanceof S3ServiceException) || (error.$metadata.httpStatusCode ?? 0) >= 500;

/**
 * Objects in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, Alibaba OSS), so API and worker
 * processes on different machines share them. Only object requests (no bucket listing or
 * creation): the operator creates the bucket and, for the render cache, its lifecycle rule.
 */
export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;
  private readonly signer: S3Client;

  constructor(private readonly options: S3Options) {
    this.client = clientOf(options, options.endpoint);
    this.signer = options.publicEndpoint ? clientOf(options, options.publicEndpoint) : this.client;
  }

  get where() {
    return `s3://${this.options.bucket}/${this.options.prefix}`;
  }

  private key(key: string) {
    return `${this.options.prefix}${key}`;
  }

  /** A refused or unreachable store stops the process with what to check; a missing probe object is the good answer. */
  async init(): Promise<void> {
    try {
      await this.sizeOf('.probe');
    } catch (error) {
      const status = error instanceof S3ServiceException ? ` (HTTP ${error.$metadata.httpStatusCode ?? '?'} ${error.name})` : '';
      throw new PublisherError('STORE_UNAVAILABLE', `对象存储 ${this.where} 无法访问${status}：请检查 S3_ENDPOINT、S3_BUCKET、S3_REGION 和访问密钥`, { cause: error });
    }
  }

  /** Every request: a store that is away says so as OBJECT_STORE_UNAVAILABLE, which renders wait out (render-rendition.ts). */
  private async send<T>(what: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (missing(error) || !away(error)) throw error;
      const cause = error instanceof S3ServiceException ? `HTTP ${error.$metadata.httpStatusCode} ${error.name}` : String((error as Error).message ?? error);
      throw new PublisherError('OBJECT_STORE_UNAVAILABLE', `对象存储 ${this.where} 暂时无法访问（${what}：${cause}）：请检查对象存储服务；渲染会等它恢复后自动继续`, { cause: error });
    }
  }

  async sizeOf(key: string): Promise<number | null> {
    try {
      const head = await this.send('读取', () => this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.key(key) })));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (missing(error)) return null;
      throw error;
    }
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      const object = await this.send('读取', () => this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.key(key) })));
      return Buffer.from(await object.Body!.transformToByteArray());
    } catch (error) {
      if (missing(error)) return null;
      throw error;
    }
  }

  /** GetObject with the Range passed through: S3 sends only those bytes. */
  async read(key: string, range?: ByteRange): Promise<Readable> {
    try {
      const object = await this.send('读取', () => this.client.send(new GetObjectCommand({
        Bucket: this.options.bucket, Key: this.key(key), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
      })));
      return object.Body as Readable;
    } catch (error) {
      throw missing(error) ? notFound(error) : error;
    }
  }

  async put(key: string, data: Buffer): Promise<void> {
    await this.send('写入', () => this.client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: this.key(key), Body: data, ContentLength: data.length })));
  }

  /** One PutObject streamed from the file (up to 5 GB, far above any rendition). */
  async putFile(key: string, file: string): Promise<void> {
    const { size } = await stat(file);
    await this.send('写入', () => this.client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: this.key(key), Body: createReadStream(file), ContentLength: size })));
  }

  async copyToFile(key: string, file: string): Promise<void> {
    await pipeline(await this.read(key), createWriteStream(file, { flags: 'wx' }));
  }

  async presignedUrl(key: string, response: { disposition: string; type: string }): Promise<string | null> {
    if (this.options.presignSeconds === 0) return null;
    const command = new GetObjectCommand({
      Bucket: this.options.bucket, Key: this.key(key), ResponseContentDisposition: response.disposition, ResponseContentType: response.type,
    });
    return getSignedUrl(this.signer, command, { expiresIn: this.options.presignSeconds });
  }

  /** A hit costs no write: how long an image stays is the lifecycle rule's (days since written). */
  async touch(): Promise<void> {}

  async sweep(): Promise<number> {
    return 0;
  }
}
