import { previewLinkProblem, previewPath } from './preview-link';

/** The address Strapi's Preview opens: only for the two published types, only with a publisher, good for an hour. */
const env = { HOOK_SECRET: 'unit-test-hook-secret-0123456789', PUBLISHER_HOOK_URL: 'http://127.0.0.1:4000/hooks/strapi' };
const saved = { ...process.env };
beforeEach(() => Object.assign(process.env, env));
afterEach(() => {
  process.env = { ...saved };
});

const partsOf = (path: string) => {
  const url = new URL(path, 'http://cms');
  return { expires: url.searchParams.get('expires'), signature: url.searchParams.get('signature'), path: url.pathname };
};

it('signs an hour-long address for an interpretation or policy document, and none for other types', () => {
  const now = Date.UTC(2026, 11, 3, 6, 0, 0);
  const link = partsOf(previewPath('api::interpretation.interpretation', 'abc123', now)!);
  expect(link.path).toBe('/api/tongyuan/preview-page/interpretation/abc123');
  expect(Number(link.expires)).toBe(now / 1000 + 3600);
  expect(previewLinkProblem('interpretation', 'abc123', link.expires, link.signature, now + 3599_000)).toBeNull();
  expect(previewLinkProblem('interpretation', 'abc123', link.expires, link.signature, now + 3601_000)).toMatch(/已过期/);
  expect(partsOf(previewPath('api::policy-document.policy-document', 'p1', now)!).path).toBe('/api/tongyuan/preview-page/policy-document/p1');
  expect(previewPath('api::question.question', 'q1', now)).toBeNull();
  expect(previewPath('api::interpretation.interpretation', undefined, now)).toBeNull();
});

it('refuses an address for another document, a later expiry, a forged signature, or one signed with another secret', () => {
  const now = Date.now();
  const link = partsOf(previewPath('api::interpretation.interpretation', 'abc123', now)!);
  expect(previewLinkProblem('interpretation', 'other', link.expires, link.signature, now)).toMatch(/无效/);
  expect(previewLinkProblem('policy-document', 'abc123', link.expires, link.signature, now)).toMatch(/无效/);
  expect(previewLinkProblem('interpretation', 'abc123', String(Number(link.expires) + 86_400), link.signature, now)).toMatch(/无效/);
  expect(previewLinkProblem('interpretation', 'abc123', link.expires, 'forged', now)).toMatch(/无效/);
  expect(previewLinkProblem('interpretation', 'abc123', link.expires, undefined, now)).toMatch(/无效/);
  process.env.HOOK_SECRET = 'another-secret-of-sixteen-chars-or-more';
  expect(previewLinkProblem('interpretation', 'abc123', link.expires, link.signature, now)).toMatch(/无效/);
});

it('gives no address when the CMS has no publisher to draw it', () => {
  delete process.env.PUBLISHER_HOOK_URL;
  expect(previewPath('api::interpretation.interpretation', 'abc123')).toBeNull();
});
