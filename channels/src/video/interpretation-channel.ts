import type { Channel, RenderContext, RenderResult } from '../channel';
import type { ChannelCode, Interpretation, OpenEvent, PublishedDocument } from '../document/types';
import { svgToPng } from '../media/draw';
import type { FrameLayout } from './frames';
import { prepareVideo } from './preflight';
import { planProgramme } from '../audio/programme';
import { recordingPreflight } from '../audio/recorded';
import { RECORDING_FIELD, recordedVoice, unreadTexts } from './recorded-voice';
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
  /** Also 开放活动 that target the channel: a clip announcing the event (video/event-plan.ts), with its payload. */
  events?: { payload(doc: OpenEvent, video: { seconds: number; leftOut: number }): Extra };
}

export function interpretationVideoChannel<Extra extends object>(spec: VideoChannelSpec<Extra>): Channel<VideoPayload & Extra> {
  return {
    code: spec.code,
    name: spec.name,
    workload: 'video',
    accepts: (doc) => (doc.kind === 'interpretation' && doc.channels.includes(spec.code) && spec.accepts(doc))
      || (doc.kind === 'event' && !!spec.events && doc.channels.includes(spec.code)),
    async preflight(doc, ctx) {
      if (doc.kind === 'policy-document') return [];
      const { preparation, plan } = await prepareVideo(doc, ctx, planOptions(spec));
      if (doc.kind === 'event') return preparation.findings();
      // 人声配音: refused as the audio programme refuses it; what the reader did not read is said, not voiced.
      for (const f of await recordingPreflight(doc, planProgramme(doc).plan, ctx.readMedia)) preparation.refuse(f.field, f.message);
      const unread = doc.narrationRecording && plan ? unreadTexts(doc, plan) : [];
      if (unread.length) preparation.warn(RECORDING_FIELD, `${spec.name}中这些文字不在人声配音的配音稿里，只显示字幕、不配音：${unread.slice(0, 3).map((t) => `“${t.slice(0, 20)}”`).join('、')}${unread.length > 3 ? ` 等 ${unread.length} 处` : ''}`);
      return preparation.findings();
    },
    // The storyboard of the draft's video: its frames, subtitles and narration text, in a second or two.
    sketch: async (doc, ctx) => (doc.kind === 'interpretation' || (doc.kind === 'event' && spec.events) ? storyboardPreview(doc, ctx, planOptions(spec), `${spec.name}（分镜：画面、字幕与配音文字）`) : []),
    async render(doc: PublishedDocument, ctx: RenderContext): Promise<RenderResult<VideoPayload & Extra>> {
      if (doc.kind === 'policy-document') throw new Error(`${spec.name}只接受政策解读和开放活动`);
      const prepared = await prepareVideo(doc, ctx, planOptions(spec));
      prepared.preparation.throwIfRefused();
      const plan = prepared.plan!;
      const media = await ctx.media();
      // 人声配音: the interpretation's recording, where it has one, is the video's voice.
      const video = await renderVideo(plan, media, doc.kind === 'interpretation' ? await recordedVoice(doc, ctx, media.cacheDir, media.timeoutMs) : null);
      const base = doc.slug;
      const cover = spec.cover ? [await ctx.writeArtifact(`${base}-cover.png`, 'image/png', svgToPng(plan.pages[0].frame(null)))] : [];
      const artifacts = [...cover,
        await ctx.writeArtifactFile(`${base}.mp4`, 'video/mp4', video.video),
        await ctx.writeArtifactFile(`${base}.srt`, 'application/x-subrip', video.srt),
        await ctx.writeArtifactFile(`${base}.vtt`, 'text/vtt; charset=utf-8', video.vtt),
      ];
      // narration: whether it speaks, and if not why (shown on the CMS panel, /status and /cinema).
      return { payload: { title: doc.title, seconds: video.seconds, ...(doc.kind === 'event' ? spec.events!.payload(doc, video) : spec.payload(doc, video)), narration: video.narration }, artifacts, listings: [] };
    },
  };
}

const planOptions = <Extra extends object>(spec: VideoChannelSpec<Extra>) => ({
  channel: spec.code, layout: spec.layout, minSeconds: spec.minSeconds, maxSeconds: spec.maxSeconds, includeQa: spec.includeQa, basisRequired: spec.basisRequired,
});
