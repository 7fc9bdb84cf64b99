import { buildApp } from '../api/server';
import { ConfigError } from '../config';
import { Reconciler } from '../ingest/reconciler';
import { onShutdown, wireServices } from './wiring';

/** `npm start --workspace publisher`: the HTTP API and the reconciler. */
async function main() {
  const services = await wireServices('api');
  const reconciler = new Reconciler(services);
  await services.counters.connect().catch(() => undefined); // Redis away: counts are skipped or kept in memory until it is back
  await services.referenceSignals.listen(); // a reference webhook taken by another replica reaches this one's copies
  const app = await buildApp(services, reconciler);
  await app.listen({ port: services.config.PORT, host: services.config.HOST });
  reconciler.start();
  services.holidays.start(services.config.HOLIDAY_REFRESH_MS);
  services.logger.info({ port: services.config.PORT }, `发布服务已启动：${services.config.PUBLIC_URL}`);
  onShutdown(services, [
    ['stop reconciler', () => reconciler.stop()],
    ['stop holiday refresh', () => services.holidays.stop()],
    ['close http (drains requests)', () => app.close()],
    ['close report Chromium', () => services.reportPrinter.close()],
    ['write usage counts', () => services.usage.flush()],
    ['stop hearing reference changes', () => services.referenceSignals.close()],
    ['close counters (question guard, rate limit)', async () => services.counters.disconnect()],
    ['close queues', () => services.queues.close()],
    ['close database', () => services.db.destroy()],
  ]);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
