import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';
import type { DemoContent } from './demo-schema';

/**
 * Generated interpretations for load tests and benchmarks (GENERATED_INTERPRETATIONS=N): variants
 * of the demo interpretations — same departments, sites, basis documents and terminals, titles
 * numbered, key points and Q&A reordered by a seeded generator — so every run of a benchmark
 * publishes exactly the same documents. They target the channels that publish on the spot: web,
 * feeds, WeChat, Weibo and the kiosks.
 */
export function generateInterpretations(demo: DemoContent, count: number, seed = 20261123): DemoContent['interpretations'] {
  const rng = xoroshiro128plus(seed);
  const bases = demo.interpretations.filter((i) => !i.draftStage);
  const terminalsOfSite = (site: string) => demo.kioskTerminals.filter((k) => k.site === site).map((k) => k.code);
  return Array.from({ length: count }, (_, index) => {
    const base = bases[index % bases.length];
    const terminals = base.kioskTerminals.length > 0 ? base.kioskTerminals : terminalsOfSite(base.sites[0]);
    return {
      ...base,
      slug: `gen-${String(index + 1).padStart(4, '0')}`,
      title: `${base.title}（批量${index + 1}）`,
      keyPoints: shuffle(base.keyPoints, rng),
      qa: shuffle(base.qa, rng),
      channels: ['web', 'feeds', 'wechat', 'weibo', ...(terminals.length > 0 ? ['kiosk' as const] : [])],
      kioskTerminals: terminals,
      screeningRegions: [],
      tvStations: [],
      overrides: [],
      draftStage: undefined,
    };
  });
}

/** Fisher–Yates with a seeded generator: the same seed gives the same order. */
function shuffle<T>(list: T[], rng: RandomGenerator): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = unsafeUniformIntDistribution(0, i, rng);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
