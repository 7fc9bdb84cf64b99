import { existsSync } from 'node:fs';
import path from 'node:path';

/** Polls a URL until it answers (any status below 500), for "ready" lines that are true. */
export async function waitForHttp(url, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} 在 ${timeoutMs / 1000} 秒内没有响应`);
}

/** The processes `npm start` runs; a part appears here as soon as its entry point exists. */
export function partsToStart(root, env) {
  const cmsPort = env.PORT_CMS ?? '1337';
  const apiPort = env.PUBLISHER_PORT ?? '4000';
  const cmsUrl = `http://localhost:${cmsPort}`;
  const apiUrl = `http://localhost:${apiPort}`;
  const parts = [
    {
      name: 'cms',
      cwd: path.join(root, 'cms'),
      args: [path.join(root, 'cms', 'scripts', 'run.js')],
      // PUBLIC_URL is the publisher's address for readers; the CMS's own is CMS_PUBLIC_URL (as in docker-compose.yml), else relative so the admin opens by any host name.
      env: { PORT: cmsPort, PUBLIC_URL: env.CMS_PUBLIC_URL ?? '', PUBLISHER_HOOK_URL: env.PUBLISHER_HOOK_URL ?? `${apiUrl}/hooks/strapi` },
      listens: `${cmsUrl}/admin （后台）  ${cmsUrl}/api （REST）`,
      ready: () => waitForHttp(`${cmsUrl}/_health`),
    },
  ];
  const publisherEnv = { PORT: apiPort, STRAPI_URL: env.STRAPI_URL ?? cmsUrl };
  if (existsSync(path.join(root, 'publisher', 'src', 'main', 'api.ts'))) {
    parts.push({
      name: 'publisher',
      cwd: path.join(root, 'publisher'),
      args: ['--import', 'tsx', 'src/main/api.ts'],
      env: publisherEnv,
      listens: `${apiUrl}/graphql （GraphQL）  ${apiUrl}/feeds  ${apiUrl}/sites  ${apiUrl}/status`,
      ready: () => waitForHttp(`${apiUrl}/healthz`),
    });
  }
  if (existsSync(path.join(root, 'publisher', 'src', 'main', 'worker.ts'))) {
    parts.push({
      name: 'worker',
      cwd: path.join(root, 'publisher'),
      args: ['--import', 'tsx', 'src/main/worker.ts'],
      env: publisherEnv,
      listens: '（渲染队列，无端口）',
    });
  }
  return parts;
}
