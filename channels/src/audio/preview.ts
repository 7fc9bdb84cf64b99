import { audioTemplates } from '@tongyuan/templates';
import type { PreflightContext, PreviewItem } from '../channel';
import type { Interpretation } from '../document/types';
import { previewPage } from '../preview/page';
import { readingCues } from './narration';
import { CHARACTERS_PER_SECOND, planProgramme } from './programme';

/** The idents' length as the running order shows it (the generated chime; an uploaded one is measured on render). */
const IDENT_SECONDS = 1.4;

/**
 * What the author sees of a draft's programme before it is made (speech and encoding take seconds):
 * the running order — opening ident, every sentence the voice will say under its section, the
 * hotline, closing ident — with times at the voice's pace. A refusal says what to fix, as render would.
 */
export async function audioSketch(doc: Interpretation, _ctx: PreflightContext): Promise<PreviewItem[]> {
  const { plan, preparation } = planProgramme(doc);
  preparation.throwIfRefused();
  const cues = readingCues(plan, CHARACTERS_PER_SECOND);
  const end = cues[cues.length - 1]?.end ?? 0;
  const parts = [
    { at: clock(0), label: '片头', sentences: [], note: '品牌栏目片头（提示音）' },
    ...plan.sections.map((section) => {
      const first = cues.find((c) => c.section === section.label)!;
      return { at: clock(IDENT_SECONDS + first.start), label: section.label, sentences: section.sentences, note: '' };
    }),
    { at: clock(IDENT_SECONDS + end + 0.4), label: '片尾', sentences: [], note: '品牌栏目片尾（提示音）' },
  ];
  const total = IDENT_SECONDS * 2 + end + 0.4;
  const body = audioTemplates.runningOrder({ title: doc.title, minutes: duration(total), parts });
  return [{ key: 'audio-running-order', channel: 'audio', label: doc.narrationRecording ? '音频节目（串联单：人声配音须按此稿逐句朗读，句间稍作停顿）' : '音频节目（串联单：片头、配音文字、片尾；上传人声配音时请按此稿逐句朗读）', kind: 'html', width: 720, html: previewPage(audioTemplates.css, body) }];
}

const clock = (seconds: number) => {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
};

export const duration = (seconds: number) => {
  const whole = Math.round(seconds);
  return whole >= 60 ? `${Math.floor(whole / 60)} 分 ${whole % 60} 秒` : `${whole} 秒`;
};
