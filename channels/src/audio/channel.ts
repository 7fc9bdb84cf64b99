import type { Channel, RenderResult } from '../channel';
import { validUntil, type PublishedDocument } from '../document/types';
import { loadSubtitle } from '../media/libraries';
import { markdownToText } from '../text/rich-text';
import { cueText } from '../text/contract';
import { pagePath } from '../web/catalog';
import type { NarrationNote } from '../video/render';
import { audioSketch } from './preview';
import { planProgramme } from './programme';
import { renderProgramme, type MeasuredOutput } from './render';
import { buildLoudspeakers } from './loudspeakers';
import { audioRoutes } from './routes';
import { recordingPreflight } from './recorded';
import { loudspeakerRoutes } from './loudspeaker-routes';
import type { SpokenCue } from './narration';

/**
 * The audio programme (音频节目) of an interpretation for radio stations, podcasts, phones and IP
 * loudspeakers: opening ident, the title, key points and Q&A read by the speech engine, the
 * hotline, closing ident. A mono MP3 at −19 LUFS and a broadcast WAV (48 kHz, GY/T 282-2014: −24 LKFS; loudness.ts),
 * each measured as a file; podcast feeds per site and per brand column (routes.ts); the portal
 * page plays it with its transcript (web/audio.ts).
 */
export interface AudioPayload {
  title: string;
  summary: string;
  department: string | null;
  brand: { code: string; name: string } | null;
  sites: Array<{ code: string; name: string; page: string }>;
  /** The measured length of the MP3, in seconds. */
  seconds: number;
  parts: Array<{ label: string; seconds: number }>;
  outputs: { mp3: Omit<MeasuredOutput, 'file'>; wav: Omit<MeasuredOutput, 'file'> };
  transcript: SpokenCue[];
  narration: NarrationNote;
  /** Village loudspeakers (村村响, loudspeakers.ts): the broadcast regions — the interpretation's screening regions — and its last day. */
  regions?: Array<{ code: string; name: string }>;
  validTo?: string | null;
}

export const AUDIO_CODE = 'audio';

export const audioChannel: Channel<AudioPayload> = {
  code: AUDIO_CODE,
  name: '音频节目',
  workload: 'video', // ffmpeg for a second or two: the media queue, never ahead of a WeChat package

  accepts: (doc) => doc.kind === 'interpretation' && doc.channels.includes(AUDIO_CODE),

  async preflight(doc, ctx) {
    if (doc.kind !== 'interpretation') return [];
    const { plan, preparation } = planProgramme(doc);
    // 人声配音: the upload itself looked at (where the caller can read it), refused with what to fix as render would.
    for (const f of await recordingPreflight(doc, plan, ctx.readMedia)) preparation.refuse(f.field, f.message);
    if (doc.sites.length === 0 && !doc.brandColumn) preparation.warn('sites', '没有选择站点或品牌栏目：音频节目不会出现在任何播客订阅中，只能在接口中取得');
    return preparation.findings();
  },

  sketch: async (doc, ctx) => (doc.kind === 'interpretation' ? audioSketch(doc, ctx) : []),

  async render(doc: PublishedDocument, ctx): Promise<RenderResult<AudioPayload>> {
    if (doc.kind !== 'interpretation') throw new Error('音频节目只接受政策解读');
    const { plan, preparation } = planProgramme(doc);
    preparation.throwIfRefused();
    const made = await renderProgramme(doc, plan, ctx);
    const base = doc.slug;
    const artifacts = [
      await ctx.writeArtifactFile(`${base}.mp3`, 'audio/mpeg', made.mp3),
      await ctx.writeArtifactFile(`${base}.wav`, 'audio/wav', made.wav),
      await ctx.writeArtifact(`${base}.vtt`, 'text/vtt; charset=utf-8', transcriptVtt(made.transcript)),
    ];
    const { file: _mp3, ...mp3 } = made.outputs.mp3;
    const { file: _wav, ...wav } = made.outputs.wav;
    return {
      payload: {
        title: doc.title,
        summary: doc.digest || markdownToText(doc.body).slice(0, 160),
        department: doc.department?.name ?? null,
        brand: doc.brandColumn ? { code: doc.brandColumn.code, name: doc.brandColumn.name } : null,
        sites: doc.sites.map((s) => ({ code: s.code, name: s.name, page: `${ctx.publicUrl}${pagePath(doc, s.code)}` })),
        seconds: mp3.seconds,
        parts: made.parts,
        outputs: { mp3, wav },
        transcript: made.transcript,
        narration: made.narration,
        regions: doc.screeningRegions.map((r) => ({ code: r.code, name: r.name })),
        validTo: validUntil(doc),
      },
      artifacts,
      listings: [],
    };
  },

  afterLive: (deps) => buildLoudspeakers(deps),
  routes: async (app, deps) => {
    await audioRoutes(app, deps);
    await loudspeakerRoutes(app, deps);
  },
};

/** The transcript as WebVTT (cue text escaped: it is markup), for podcast apps and the page's downloads. */
function transcriptVtt(cues: SpokenCue[]): string {
  return loadSubtitle().stringifySync(cues.map((cue) => ({
    type: 'cue' as const, data: { start: Math.round(cue.start * 1000), end: Math.round(cue.end * 1000), text: cueText('vtt', cue.text) },
  })), { format: 'WebVTT' });
}
