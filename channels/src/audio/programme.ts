import type { Interpretation } from '../document/types';
import { GOVERNMENT_HOTLINE, overrideFor } from '../document/types';
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
/** The longest programme (at the voice's pace): radio slots for one interpretation are up to 10 minutes. */
export const MAX_PROGRAMME_SECONDS = 600;
/** The most of one key point, answer or lead a programme says (about two minutes); the rest is on the portal. */
export const MAX_BLOCK_CHARS = 400;
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
  // Names and headings said as far as a listener holds them (a very long title can't eat the programme).
  const title = clip(override?.title || doc.title, 100);
  const brand = doc.brandColumn ? clip(doc.brandColumn.name, 30) : null;
  const department = clip(doc.department?.name ?? '', 40);
  const hotline = clip(doc.department?.hotline ?? '', 40);
  const sectionOf = (label: string, field: string, text: string): ProgrammeSection => ({ label, field, sentences: sentencesOf(text) });
  // A block longer than a listener follows is cut at a sentence and points to the full text (as the videos do).
  const block = (label: string, field: string, lead: string, text: string) => {
    const sentences = sentencesOf(text);
    let kept = 0;
    let length = [...lead].length;
    while (kept < sentences.length && (kept === 0 || length + [...sentences[kept]].length <= MAX_BLOCK_CHARS)) length += [...sentences[kept++]].length;
    const cut = kept < sentences.length;
    if (cut) preparation.warn(field, `${label}超过 ${MAX_BLOCK_CHARS} 字，音频节目只播到“${clip(sentences[Math.max(0, kept - 1)] ?? '', 12)}”为止，并提示详见门户网站`);
    const spoken = sentencesOf(`${lead}${sentences.slice(0, kept).join('')}`);
    return { label, field, sentences: cut ? [...spoken, MORE] : spoken };
  };
  const opening = sectionOf('标题', 'title', `${brand ? withStop(brand) : ''}${withStop(title)}${department ? withStop(`${department}解读`) : ''}`);
  const blocks: ProgrammeSection[] = [
    // The author's own words for this channel (渠道定制 · 配音文字) come first, as in the videos.
    ...(override?.narration ? [block('导语', 'overrides', '', override.narration)] : []),
    ...doc.keyPoints.map((point, i) => block(`要点${ordinal(i)}`, `keyPoints[${i}]`, `要点${ordinal(i)}：${withStop(clip(point.heading, 60))}`, point.text)),
    ...doc.qa.map((qa, i) => block(`问答${ordinal(i)}`, `qa[${i}]`, `问：${withStop(clip(qa.question, 120))}答：`, qa.answer)),
    // 在线访谈: the transcript read turn by turn, each led by its speaker (the programme's length cuts the rest).
    ...(doc.transcript ?? []).map((turn, i) => block(`实录${ordinal(i)}`, `transcript[${i}]`, `${clip(turn.speaker, 20)}：`, turn.text)),
  ].filter((s) => s.sentences.length > 0);
  // Within the programme's length, blocks in order; those after are left out and the close says where to read them.
  const closing = (more: boolean) => sectionOf('咨询电话', 'department', `${more ? MORE : ''}咨询电话：${hotline || GOVERNMENT_HOTLINE}。${department ? withStop(department) : ''}`);
  const kept: ProgrammeSection[] = [];
  let seconds = secondsOf(opening) + secondsOf(closing(true));
  for (const section of blocks) {
    if (seconds + secondsOf(section) > MAX_PROGRAMME_SECONDS) break;
    kept.push(section);
    seconds += secondsOf(section);
  }
  const leftOut = blocks.slice(kept.length);
  if (leftOut.length) preparation.warn(leftOut[0].field, `音频节目限 ${MAX_PROGRAMME_SECONDS / 60} 分钟：${leftOut.map((s) => s.label).join('、')}不播出，节目结尾提示详见门户网站`);
  for (const [field, label, file] of [['brandColumn.openingIdent', '片头音频', doc.brandColumn?.openingIdent], ['brandColumn.closingIdent', '片尾音频', doc.brandColumn?.closingIdent]] as const) {
    if (file && !file.mime.startsWith('audio/')) preparation.refuse(field, `品牌栏目的${label}不是音频文件（${file.mime}）：请在品牌栏目中重新上传 MP3、WAV 或 M4A`);
  }
  if (!hotline) preparation.warn('department', `解读部门没有填写咨询电话：节目结尾将播报 ${GOVERNMENT_HOTLINE} 政务服务便民热线`);
  if (doc.keyPoints.length === 0 && doc.qa.length === 0) preparation.warn('keyPoints', '没有要点和问答：音频节目只有标题和咨询电话');
  const sections = [opening, ...kept, closing(leftOut.length > 0)].filter((s) => s.sentences.length > 0);
  return { plan: { brand, sections }, preparation };
}

const MORE = '更多内容请查看门户网站。';
const clip = (text: string, max: number) => ([...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text);
const secondsOf = (section: ProgrammeSection) => section.sentences.reduce((n, t) => n + [...t].length / CHARACTERS_PER_SECOND, 0);

/** The length at the voice's pace, before anything is spoken (preflight and the running order). */
export function estimatedSeconds(plan: ProgrammePlan): number {
  return plan.sections.reduce((sum, s) => sum + secondsOf(s), 0);
}
