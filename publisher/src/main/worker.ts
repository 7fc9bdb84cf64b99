import { ConfigError } from '../config';
import { startWorkers } from '../pipeline/workers';
import { onShutdown, wireServices } from './wiring';

/** `npm run worker --workspace publisher`: render workers; scale by running more of them. */
async function main() {
  const services = await wireServices('worker');
  const workers = startWorkers(services);
  services.logger.info({ concurrency: services.config.WORKER_CONCURRENCY }, '渲染工作进程已启动');
  onShutdown(services, [
    // close() stops taking jobs and waits for the running ones to finish.
    ['drain workers', () => Promise.all(workers.map((w) => w.close()))],
    ['close queues', () => services.queues.close()],
    ['close database', () => services.db.destroy()],
  ]);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
