import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { findSpeech, resolveFfmpeg, speechLabel } from '@tongyuan/channels';
import { ConfigError } from '../config';
import { startWorkers } from '../pipeline/workers';
import { onShutdown, wireServices } from './wiring';

/** `npm run worker --workspace publisher`: render workers; scale by running more of them. */
async function main() {
  const services = await wireServices('worker');
  const workers = startWorkers(services);
  await services.queues.scheduleReelSweep();
  await services.queues.schedulePolicyPushSweep();
  await services.queues.scheduleQuestionSweep();
  await services.queues.scheduleInspection();
  services.holidays.start(services.config.HOLIDAY_REFRESH_MS);
  await services.referenceSignals.listen(); // the wording scans and the question sweep use the same norms and holidays as the API
  services.logger.info({ concurrency: services.config.WORKER_CONCURRENCY, channels: services.channels.map((c) => c.code) }, '渲染工作进程已启动');
  void reportMediaTools(services);
  await removeStaleWork(services);
  onShutdown(services, [
    // close() stops taking jobs and waits for the running ones to finish.
    ['drain workers', () => Promise.all(workers.map((w) => w.close()))],
    ['stop holiday refresh', () => services.holidays.stop()],
    ['stop hearing reference changes', () => services.referenceSignals.close()],
    ['close counters', async () => services.counters.disconnect()],
    ['close queues', () => services.queues.close()],
    ['close database', () => services.db.destroy()],
  ]);
}

/** Which ffmpeg and which voice this worker will use, said once at start (a missing one is an error, not a surprise at 2 a.m.). */
async function reportMediaTools(services: Awaited<ReturnType<typeof wireServices>>) {
  if (!services.channels.some((c) => c.workload === 'video')) return;
  try {
    const ffmpeg = resolveFfmpeg();
    services.logger.info({ source: ffmpeg.source, path: ffmpeg.path, version: ffmpeg.version }, '视频编码：ffmpeg');
  } catch (error) {
    services.logger.error({ err: (error as Error).message }, '视频渠道无法渲染：没有可用的 ffmpeg');
  }
  // Only a report: every video job looks for its engine again, so one fixed later is used at once.
  const speech = await findSpeech(services.config.SPEECH_ENGINE);
  if (speech.engine) services.logger.info(speech.engine, `配音：${speechLabel(speech.engine)} 普通话`);
  else services.logger.warn(`${speech.reason}；字幕按阅读速度计时`);
}

/**
 * Scratch folders of renders whose worker was killed (SIGKILL, power loss) are left behind; other
 * workers may share the cache, so only folders untouched for a day are removed.
 */
async function removeStaleWork(services: Awaited<ReturnType<typeof wireServices>>) {
  const dayAgo = Date.now() - 86_400_000;
  let removed = 0;
  for (const dir of ['work', 'tmp'].map((d) => path.join(services.config.MEDIA_CACHE_DIR, d))) {
    const entries = await readdir(dir).catch(() => [] as string[]);
    for (const entry of entries) {
      const full = path.join(dir, entry);
      const info = await stat(full).catch(() => null);
      if (info && info.mtimeMs < dayAgo) {
        await rm(full, { recursive: true, force: true });
        removed += 1;
      }
    }
  }
  if (removed) services.logger.info({ removed }, '已清理中断渲染留下的临时文件夹');
  const images = await services.renderCache.sweep(services.config.RENDER_CACHE_DAYS);
  if (images) services.logger.info({ removed: images, days: services.config.RENDER_CACHE_DAYS }, '已清理长期未用的图片缓存');
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
