import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findSpeech, NO_CACHE, RenditionRefused, type RenderCache, type RenderContext, type SpeechPreference } from '@tongyuan/channels';
import { temporaryFolder } from './temporary-folders';

/** A render context outside the publisher: artifacts land in a temp folder under their own names. */
export function localRenderContext(options: { cacheDir?: string; progress?: number[]; uploads?: Record<string, Buffer>; cache?: RenderCache; speech?: SpeechPreference } = {}) {
  const outDir = temporaryFolder('tongyuan-render-');
  const cacheDir = options.cacheDir ?? temporaryFolder('tongyuan-media-cache-');
  const files = new Map<string, string>();
  const record = (name: string, mime: string, file: string) => {
    files.set(name, file);
    const bytes = readFileSync(file);
    return { name, mime, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  };
  const ctx: RenderContext = {
    publicUrl: 'http://tongyuan.test',
    revisedOn: '2026-11-23',
    async writeArtifact(name, mime, data) {
      const file = path.join(outDir, name);
      writeFileSync(file, data);
      return record(name, mime, file);
    },
    async writeArtifactFile(name, mime, source) {
      const file = path.join(outDir, name);
      copyFileSync(source, file);
      return record(name, mime, file);
    },
    async reportProgress(percent) {
      options.progress?.push(percent);
    },
    cache: options.cache ?? NO_CACHE,
    async readMedia(media, maxBytes) {
      const bytes = options.uploads?.[media.url];
      if (!bytes) throw new RenditionRefused(`图片 ${media.url} 已不在媒体库中（已被删除）：请重新上传这张图片，再在用到它的地方重新选择`);
      if (bytes.length > maxBytes) throw new RenditionRefused(`图片 ${media.url} 超过上限`);
      return bytes;
    },
    async media() {
      const workDir = path.join(outDir, 'work');
      mkdirSync(workDir, { recursive: true });
      return { workDir, cacheDir, speech: await findSpeech(options.speech), timeoutMs: 300_000, reportProgress: ctx.reportProgress };
    },
  };
  return { ctx, files, outDir, cacheDir };
}
