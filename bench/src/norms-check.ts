import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BASE_DICTIONARY } from '../../publisher/src/norms/base-dictionary';
import type { NormEntry } from '../../publisher/src/norms/entries';
import { NormsMatcher } from '../../publisher/src/norms/matcher';
import { percentile, type Figure } from './report';
import { informative, judged } from './verdict';

/** A repeatable stream of numbers, so every run checks the same dictionary and documents. */
function seeded(seed: number) {
  let s = seed;
  return () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

/**
 * One 5,000-character document against a 100,000-entry norms dictionary (the base list and
 * generated entries of 2–8 common characters, as a province's accumulated list would be), compiled
 * once per dictionary version; beside a naive loop of `includes` over the entries on the same texts.
 */
export async function measureNormsCheck(): Promise<Figure[]> {
  const random = seeded(20261203);
  const common = (n: number) => Array.from({ length: n }, () => String.fromCodePoint(0x4e00 + Math.floor(random() * 3500))).join('');
  const entries: NormEntry[] = [...BASE_DICTIONARY];
  while (entries.length < 100_000) entries.push({ kind: 'typo', wrong: common(2 + (entries.length % 7)), right: '（生成）', severity: 'general', source: 'bench', since: null });
  const demo = JSON.parse(readFileSync(path.join(__dirname, '../../cms/src/seed/demo-content.json'), 'utf8')) as { interpretations: Array<{ body: string; digest: string }> };
  const prose = demo.interpretations.map((i) => `${i.digest}${i.body}`).join('');
  const documents = Array.from({ length: 31 }, () => {
    const start = Math.floor(random() * (prose.length - 5000));
    const text = (prose + prose).slice(start, start + 4990);
    return `${text.slice(0, 2000)}，扫黑险恶，${text.slice(2000, 4000)}，国税局${text.slice(4000)}`.slice(0, 5000);
  });

  const built = performance.now();
  const matcher = new NormsMatcher(entries, [], 'bench');
  const buildMs = performance.now() - built;
  matcher.check(documents[0]); // warm-up
  const ours: number[] = [];
  let found = 0;
  for (const doc of documents.slice(1)) {
    const t = performance.now();
    found += matcher.check(doc).length;
    ours.push(performance.now() - t);
  }
  const naive: number[] = [];
  for (const doc of documents.slice(1, 11)) {
    const t = performance.now();
    let hits = 0;
    for (const e of entries) if (doc.includes(e.wrong)) hits += 1;
    naive.push(performance.now() - t);
    if (hits < 0) throw new Error('unreachable');
  }
  const p50 = percentile(ours, 50);
  const p95 = percentile(ours, 95);
  const naive50 = percentile(naive, 50);
  return [
    judged({
      name: '表述规范检查：5,000 字文档 × 100,000 条规范库', goal: [{ figure: 'p95', is: '≤', limit: 20, unit: ' ms' }], figures: { p50, p95 },
      measured: `p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms（编译规范库 ${(buildMs / 1000).toFixed(1)} s，每个版本一次；每篇找到 ${(found / ours.length).toFixed(1)} 处）`,
      ratio: `${(naive50 / p50).toFixed(1)}× 快于逐条 includes`, raw: { samplesMs: ours.map((v) => Math.round(v * 10) / 10), buildMs: Math.round(buildMs) },
    }),
    informative({ name: '表述规范检查：逐条 includes（同一规范库、同样文档，不分词不折叠）', measured: `p50 ${naive50.toFixed(1)} ms`, raw: { samplesMs: naive.map(Math.round) } }),
  ];
}
