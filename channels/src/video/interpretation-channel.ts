import type { Channel, Finding, RenderContext, RenderResult } from '../channel';
import type { ChannelCode, Interpretation, PublishedDocument } from '../document/types';
import { svgToPng } from '../media/draw';
import { forScreen, missingGlyphs } from '../media/fonts';
import { chineseDate } from '../text/chinese-date';
import { pagePath } from '../web/catalog';
import type { FrameLayout } from './frames';
import { planInterpretationVideo } from './interpretation-plan';
import { renderVideo } from './render';

/**
 * A video channel for interpretations (cinema, short-video): the same plan and renderer with the
 * channel's own frame layout and length. The rendition is the MP4 and its sidecar subtitles.
 */
export interface VideoChannelSpec {
  code: ChannelCode;
  name: string;
  layout: FrameLayout;
  minSeconds: number;
  maxSeconds: number;
  includeQa: boolean;
  basisRequired: boolean;
  /** Also a cover image: the title card as PNG (short-video platforms ask for one). */
  cover: boolean;
  accepts(doc: Interpretation): boolean;
  payload(doc: Interpretation, video: { seconds: number; leftOut: number }): Record<string, unknown>;
}

export function interpretationVideoChannel(spec: VideoChannelSpec): Channel {
  return {
    code: spec.code,
    name: spec.name,
    workload: 'video',
    accepts: (doc) => doc.kind === 'interpretation' && doc.channels.includes(spec.code) && spec.accepts(doc),
    preflight: (doc) => preflightVideo(doc),
    async render(doc: PublishedDocument, ctx: RenderContext): Promise<RenderResult> {
      if (doc.kind !== 'interpretation') throw new Error(`${spec.name}只接受政策解读`);
      const media = await ctx.media();
      const site = doc.sites[0]?.code;
      const plan = await planInterpretationVideo(doc, {
        channel: spec.code, layout: spec.layout, minSeconds: spec.minSeconds, maxSeconds: spec.maxSeconds, includeQa: spec.includeQa, basisRequired: spec.basisRequired,
        pageUrl: site ? `${ctx.publicUrl}${pagePath(doc, site)}` : ctx.publicUrl,
        date: chineseDate(ctx.revisedOn),
      });
      const video = await renderVideo(plan, media);
      const base = doc.slug;
      const cover = spec.cover ? [await ctx.writeArtifact(`${base}-cover.png`, 'image/png', svgToPng(plan.pages[0].frame(null)))] : [];
      const artifacts = [...cover,
        await ctx.writeArtifactFile(`${base}.mp4`, 'video/mp4', video.video),
        await ctx.writeArtifactFile(`${base}.srt`, 'application/x-subrip', video.srt),
        await ctx.writeArtifactFile(`${base}.vtt`, 'text/vtt; charset=utf-8', video.vtt),
      ];
      // narration: whether it speaks, and if not why (shown on the CMS panel, /status and /cinema).
      return { payload: { title: doc.title, seconds: video.seconds, ...spec.payload(doc, video), narration: video.narration }, artifacts, listings: [] };
    },
  };
}

/** What an author sees before publishing: video text drops emoji and says so; other missing glyphs block. */
function preflightVideo(doc: PublishedDocument): Finding[] {
  if (doc.kind !== 'interpretation') return [];
  const findings: Finding[] = [];
  const texts: Array<[string, string]> = [['title', doc.title], ...doc.keyPoints.map((k, i): [string, string] => [`keyPoints[${i}]`, `${k.heading}${k.text}`]),
    ...doc.qa.map((q, i): [string, string] => [`qa[${i}]`, `${q.question}${q.answer}`])];
  for (const [field, text] of texts) {
    if (forScreen(text) !== text.replace(/\s+/g, ' ').trim()) findings.push({ level: 'warning', field, message: '视频中不显示表情符号，其余文字照常显示' });
    const missing = missingGlyphs(forScreen(text));
    if (missing.length) findings.push({ level: 'error', field, message: `字体缺少这些字符，视频无法显示：${missing.join(' ')}，请改写` });
  }
  if (doc.keyPoints.length === 0) findings.push({ level: 'warning', field: 'keyPoints', message: '没有要点：视频只有标题和结束画面' });
  return findings;
}
