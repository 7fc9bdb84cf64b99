import type { PreflightContext } from '../channel';
import type { Interpretation, OpenEvent } from '../document/types';
import { drawnFieldsOf, drawnTextFindings, forScreen } from '../media/fonts';
import { Preparation } from '../preparation';
import { chineseDate } from '../text/chinese-date';
import { pagePath } from '../web/catalog';
import { planEventVideo } from './event-plan';
import { planInterpretationVideo, type InterpretationVideoOptions } from './interpretation-plan';
import type { VideoPage } from './timeline';

/**
 * A video rendition up to its frames: the plan (every page's text wrapped and cut as the video
 * shows it) and every frame drawn as SVG — title card, each slide, both end cards (the cover is
 * the title card; burned-in subtitles are lines of the slide they sit on). What render does before
 * any speech or encoding, so preflight meets every refusal the render would, in a few milliseconds.
 */
export async function prepareVideo(doc: Interpretation | OpenEvent, ctx: PreflightContext, spec: Omit<InterpretationVideoOptions, 'pageUrl' | 'date'>) {
  const preparation = new Preparation();
  const site = doc.sites[0]?.code;
  const options = { ...spec, pageUrl: site ? `${ctx.publicUrl}${pagePath(doc, site)}` : ctx.publicUrl, date: chineseDate(ctx.revisedOn) };
  // An event's video announces it (when, where, who, how to register); an interpretation's explains it.
  const plan = await preparation.step('title', () => (doc.kind === 'event' ? planEventVideo(doc, options) : planInterpretationVideo(doc, options)));
  if (plan) {
    // The title card first (its title is also every slide's footer), the end cards show the department.
    await preparation.step('title', () => plan.pages[0].frame(null));
    for (const page of plan.pages.slice(1)) await preparation.step(fieldOf(doc, page), () => page.frame(null));
    for (const more of [false, true]) await preparation.step('department', () => plan.endCard(more).frame(null));
  }
  preparation.drawnText(drawnTextFindings(drawnFieldsOf(doc), '视频'));
  if (doc.kind === 'interpretation' && doc.keyPoints.length === 0) preparation.warn('keyPoints', '没有要点：视频只有标题和结束画面');
  return { preparation, plan };
}

/**
 * The field a page shows, to point the author at it: found by the page's first words (pages are
 * wrapped from one field each). Only the finding's field depends on it, never its message.
 */
function fieldOf(doc: Interpretation | OpenEvent, page: VideoPage): string {
  if (doc.kind === 'event') return page.say.includes(forScreen(doc.title).slice(0, 6)) ? 'title' : '';
  const words = (text: string) => forScreen(text).replace(/\s+/g, '');
  const start = [...words(page.say)].slice(0, 6).join('');
  if (!start) return '';
  const fields: Array<[string, string]> = [
    ['title', doc.title],
    ...doc.keyPoints.map((k, i): [string, string] => [`keyPoints[${i}]`, k.text]),
    ...doc.qa.map((q, i): [string, string] => [`qa[${i}]`, `答：${q.answer}`]),
    ...doc.overrides.map((o): [string, string] => ['overrides', o.narration]),
  ];
  return fields.find(([, text]) => words(text).includes(start))?.[0] ?? (page.say.includes('《') ? 'basis' : '');
}
