import { renderCover, renderExplainer, splitPanels } from '@tongyuan/channels';
import { juxianInterpretation } from '../../test/support/fixtures';
import { percentile, type Figure } from './report';
import { judged } from './verdict';

/** Cover + 一图读懂 for one interpretation, over 30 different interpretations after a warm-up (fonts loaded once per process). */
export async function measureImageRender(): Promise<Figure[]> {
  const doc = juxianInterpretation();
  const content = (i: number) => ({
    brand: '政在开讲', title: `${doc.title}（第${i}期）`, department: doc.department!.name, date: '2026年11月23日', hotline: doc.department!.hotline,
    keyPoints: doc.keyPoints.map((k) => ({ ...k, text: `${k.text}第${i}条。` })), qa: doc.qa,
    basis: ['《关于做好2027年城乡居民基本医疗保障工作的通知》（莒医保发〔2026〕12号）第二条'], pageUrl: `http://bench/${i}`,
  });
  // The 一图读懂's panels (WeChat stacks them, Weibo posts them, the kiosks loop them) and WeChat's two covers.
  const one = async (i: number) => {
    const explainer = await renderExplainer(content(i));
    return Promise.all([splitPanels(explainer, 9), renderCover('wechat', content(i)), renderCover('square', content(i))]);
  };
  await one(0);
  const samples: number[] = [];
  for (let i = 1; i <= 30; i += 1) {
    const started = performance.now();
    await one(i);
    samples.push(performance.now() - started);
  }
  const p50 = percentile(samples, 50);
  const p95 = percentile(samples, 95);
  return [judged({
    name: '封面 + 一图读懂（每篇）', goal: [{ figure: 'p95', is: '≤', limit: 150, unit: ' ms' }], figures: { p50, p95 },
    measured: `p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms（${(2000 / p50).toFixed(1)} 张/秒）`, raw: { samplesMs: samples.map(Math.round) },
  })];
}
