import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringifySync } from 'subtitle';
import type { Interpretation } from '../document/types';
import { overrideFor } from '../document/types';
import { addSoundTrack, CLIP_QUANTUM_SECONDS, concatClips, encodeStillUnits, quantizeSeconds, unitsFor } from '../media/encode';
import { PICTOGRAPH } from '../media/fonts';
import { paginate, renderTextSlide, renderTitleCard } from './slides';

/**
 * One interpretation's cinema segment (30–90 s): title card, key points and Q&A as large slides
 * (their text is the burned-in subtitle), the policy basis, an end card. Reading speed sets each
 * page's time; sidecar SRT and WebVTT carry the same text and timing.
 */
const SIZE = { width: 1920, height: 1080 };
const CHARS_PER_SECOND = 4; // an outdoor audience reading large type
const MIN_PAGE = 3;
const MAX_TOTAL = 90;
const MAX_PAGES_PER_BLOCK = 3; // a longer key point or answer ends with a pointer to the full text
const CONTINUED = '……详见门户网站';

interface Page { png: Buffer; seconds: number; subtitle: string }

/** Emoji cannot be drawn legibly on a screen across a square; they are left out of video text. */
const forScreen = (text: string) => text.replace(PICTOGRAPH, '').replace(/\s+/g, ' ').trim();

export function planSegmentPages(doc: Interpretation, date: string): Page[] {
  const title = forScreen(overrideFor(doc, 'cinema')?.title || doc.title);
  const department = doc.department?.name ?? '';
  const footer = forScreen(`${doc.brandColumn?.name ?? ''} ${title}`).slice(0, 40);
  const pages: Page[] = [{ png: renderTitleCard({ brand: doc.brandColumn?.name ?? null, title, department, date }), seconds: 5, subtitle: title }];
  const addText = (heading: string, text: string) => {
    let blocks = paginate(forScreen(text));
    if (blocks.length > MAX_PAGES_PER_BLOCK) {
      blocks = blocks.slice(0, MAX_PAGES_PER_BLOCK);
      const last = blocks[blocks.length - 1];
      last[last.length - 1] = `${[...last[last.length - 1]].slice(0, -CONTINUED.length).join('')}${CONTINUED}`;
    }
    for (const lines of blocks) {
      const shown = lines.join('');
      pages.push({ png: renderTextSlide({ heading, lines, footer }), seconds: Math.max(MIN_PAGE, [...shown].length / CHARS_PER_SECOND), subtitle: `${heading}：${shown}` });
    }
  };
  doc.keyPoints.forEach((point, i) => addText(`要点${i + 1}　${forScreen(point.heading)}`, point.text));
  doc.qa.forEach((qa) => addText(`问：${forScreen(qa.question)}`.slice(0, 26), `答：${qa.answer}`));
  const basis = doc.basis.map((b) => `《${b.policy.title}》（${b.policy.documentNumber}）${b.clauses.map((c) => c.number).join('、')}`).join('；');
  if (basis) addText('政策依据', basis);
  addText('咨询电话', `${department}${doc.department?.hotline ? `　${doc.department.hotline}` : ''}`);
  // Whole quanta; too long for a pre-film slot → the longest pages give time back first, none below the minimum.
  for (const page of pages) page.seconds = quantizeSeconds(page.seconds);
  const total = () => pages.reduce((sum, p) => sum + p.seconds, 0);
  while (total() > MAX_TOTAL + 1e-6) {
    const longest = pages.reduce((a, b) => (b.seconds > a.seconds ? b : a));
    if (longest.seconds - CLIP_QUANTUM_SECONDS < MIN_PAGE) break;
    longest.seconds -= CLIP_QUANTUM_SECONDS;
  }
  return pages;
}

export interface SegmentFiles { video: string; srt: string; vtt: string; seconds: number }

export async function renderCinemaSegment(doc: Interpretation, workDir: string, date: string): Promise<SegmentFiles> {
  const pages = planSegmentPages(doc, date);
  const clips: string[] = [];
  const cues: Array<{ start: number; end: number; text: string }> = [];
  let at = 0;
  for (const [i, page] of pages.entries()) {
    const png = path.join(workDir, `page-${i}.png`);
    await writeFile(png, page.png);
    const units = await encodeStillUnits(png, path.join(workDir, `page-${i}`), SIZE);
    const run = unitsFor(units, page.seconds);
    const seconds = page.seconds; // already whole quanta
    cues.push({ start: Math.round(at * 1000), end: Math.round((at + seconds) * 1000), text: page.subtitle });
    clips.push(...run);
    at += seconds;
  }
  const joined = path.join(workDir, 'joined.mp4');
  await concatClips(clips, joined);
  const video = path.join(workDir, 'segment.mp4');
  await addSoundTrack(joined, null, video);
  const nodes = cues.map((data) => ({ type: 'cue' as const, data }));
  const srt = path.join(workDir, 'segment.srt');
  const vtt = path.join(workDir, 'segment.vtt');
  await writeFile(srt, stringifySync(nodes, { format: 'SRT' }));
  // WebVTT cue text is markup: & < > must be escaped, and "-->" can't appear.
  const escaped = nodes.map((n) => ({ ...n, data: { ...n.data, text: n.data.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') } }));
  await writeFile(vtt, stringifySync(escaped, { format: 'WebVTT' }));
  return { video, srt, vtt, seconds: at };
}
