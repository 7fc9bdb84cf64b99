import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { PRODUCTION_SECRETS, SETTINGS_VARIABLES, STRAPI_VARIABLES } from '../cms/src/settings';
import { configSchema } from '../publisher/src/config';
import { REPO } from './support/cms';

/** No Docker engine runs here, so the production shape is checked by reading it. */
const compose = parse(readFileSync(path.join(REPO, 'docker-compose.yml'), 'utf8'), { merge: true });
const services = compose.services as Record<string, any>;
const publisherVariables = Object.keys(configSchema.shape);
const requiredPublisherVariables = Object.entries(configSchema.shape)
  .filter(([, schema]) => !(schema as any).safeParse(undefined).success)
  .map(([key]) => key);

describe('docker-compose.yml', () => {
  it('has postgres, redis, cms, and scalable API replicas and workers behind a proxy', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'cms', 'postgres', 'proxy', 'redis', 'worker']);
    for (const name of ['api', 'worker']) {
      expect(services[name].deploy.replicas).toBeGreaterThanOrEqual(2);
      expect(services[name].ports).toBeUndefined(); // scaling must not fight over a host port
    }
    expect(readFileSync(path.join(REPO, 'docker-compose.yml'), 'utf8')).toContain('docker compose up -d --scale api=2 --scale worker=3');
    // The proxy alone has the publisher's host port and sends to every replica Docker's DNS names "api".
    expect(services.proxy.ports).toEqual(['4000:4000']);
    const [caddyfile] = (services.proxy.volumes as string[]).filter((v) => v.endsWith(':/etc/caddy/Caddyfile:ro')).map((v) => v.split(':')[0]);
    const config = readFileSync(path.join(REPO, caddyfile), 'utf8');
    expect(config).toMatch(/^:4000 \{/m);
    expect(config).toMatch(/dynamic a api 4000/);
    expect(services.api.environment.PORT).toBe('4000');
  });

  it('builds from Dockerfiles that exist', () => {
    for (const name of ['cms', 'api', 'worker']) {
      expect(existsSync(path.join(REPO, services[name].build.dockerfile))).toBe(true);
    }
  });

  it('gives the CMS only variables it reads, including every production secret', () => {
    const known = new Set([...SETTINGS_VARIABLES, ...STRAPI_VARIABLES]);
    const given = Object.keys(services.cms.environment);
    expect(given.filter((v) => !known.has(v))).toEqual([]);
    expect(PRODUCTION_SECRETS.filter((v) => !given.includes(v))).toEqual([]);
    expect(services.cms.environment.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
  });

  it('gives the API and worker only variables of the config schema, and every required one', () => {
    for (const name of ['api', 'worker']) {
      const given = Object.keys(services[name].environment);
      expect(given.filter((v) => !publisherVariables.includes(v))).toEqual([]);
      expect(requiredPublisherVariables.filter((v) => !given.includes(v))).toEqual([]);
    }
  });

  it('wires the CMS webhook and token to the publisher with the same secrets', () => {
    const cms = services.cms.environment;
    const publisher = services.api.environment;
    expect(cms.PUBLISHER_HOOK_URL).toBe('http://proxy:4000/hooks/strapi'); // any replica: it tells the others
    expect(cms.HOOK_SECRET).toBe(publisher.HOOK_SECRET);
    expect(cms.STRAPI_TOKEN).toBe(publisher.STRAPI_TOKEN);
    expect(publisher.STRAPI_URL).toBe('http://cms:1337');
    expect(publisher.REDIS_URL).toBe('redis://redis:6379');
  });

  it('lists every variable it reads in .env.example, which the operations guide tells operators to copy', () => {
    const read = new Set([...readFileSync(path.join(REPO, 'docker-compose.yml'), 'utf8').matchAll(/\$\{([A-Z_]+)[:?}-]/g)].map((m) => m[1]));
    const example = new Set([...readFileSync(path.join(REPO, '.env.example'), 'utf8').matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]));
    expect([...read].filter((v) => !example.has(v))).toEqual([]);
    expect([...example].filter((v) => !read.has(v))).toEqual([]);
    expect(readFileSync(path.join(REPO, 'docs', 'operations.md'), 'utf8')).toContain('cp .env.example .env');
  });

  it('lets Redis evict nothing, as BullMQ requires', () => {
    expect(services.redis.command.join(' ')).toContain('--maxmemory-policy noeviction');
  });
});
