import type { Channel, RenderContext, RenderResult } from '../channel';
import type { ChannelCode, Interpretation, PublishedDocument } from '../document/types';
import { svgToPng } from '../media/draw';
import type { FrameLayout } from './frames';
import { prepareVideo } from './preflight';
import { renderVideo, type VideoFiles } from './render';
import { storyboardPreview } from './storyboard';

/**
 * A video channel for interpretations (cinema, short-video): the same plan and renderer with the
 * channel's own frame layout and length. The rendition is the MP4 and its sidecar subtitles.
 */
/** What every video rendition's payload holds; the channel adds its own (`Extra`). */
export interface VideoPayload { title: string; seconds: number; narration: VideoFiles['narration'] }

export interface VideoChannelSpec<Extra extends object = Record<string, unknown>> {
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
  payload(doc: Interpretation, video: { seconds: number; leftOut: number }): Extra;
}

export function interpretationVideoChannel<Extra extends object>(spec: VideoChannelSpec<Extra>): Channel<VideoPayload & Extra> {
  return {
    code: spec.code,
    name: spec.name,
    workload: 'video',
    accepts: (doc) => doc.kind === 'interpretation' && doc.channels.includes(spec.code) && spec.accepts(doc),
    async preflight(doc, ctx) {
      if (doc.kind !== 'interpretation') return [];
      return (await prepareVideo(doc, ctx, planOptions(spec))).preparation.findings();
    },
    // The storyboard of the draft's video: its frames, subtitles and narration text, in a second or two.
    sketch: async (doc, ctx) => (doc.kind === 'interpretation' ? storyboardPreview(doc, ctx, planOptions(spec), `${spec.name}（分镜：画面、字幕与配音文字）`) : []),
    async render(doc: PublishedDocument, ctx: RenderContext): Promise<RenderResult<VideoPayload & Extra>> {
      if (doc.kind !== 'interpretation') throw new Error(`${spec.name}只接受政策解读`);
      const prepared = await prepareVideo(doc, ctx, planOptions(spec));
      prepared.preparation.throwIfRefused();
      const plan = prepared.plan!;
      const video = await renderVideo(plan, await ctx.media());
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

const planOptions = <Extra extends object>(spec: VideoChannelSpec<Extra>) => ({
  channel: spec.code, layout: spec.layout, minSeconds: spec.minSeconds, maxSeconds: spec.maxSeconds, includeQa: spec.includeQa, basisRequired: spec.basisRequired,
});
