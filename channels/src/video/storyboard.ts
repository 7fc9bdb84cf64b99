import type { PreflightContext, PreviewItem } from '../channel';
import type { ChannelCode, Interpretation, OpenEvent } from '../document/types';
import { UNIT_SECONDS } from '../media/encode';
import { loadResvg } from '../media/libraries';
import { dataUrl } from '../preview/page';
import { buildTimeline, type Cue } from './timeline';
import { prepareVideo } from './preflight';
import type { InterpretationVideoOptions } from './interpretation-plan';

/** One frame of a storyboard: the picture at a small size, what the subtitles say over it, and when. */
export interface StoryboardFrame { dataUrl: string; from: number; seconds: number; subtitles: string[][]; narration: string; burnedIn: boolean }
export interface Storyboard { width: number; height: number; seconds: number; frames: StoryboardFrame[] }

/** Wide enough to read a slide's lines, small enough that twenty frames are quick to draw and to send. */
const FRAME_WIDTH = 480;

/**
 * A video channel's draft as a storyboard, without speech or encoding (the full render takes
 * seconds to minutes): the same plan and timeline as the render (pages left out for length are
 * left out here too), each page's frame drawn small with its first subtitle burned in, its
 * subtitles and the text the narration says. Times are reading times (4 characters a second);
 * with a voice the video runs as long as it speaks.
 */
export async function storyboardOf(doc: Interpretation | OpenEvent, ctx: PreflightContext, spec: Omit<InterpretationVideoOptions, 'pageUrl' | 'date'>): Promise<Storyboard> {
  const prepared = await prepareVideo(doc, ctx, spec);
  prepared.preparation.throwIfRefused();
  const plan = prepared.plan!;
  // No speech engine: nothing is spoken or cached, so the scratch directory is never used.
  const timeline = await buildTimeline(plan, null, '');
  const pages: Array<{ svg: string; from: number; seconds: number; cues: Cue[]; burnedIn: boolean }> = [];
  let at = 0;
  for (const stretch of timeline.stretches) {
    const seconds = stretch.units * UNIT_SECONDS;
    const current = pages[pages.length - 1];
    if (stretch.cue && current) {
      // A slide's cue: the first one is the frame shown (its subtitle burned in), all are listed.
      if (!current.burnedIn) current.svg = stretch.svg;
      current.burnedIn = true;
      current.cues.push(stretch.cue);
      current.seconds += seconds;
    } else {
      pages.push({ svg: stretch.svg, from: at, seconds, cues: [], burnedIn: false });
    }
    at += seconds;
  }
  // Cards carry their cues in the sidecar subtitles only: found by time.
  for (const { start, cue } of timeline.cues) {
    const page = pages.find((p) => start >= p.from - 1e-6 && start < p.from + p.seconds - 1e-6);
    if (page && !page.cues.includes(cue)) page.cues.push(cue);
  }
  const frames = await Promise.all(pages.map(async (page) => ({
    dataUrl: dataUrl({ mime: 'image/png', data: (await loadResvg().renderAsync(page.svg, { font: { loadSystemFonts: false }, fitTo: { mode: 'width', value: FRAME_WIDTH } })).asPng() }),
    // Rounded at the cuts, so one frame ends where the next begins.
    from: round(page.from),
    seconds: round(round(page.from + page.seconds) - round(page.from)),
    subtitles: page.cues.map((c) => c.lines),
    narration: page.cues.map((c) => c.text).join(''),
    burnedIn: page.burnedIn,
  })));
  return { width: plan.layout.width, height: plan.layout.height, seconds: round(timeline.seconds), frames };
}

const round = (seconds: number) => Math.round(seconds * 10) / 10;

/** The storyboard as a preview item of its channel. */
export async function storyboardPreview(doc: Interpretation | OpenEvent, ctx: PreflightContext, spec: Omit<InterpretationVideoOptions, 'pageUrl' | 'date'> & { channel: ChannelCode }, label: string): Promise<PreviewItem[]> {
  const board = await storyboardOf(doc, ctx, spec);
  return [{ key: `${spec.channel}-storyboard`, channel: spec.channel, label, kind: 'storyboard', ...board }];
}
