import { buildApp } from '../../../publisher/src/api/server';
import { Reconciler } from '../../../publisher/src/ingest/reconciler';
import { startWorkers } from '../../../publisher/src/pipeline/workers';
import { wireServices } from '../../../publisher/src/main/wiring';
import { noticeBoardChannel } from './channel';

/**
 * The publisher's API and one worker in one process, wired with the notice board registered as an
 * extra channel (the only difference from main/api.ts and main/worker.ts): run with `node --import tsx`.
 */
async function main() {
  const services = await wireServices('fixture-channel', process.env, () => new Date(), { extraChannels: [noticeBoardChannel] });
  await services.counters.connect().catch(() => undefined);
  const reconciler = new Reconciler(services);
  const app = await buildApp(services, reconciler);
  await app.listen({ port: services.config.PORT, host: services.config.HOST });
  const workers = startWorkers(services);
  reconciler.start();
  const stop = async () => {
    reconciler.stop();
    await Promise.all(workers.map((w) => w.close()));
    await app.close();
    await services.counters.disconnect();
    await services.queues.close();
    await services.db.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
