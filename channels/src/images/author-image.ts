import type { Metadata, Sharp } from 'sharp';
import { RenditionRefused } from '../channel';
import type { Media } from '../document/types';
import { loadSharp } from '../media/libraries';

/**
 * Images authors upload (a cover photo): checked from the file's header before anything is
 * decoded, so a decompression bomb or a corrupt file fails that channel with a reason the author
 * can act on instead of exhausting the worker. Cropping keeps the author's focal point in frame.
 */
export const AUTHOR_IMAGE_LIMITS = {
  /** 40 megapixels: more than any phone camera or scanner delivers for a cover; a 100 MP file is a mistake or an attack. */
  pixels: 40_000_000,
  formats: ['jpeg', 'png', 'webp', 'gif', 'tiff'],
  /** 30 MB: a camera JPEG is under 15 MB; reading more into a worker's memory is not worth it. */
  bytes: 30 * 1024 * 1024,
};

/** Where the subject is, as percentages from the left and top (50/50 is the middle). */
export interface FocalPoint { x: number; y: number }

/** Width and height as the author sees the picture (EXIF rotation applied). */
export async function checkAuthorImage(bytes: Buffer, label: string): Promise<{ width: number; height: number; format: string }> {
  let meta: Metadata;
  try {
    meta = await loadSharp()(bytes).metadata();
  } catch {
    throw new RenditionRefused(`${label}已损坏或不是图片（支持 JPEG、PNG、WebP）：请重新上传`, [
      { level: 'error', field: 'cover', message: `${label}无法读取：请重新上传 JPEG、PNG 或 WebP 图片` },
    ]);
  }
  const { width = 0, height = 0, format = '' } = meta;
  refuseOutsideLimits({ width, height, format }, label);
  return (meta.orientation ?? 1) >= 5 ? { width: height, height: width, format } : { width, height, format };
}

/** Format names as sharp reports them, from the MIME type Strapi recorded at upload. */
const FORMAT_OF_MIME: Record<string, string> = { 'image/jpeg': 'jpeg', 'image/jpg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif', 'image/tiff': 'tiff', 'image/heic': 'heif', 'image/heif': 'heif', 'image/avif': 'heif', 'image/svg+xml': 'svg' };

/**
 * The same limits from what the CMS recorded at upload (width, height, MIME type), so preflight
 * refuses a 100-megapixel cover with the render's own words before anything is fetched. What the
 * CMS did not record is left to the check of the file itself.
 */
export function checkRecordedImage(media: Media, label: string): void {
  const format = FORMAT_OF_MIME[media.mime.toLowerCase()];
  if (format && !AUTHOR_IMAGE_LIMITS.formats.includes(format)) refuseOutsideLimits({ width: 1, height: 1, format }, label);
  if (media.width && media.height) refuseOutsideLimits({ width: media.width, height: media.height, format: AUTHOR_IMAGE_LIMITS.formats[0] }, label);
}

function refuseOutsideLimits({ width, height, format }: { width: number; height: number; format: string }, label: string): void {
  if (!AUTHOR_IMAGE_LIMITS.formats.includes(format) || width === 0 || height === 0) {
    throw new RenditionRefused(`${label}的格式（${format || '未知'}）不受支持：请上传 JPEG、PNG 或 WebP 图片`, [
      { level: 'error', field: 'cover', message: `${label}格式不受支持` },
    ]);
  }
  if (width * height > AUTHOR_IMAGE_LIMITS.pixels) {
    const megapixels = Math.round((width * height) / 1e6);
    throw new RenditionRefused(`${label}为 ${width}×${height}（${megapixels} 百万像素），超过 ${AUTHOR_IMAGE_LIMITS.pixels / 1e6} 百万像素的上限：请缩小后重新上传`, [
      { level: 'error', field: 'cover', message: `${label}像素过多（${megapixels} 百万像素）` },
    ]);
  }
}

/**
 * The largest rectangle of the target's aspect ratio that fits the image, centred on the focal
 * point as far as the edges allow; then scaled to the target size. Without a focal point sharp's
 * attention strategy finds the most salient region.
 */
export async function cropAuthorImage(bytes: Buffer, label: string, target: { width: number; height: number }, focus: FocalPoint | null): Promise<Buffer> {
  const { width: w, height: h } = await checkAuthorImage(bytes, label);
  try {
    // EXIF rotation first (sharp applies operations in call order), so the focal point means what the author saw.
    const sharp = loadSharp();
    const upright = sharp(bytes, { limitInputPixels: AUTHOR_IMAGE_LIMITS.pixels }).rotate();
    let pipeline: Sharp;
    if (focus) {
      const scale = Math.min(w / target.width, h / target.height);
      const cropW = Math.min(w, Math.round(target.width * scale));
      const cropH = Math.min(h, Math.round(target.height * scale));
      const left = clamp(Math.round((focus.x / 100) * w - cropW / 2), 0, w - cropW);
      const top = clamp(Math.round((focus.y / 100) * h - cropH / 2), 0, h - cropH);
      pipeline = upright.extract({ left, top, width: cropW, height: cropH }).resize(target.width, target.height);
    } else {
      pipeline = upright.resize(target.width, target.height, { fit: 'cover', position: sharp.strategy.attention });
    }
    return await pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 85, mozjpeg: true }).toBuffer();
  } catch (error) {
    throw new RenditionRefused(`${label}无法解码（文件可能不完整）：请重新上传。${(error as Error).message}`, [
      { level: 'error', field: 'cover', message: `${label}无法解码` },
    ]);
  }
}

function clamp(value: number, min: number, max: number) {
  return Math.max(min, Math.min(max, value));
}
