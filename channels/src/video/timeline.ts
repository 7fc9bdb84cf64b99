import pLimit from 'p-limit';
import { toUnits, UNIT_SECONDS } from '../media/encode';
import { speak, type Speech, type SpeechEngine } from '../media/speech';
import type { FrameLayout } from './frames';
import type { RecordedVoice } from './recorded-voice';
import { subtitleLinesOf } from './frames';

/**
 * A video as pages (title card, slides, end card), each saying some text. The timeline turns
 * pages into stretches of still frames, in whole timing units: a slide opens plain for 0.64 s,
 * then shows each spoken cue as a burned-in subtitle for as long as it is spoken (or, without a
 * voice, as long as it takes to read). Cards whose text is already on screen carry their cues in
 * the sidecar subtitles only.
 */
export interface VideoPage {
  /** The page's SVG, with a burned-in subtitle (its lines) or plain (null). */
  frame(subtitle: string[] | null): string;
  say: string;
  burnIn: boolean;
  /** May be left out, last first, to keep the video within its length limit. */
  optional: boolean;
}

export interface VideoPlan {
  layout: FrameLayout;
  pages: VideoPage[];
  /** The closing card; `more` says pages were left out ("更多内容详见门户网站"). */
  endCard(more: boolean): VideoPage;
  minSeconds: number;
  maxSeconds: number;
  /** Parts of the document already left out by the plan (Q&A a channel doesn't show, blocks cut short): the end card points to the full text. */
  leftOut: number;
}

export interface Cue { lines: string[]; text: string; speech: Speech | null; seconds: number; units: number }
export interface Stretch { svg: string; units: number; cue: Cue | null }

const READING_CHARS_PER_SECOND = 4; // an outdoor audience reading large type
const PAUSE_SECONDS = 0.3;
const MIN_CUE_SECONDS = 1.2;
const LEAD_IN_UNITS = 2; // a slide shows plain for 0.64 s before its first subtitle

/** Splits text into cues of at most two subtitle lines, breaking at sentence ends where it can. */
export function cuesOf(layout: FrameLayout, text: string): Array<{ lines: string[]; text: string }> {
  const sentences = text.split(/(?<=[。！？；!?;])/u).map((s) => s.trim()).filter(Boolean);
  const cues: Array<{ lines: string[]; text: string }> = [];
  for (const sentence of sentences) {
    const lines = subtitleLinesOf(layout, sentence);
    for (let i = 0; i < lines.length; i += 2) cues.push({ lines: lines.slice(i, i + 2), text: lines.slice(i, i + 2).join('') });
  }
  return cues;
}

/** espeak-ng is single-threaded: one process per core. */
const speaking = pLimit(2);

async function timedCues(layout: FrameLayout, page: VideoPage, speech: SpeechEngine | null, cacheDir: string, recorded?: RecordedVoice | null): Promise<Cue[]> {
  return Promise.all(cuesOf(layout, page.say).map(async (cue) => {
    // 人声配音: the reader's voice where the script has the text, else no voice (never two voices in one video).
    const spoken = recorded ? recorded.speechFor(cue.text) : speech ? await speaking(() => speak(speech, cue.text, cacheDir)) : null;
    const reading = Math.max(MIN_CUE_SECONDS, [...cue.text].length / READING_CHARS_PER_SECOND);
    const seconds = spoken ? Math.max(MIN_CUE_SECONDS, spoken.seconds + PAUSE_SECONDS) : reading;
    return { ...cue, speech: spoken, seconds, units: toUnits(seconds) };
  }));
}

function stretchesOf(page: VideoPage, cues: Cue[]): Stretch[] {
  if (!page.burnIn) {
    const units = toUnits(cues.reduce((sum, c) => sum + c.seconds, 0));
    return [{ svg: page.frame(null), units, cue: null }];
  }
  return [{ svg: page.frame(null), units: LEAD_IN_UNITS, cue: null }, ...cues.map((cue) => ({ svg: page.frame(cue.lines), units: cue.units, cue }))];
}

export interface Timeline { stretches: Stretch[]; cues: Array<{ start: number; end: number; cue: Cue }>; seconds: number; leftOut: number }

/** Times every page, leaves out optional pages (last first) beyond the maximum, and holds the end card up to the minimum. */
export async function buildTimeline(plan: VideoPlan, speech: SpeechEngine | null, cacheDir: string, recorded?: RecordedVoice | null): Promise<Timeline> {
  const timed = await Promise.all(plan.pages.map(async (page) => ({ page, cues: await timedCues(plan.layout, page, speech, cacheDir, recorded) })));
  const unitsOf = (entry: { page: VideoPage; cues: Cue[] }) => stretchesOf(entry.page, entry.cues).reduce((s, x) => s + x.units, 0);
  const maxUnits = Math.floor(plan.maxSeconds / UNIT_SECONDS);
  const kept = [...timed];
  let leftOut = plan.leftOut;
  let end = plan.endCard(leftOut > 0);
  let endCues = await timedCues(plan.layout, end, speech, cacheDir, recorded);
  const total = () => kept.reduce((s, e) => s + unitsOf(e), 0) + unitsOf({ page: end, cues: endCues });
  while (total() > maxUnits) {
    const index = kept.map((e) => e.page.optional).lastIndexOf(true);
    if (index < 0) break;
    kept.splice(index, 1);
    leftOut += 1;
    if (leftOut === 1) {
      end = plan.endCard(true);
      endCues = await timedCues(plan.layout, end, speech, cacheDir, recorded);
    }
  }
  const stretches = [...kept, { page: end, cues: endCues }].flatMap((e) => {
    const list = stretchesOf(e.page, e.cues);
    return e.page.burnIn ? list : [{ ...list[0], cues: e.cues }];
  }) as Array<Stretch & { cues?: Cue[] }>;
  const minUnits = Math.ceil(plan.minSeconds / UNIT_SECONDS);
  const shortBy = minUnits - stretches.reduce((s, x) => s + x.units, 0);
  if (shortBy > 0) stretches[stretches.length - 1].units += shortBy;

  const cues: Timeline['cues'] = [];
  let at = 0;
  for (const stretch of stretches) {
    const seconds = stretch.units * UNIT_SECONDS;
    if (stretch.cue) cues.push({ start: at, end: at + seconds, cue: stretch.cue });
    // Cards: their cues one after another from the card's start; the last runs to the card's end.
    let cueAt = at;
    stretch.cues?.forEach((cue, i, all) => {
      const cueEnd = i === all.length - 1 ? at + seconds : cueAt + cue.seconds;
      cues.push({ start: cueAt, end: cueEnd, cue });
      cueAt = cueEnd;
    });
    at += seconds;
  }
  return { stretches: stretches.map(({ svg, units, cue }) => ({ svg, units, cue })), cues, seconds: at, leftOut };
}
