import { detectSpeech, resolveFfmpeg } from '@tongyuan/channels';
import { ConfigError } from '../config';
import { startWorkers } from '../pipeline/workers';
import { onShutdown, wireServices } from './wiring';

/** `npm run worker --workspace publisher`: render workers; scale by running more of them. */
async function main() {
  const services = await wireServices('worker');
  const workers = startWorkers(services);
  await services.queues.scheduleReelSweep();
  services.logger.info({ concurrency: services.config.WORKER_CONCURRENCY, channels: services.channels.map((c) => c.code) }, '渲染工作进程已启动');
  reportMediaTools(services);
  onShutdown(services, [
    // close() stops taking jobs and waits for the running ones to finish.
    ['drain workers', () => Promise.all(workers.map((w) => w.close()))],
    ['close queues', () => services.queues.close()],
    ['close database', () => services.db.destroy()],
  ]);
}

/** Which ffmpeg and which voice this worker will use, said once at start (a missing one is an error, not a surprise at 2 a.m.). */
function reportMediaTools(services: Awaited<ReturnType<typeof wireServices>>) {
  if (!services.channels.some((c) => c.code === 'cinema' || c.code === 'short-video')) return;
  try {
    const ffmpeg = resolveFfmpeg();
    services.logger.info({ source: ffmpeg.source, path: ffmpeg.path, version: ffmpeg.version }, '视频编码：ffmpeg');
  } catch (error) {
    services.logger.error({ err: (error as Error).message }, '视频渠道无法渲染：没有可用的 ffmpeg');
  }
  const speech = detectSpeech();
  if (speech) services.logger.info(speech, '配音：espeak-ng 普通话');
  else services.logger.warn('未安装 espeak-ng（或缺少普通话语音）：视频无配音，字幕按阅读速度计时。安装：apt-get install espeak-ng');
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
