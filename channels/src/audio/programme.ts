import type { Interpretation } from '../document/types';
import { overrideFor } from '../document/types';
import { Preparation } from '../preparation';

/**
 * An interpretation as a radio programme (音频节目), in the order listeners hear it: the brand
 * column's opening ident, the title (with the brand and the department), the key points, the Q&A,
 * the hotline, the closing ident. Each spoken section is a list of sentences, each spoken (and
 * cached) on its own, so a changed answer costs only its own sentences again.
 */
export interface ProgrammeSection {
  /** What the running order and the transcript call it (要点一, 问答二 …). */
  label: string;
  /** Sentences as spoken, in order. */
  sentences: string[];
  /** The document field it comes from (a finding points the author at it). */
  field: string;
}

export interface ProgrammePlan {
  brand: string | null;
  sections: ProgrammeSection[];
}

/** The longest piece of text spoken in one go: a sentence longer than this is split at its commas. */
export const MAX_SENTENCE_CHARS = 60;
/** A programme longer than this (at the voice's pace) is refused: radio slots for one interpretation are up to 10 minutes. */
export const MAX_PROGRAMME_SECONDS = 600;
/** Mandarin at the voice's pace: about 3.5 characters a second (speech.ts, 210 syllables a minute). */
export const CHARACTERS_PER_SECOND = 3.5;

const NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const ordinal = (i: number) => (i < 10 ? NUMBERS[i] : String(i + 1));

/** Splits text into sentences at their ends, and overlong ones at commas (then every MAX_SENTENCE_CHARS characters). */
export function sentencesOf(text: string): string[] {
  const plain = text.replace(/[#*_`>]+/g, ' ').replace(/\s+/g, ' ').trim();
  const sentences = plain.split(/(?<=[。！？；!?;])/u).map((s) => s.trim()).filter(Boolean);
  const out: string[] = [];
  for (const sentence of sentences) {
    if ([...sentence].length <= MAX_SENTENCE_CHARS) {
      out.push(sentence);
      continue;
    }
    let current = '';
    for (const clause of sentence.split(/(?<=[，,、：:])/u)) {
      if (current && [...current].length + [...clause].length > MAX_SENTENCE_CHARS) {
        out.push(current);
        current = '';
      }
      current += clause;
      while ([...current].length > MAX_SENTENCE_CHARS) {
        out.push([...current].slice(0, MAX_SENTENCE_CHARS).join(''));
        current = [...current].slice(MAX_SENTENCE_CHARS).join('');
      }
    }
    if (current.trim()) out.push(current.trim());
  }
  return out;
}

const withStop = (text: string) => (/[。！？!?]$/u.test(text.trim()) ? text.trim() : `${text.trim()}。`);

/** The programme of an interpretation, and what the author is told about it (the same preparation for preflight and render). */
export function planProgramme(doc: Interpretation): { plan: ProgrammePlan; preparation: Preparation } {
  const preparation = new Preparation();
  const override = overrideFor(doc, 'audio');
  const title = override?.title || doc.title;
  const brand = doc.brandColumn?.name ?? null;
  const department = doc.department?.name ?? '';
  const sections: ProgrammeSection[] = [];
  const add = (label: string, field: string, text: string) => {
    const sentences = sentencesOf(text);
    if (sentences.length) sections.push({ label, field, sentences });
  };
  add('标题', 'title', `${brand ? `${withStop(brand)}` : ''}${withStop(title)}${department ? withStop(`${department}解读`) : ''}`);
  // The author's own words for this channel (渠道定制 · 配音文字) come first, as in the videos.
  if (override?.narration) add('导语', 'overrides', override.narration);
  doc.keyPoints.forEach((point, i) => add(`要点${ordinal(i)}`, `keyPoints[${i}]`, `要点${ordinal(i)}：${withStop(point.heading)}${point.text}`));
  doc.qa.forEach((qa, i) => add(`问答${ordinal(i)}`, `qa[${i}]`, `问：${withStop(qa.question)}答：${qa.answer}`));
  const hotline = doc.department?.hotline ?? '';
  add('咨询电话', 'department', `${hotline ? `咨询电话：${hotline}。` : '咨询电话：12345。'}${department ? withStop(department) : ''}`);

  if (!hotline) preparation.warn('department', '解读部门没有填写咨询电话：节目结尾将播报 12345 政务服务便民热线');
  if (doc.keyPoints.length === 0 && doc.qa.length === 0) preparation.warn('keyPoints', '没有要点和问答：音频节目只有标题和咨询电话');
  const seconds = estimatedSeconds({ brand, sections });
  if (seconds > MAX_PROGRAMME_SECONDS) {
    preparation.refuse('keyPoints', `音频节目预计 ${Math.round(seconds / 60)} 分钟，超过 ${MAX_PROGRAMME_SECONDS / 60} 分钟上限：请精简要点和问答，或用渠道定制的配音文字写一段较短的稿子`);
  }
  return { plan: { brand, sections }, preparation };
}

/** The length at the voice's pace, before anything is spoken (preflight and the running order). */
export function estimatedSeconds(plan: ProgrammePlan): number {
  return plan.sections.reduce((sum, s) => sum + s.sentences.reduce((n, t) => n + [...t].length / CHARACTERS_PER_SECOND, 0), 0);
}
