import { panelTexts, renderExplainer, splitPanels } from '../images/explainer';
import { transcriptOf, withVideo } from './video';

describe('the 一图读懂 panels’ alt text', () => {
  it('gives each panel the words it shows: every block once, in order, cut where the panels are cut', async () => {
    const keyPoints = Array.from({ length: 14 }, (_, i) => ({ heading: `第${i + 1}项要点`, text: `第${i + 1}项的说明文字，`.repeat(12) }));
    const explainer = await renderExplainer({
      brand: '政在开讲', title: '一项很长的政策解读', department: '县医疗保障局', date: '2026年11月23日', hotline: '0633-6221234',
      keyPoints, qa: [{ question: '怎么办？', answer: '这样办。' }], basis: ['《某某通知》（莒医保发〔2026〕12号）第二条'], pageUrl: 'http://tongyuan.test/p',
    });
    const panels = await splitPanels(explainer, 9);
    const alts = panelTexts(explainer, 9);
    expect(panels.length).toBeGreaterThan(1);
    expect(alts).toHaveLength(panels.length);
    expect(alts[0].startsWith('政在开讲 · 一图读懂。一项很长的政策解读。县医疗保障局\u30002026年11月23日。政策要点：1. 第1项要点。')).toBe(true);
    const all = alts.join('');
    const at = keyPoints.map((k) => all.indexOf(`${k.heading}。`));
    expect(at.every((position, i) => position > 0 && all.lastIndexOf(`${keyPoints[i].heading}。`) === position && (i === 0 || position > at[i - 1]))).toBe(true);
    expect(alts[alts.length - 1]).toMatch(/问：怎么办？答：这样办。政策依据：《某某通知》.*二维码：扫码查看全文。县医疗保障局。咨询电话\u30000633-6221234。$/);
  });
});

describe('the video of a 视频解读 page', () => {
  const page = '<article><!--video--><p>正文</p></article>';
  const srt = '1\n00:00:00,000 --> 00:00:02,000\n莒县医保\n缴费开始\n\n2\n00:00:02,000 --> 00:00:04,000\n莒县医保\n缴费开始\n\n3\n00:00:04,000 --> 00:00:06,000\n每人400元 <b>&</b>\n';
  const file = (name: string, mime: string) => ({ name, mime, size: 3 * 1024 * 1024, sha256: 'a'.repeat(64) });

  it('plays with a poster, a default Chinese captions track, downloads and a transcript of what the captions say', () => {
    const html = withVideo(page, {
      state: 'live', channel: 'short-video', seconds: 42, srt,
      artifacts: [file('x-cover.png', 'image/png'), file('x.mp4', 'video/mp4'), file('x.srt', 'application/x-subrip'), file('x.vtt', 'text/vtt')],
    });
    expect(html).toContain('<video class="portrait" controls preload="metadata" poster="/files/aaaa');
    expect(html).toMatch(/<track kind="captions" src="\/files\/a+\/x\.vtt" srclang="zh" label="中文字幕" default>/);
    expect(html).toContain('下载视频（MP4，3.0 MB，42 秒）');
    expect(html).toContain('<p>莒县医保缴费开始</p><p>每人400元 &lt;b&gt;&amp;&lt;/b&gt;</p>'); // once each, as text
    expect(transcriptOf(srt)).toEqual(['莒县医保缴费开始', '每人400元 <b>&</b>']);
  });

  it.each([
    ['pending', '视频正在制作，完成后会在这里播放'],
    ['failed', '视频暂时无法观看'],
    ['none', '这篇解读没有在网站上发布视频'],
  ] as const)('says in Chinese why there is no player (%s)', (state, note) => {
    const html = withVideo(page, { state });
    expect(html).toContain(note);
    expect(html).not.toContain('<video');
  });

  it('never shows a player without its captions', () => {
    const html = withVideo(page, { state: 'live', channel: 'cinema', seconds: 60, srt: null, artifacts: [file('x.mp4', 'video/mp4')] });
    expect(html).not.toContain('<video');
    expect(html).toContain('视频暂时无法观看');
  });
});
