import { ADMIN } from '../../test/support/cms';
import type { Stack } from '../../test/support/stack';
import { adminLogin, contentManager, INTERPRETATION } from '../../test/support/strapi-api';
import { percentile, type Figure } from './report';
import { judged } from './verdict';

/**
 * Publish-to-live: from the moment an author's Publish request is sent to Strapi until the page
 * is served by the publisher (web) and the entry is in the site's feed (feeds), one at a time.
 */
export async function measurePublishLatency(stack: Stack, count: number): Promise<Figure[]> {
  const cm = contentManager(stack.cms.url, await adminLogin(stack.cms.url, ADMIN.email, ADMIN.password));
  const channels = (await cm.list('api::channel.channel')).body.results.filter((c: any) => ['web', 'feeds'].includes(c.code)).map((c: any) => c.documentId);
  // By its code: a province's installation has more sites than one page (the cost-curve benchmark's 147).
  const site = (await cm.list('api::site.site', 'page=1&pageSize=10&filters[code][$eq]=juxian-portal')).body.results.find((s: any) => s.code === 'juxian-portal').documentId;
  const run = Date.now().toString(36);
  const web: number[] = [];
  const feeds: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const slug = `bench-${run}-${i}`;
    const created = await cm.create(INTERPRETATION, {
      title: `基准测试解读 ${i}`, slug, stage: 'office_signoff', body: '正文'.repeat(200), channels, sites: [site],
      keyPoints: [{ heading: '要点', text: '内容' }], qa: [{ question: '问', answer: '答' }],
    });
    const started = performance.now();
    await cm.publish(INTERPRETATION, created.body.data.documentId);
    let webAt = 0;
    let feedAt = 0;
    while (!webAt || !feedAt) {
      if (!webAt && (await fetch(`${stack.url}/sites/juxian-portal/interpretations/${slug}.html`)).status === 200) webAt = performance.now();
      if (!feedAt && (await (await fetch(`${stack.url}/feeds/juxian-portal/interpretations.json`)).text()).includes(`基准测试解读 ${i}"`)) feedAt = performance.now();
      if (performance.now() - started > 30_000) throw new Error(`publish ${i} not live after 30 s`);
      await new Promise((r) => setTimeout(r, 5));
    }
    web.push(webAt - started);
    feeds.push(feedAt - started);
  }
  const figure = (channel: string, samples: number[]): Figure => {
    const p50 = percentile(samples, 50);
    const p95 = percentile(samples, 95);
    return judged({
      name: `publish→live ${channel} p50 / p95 (${count} publishes)`,
      goal: [{ figure: 'p95', is: '<', limit: 1000, unit: ' ms' }], figures: { p50, p95 },
      measured: `${Math.round(p50)} ms / ${Math.round(p95)} ms`,
      raw: { samplesMs: samples.map(Math.round), max: Math.max(...samples) },
    });
  };
  return [figure('web', web), figure('feeds', feeds)];
}
