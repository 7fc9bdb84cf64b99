import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateInterpretations } from '../../cms/src/seed/generate';
import type { DemoContent } from '../../cms/src/seed/demo-schema';
import { BASE_DICTIONARY } from '../../publisher/src/norms/base-dictionary';
import type { NormEntry } from '../../publisher/src/norms/entries';
import { scanLiveWording } from '../../publisher/src/norms/live-scan';
import { NormsMatcher } from '../../publisher/src/norms/matcher';
import { createDb, migrate } from '../../publisher/src/store/db';
import type { Figure } from './report';
import { informative, judged } from './verdict';

const CHANNELS = ['web', 'feeds', 'wechat', 'weibo', 'kiosk', 'short-video', 'cinema'] as const;

/**
 * After the office changes the norms dictionary, every live rendition is checked again
 * (publisher/src/norms/live-scan.ts): 20,000 live renditions — 2,858 distinct generated
 * interpretations on seven channels, each payload shaped like its channel's (HTML article,
 * feed summary, post text, kiosk item, subtitle cues) — in a SQLite store, scanned once, then
 * again after an entry is added, with a 100,000-entry dictionary. Beside it, the naive loop of `includes` over the dictionary's
 * entries for the same renditions (timed on a sample and scaled).
 */
export async function measureNormsRescan(renditions = 20_000): Promise<Figure[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-rescan-'));
  const db = createDb(`file:${path.join(dir, 'store.db')}`);
  try {
    await migrate(db);
    const demo = JSON.parse(readFileSync(path.join(__dirname, '../../cms/src/seed/demo-content.json'), 'utf8')) as DemoContent;
    const documents = generateInterpretations(demo, Math.ceil(renditions / CHANNELS.length));
    const at = new Date().toISOString();
    const departmentName = new Map(demo.departments.map((d) => [d.code, d.name]));
    const rows = documents.flatMap((doc, index) => CHANNELS.map((channel) => ({ doc: unique(doc, index), channel }))).slice(0, renditions);
    for (let i = 0; i < rows.length; i += 500) {
      const batch = rows.slice(i, i + 500);
      const inserted = await db.insertInto('renditions').values(batch.map(({ doc, channel }) => ({
        document_id: doc.slug, channel, hash: 'h1', status: 'live' as const, progress: 100, payload: JSON.stringify(payloadOf(doc, channel, departmentName.get(doc.department) ?? '')), artifacts: '[]',
        listings: '[]', error_code: null, error_message: null, attempts: 1, created_at: at, updated_at: at, live_at: at, render_ms: 1, job_id: null, generation: 0, latency_ms: 1,
      }))).returning('id').execute();
      await db.insertInto('live').values(batch.map(({ doc, channel }, j) => ({
        channel, document_id: doc.slug, rendition_id: inserted[j].id, hash: 'h1', title: doc.title, published_at: at, updated_at: at,
      }))).execute();
    }
    const names = demo.departments.map((d) => ({ name: d.name, of: '部门' }));
    // A province's accumulated list: the base list and generated entries to 100,000 (characters of CJK
    // Extension A, which these texts never contain: they cost the matcher without flooding the findings).
    const dictionary: NormEntry[] = [...BASE_DICTIONARY];
    for (let i = 0; dictionary.length < 100_000; i += 1) {
      dictionary.push({ kind: 'typo', wrong: String.fromCodePoint(0x3400 + (i % 6000), 0x3400 + ((i * 7) % 6000), 0x3400 + Math.floor(i / 6000)), right: '（生成）', severity: 'general', source: 'bench', since: null });
    }
    let matcher = new NormsMatcher(dictionary, names, 'v1');
    const services = { db, artifacts: { readText: async () => null }, norms: { matcher: async () => matcher }, clock: () => new Date() };
    await scanLiveWording(services);
    // The office renames a department: a new dictionary version, every rendition scanned again.
    const renamed = demo.departments.find((d) => d.code === documents[0].department)!;
    matcher = new NormsMatcher([...dictionary, { kind: 'outdated', wrong: renamed.name, right: `${renamed.name}服务中心`, severity: 'serious', source: 'bench', since: '2026-12-01' }], names, 'v2');
    const started = performance.now();
    const result = await scanLiveWording(services);
    const rescanS = (performance.now() - started) / 1000;
    const idleStarted = performance.now();
    await scanLiveWording(services); // nothing changed: what the two-minute schedule costs
    const idleMs = performance.now() - idleStarted;

    const sample = await db.selectFrom('renditions').select('payload').limit(50).execute();
    const naiveStarted = performance.now();
    let hits = 0;
    for (const r of sample.slice(0, 50)) for (const e of dictionary) if (r.payload!.includes(e.wrong)) hits += 1;
    const naiveS = ((performance.now() - naiveStarted) / 1000) * (renditions / 50);
    return [
      judged({
        name: `表述规范库变更后复查全部在线渲染（${renditions.toLocaleString('en')} 份）`, goal: [{ figure: 'seconds', is: '≤', limit: 60, unit: ' s' }], figures: { seconds: rescanS },
        measured: `${rescanS.toFixed(1)} s（扫描 ${result.scanned} 份，新发现 ${result.found} 处；无变化时一次巡查 ${idleMs.toFixed(0)} ms）`,
        ratio: `逐条 includes（同样 ${dictionary.length.toLocaleString('en')} 条、不去标记不分词）约 ${naiveS.toFixed(0)} s`, raw: { rescanS, idleMs, naiveS, hits, found: result.found },
      }),
      informative({ name: '表述规范复查：逐条 includes（50 份抽样按比例推算）', measured: `约 ${naiveS.toFixed(0)} s` }),
    ];
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

type Doc = DemoContent['interpretations'][number];

/** Each generated document its own words (a province's documents differ), so nothing is checked once for many. */
function unique(doc: Doc, index: number): Doc {
  const n = `（第${index + 1}号）`;
  return { ...doc, digest: doc.digest + n, body: doc.body + n, keyPoints: doc.keyPoints.map((k) => ({ heading: k.heading, text: k.text + n })), qa: doc.qa.map((q) => ({ question: q.question, answer: q.answer + n })) };
}

/** A payload shaped like the channel's own: what the scan reads. */
function payloadOf(doc: Doc, channel: (typeof CHANNELS)[number], department: string): object {
  const html = doc.body.split(/\n+/).map((p) => `<p>${p}</p>`).join('');
  const points = doc.keyPoints.map((k) => `<h3>${k.heading}</h3><p>${k.text}</p>`).join('');
  switch (channel) {
    case 'web': return { title: doc.title, digest: doc.digest, html: html + points, qa: doc.qa, department };
    case 'feeds': return { title: doc.title, summary: doc.digest, contentHtml: html };
    case 'wechat': return { title: doc.title, digest: doc.digest, author: department, content: `<section>${html}${points}<p>来源：${department}</p></section>`, contentSourceUrl: `https://example.gov.cn/${doc.slug}.html` };
    case 'weibo': return { text: `【${doc.title}】${doc.digest}`.slice(0, 140), panels: doc.keyPoints.map((k) => k.heading) };
    case 'kiosk': return { title: doc.title, html: html + points, qa: doc.qa, department };
    default: return { title: doc.title, seconds: 60, narration: { cues: [...doc.keyPoints.map((k) => k.text), ...doc.qa.map((q) => q.answer)].map((text, i) => ({ start: i * 5, end: i * 5 + 5, text })) } };
  }
}
