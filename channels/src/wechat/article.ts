import { wechatTemplates } from '@tongyuan/templates';
import type { Interpretation, OpenEvent } from '../document/types';
import { eventFacts } from '../text/event-facts';
import { interviewParts } from '../text/interview-parts';
import { richText, sanitizedFor } from '../text/contract';

/**
 * The WeChat article body, as the text contract says (text/contract.ts): plain fields escaped by the
 * template, the author's body through WeChat's body allow-list, the whole through WeChat's allow-list.
 */

export interface ArticleParts { digest: string; department: string; hotline: string; basis: string[]; explainers: string[] }

export function articleHtml(doc: Interpretation | OpenEvent, parts: ArticleParts, maxCharacters: number): { html: string; truncated: boolean } {
  // An event's article opens with its facts (when, where, who, how to take part); an interpretation's with its key points.
  // A 访谈's article adds its guests and time to the facts, its transcript (speakers in bold) and the questions answered on air.
  const interview = doc.kind === 'event' ? null : interviewParts(doc);
  let turns = interview?.turns ?? [];
  const fill = (bodyHtml: string, truncated: boolean) => sanitizedFor('wechat', wechatTemplates.article({
    ...parts, truncated, bodyHtml, turns,
    facts: doc.kind === 'event' ? eventFacts(doc).filter((f) => f.key !== 'department') : interview!.facts,
    keyPoints: doc.kind === 'event' ? [] : doc.keyPoints.map((k, i) => ({ number: i + 1, heading: k.heading, text: k.text })),
    qa: doc.kind === 'event' ? [] : [...doc.qa, ...interview!.answered],
  }));
  const body = richText('wechat', doc.body);
  let html = fill(body, false);
  if ([...html].length <= maxCharacters) return { html, truncated: false };
  // Too long for one article: the author's body is cut at a paragraph end; readers follow 阅读原文.
  const paragraphs = body.split(/(?<=<\/(?:p|ul|ol|table|blockquote|h2|h3|h4)>)/);
  while (paragraphs.length > 0) {
    paragraphs.pop();
    html = fill(paragraphs.join(''), true);
    if ([...html].length <= maxCharacters) return { html, truncated: true };
  }
  // Still too long: a long transcript keeps its first turns; the whole is on the page behind 阅读原文.
  const all = turns;
  let [fits, tooMany] = [0, all.length]; // binary search for the most turns that fit
  while (tooMany - fits > 1) {
    const middle = Math.floor((fits + tooMany) / 2);
    turns = all.slice(0, middle);
    if ([...fill('', true)].length <= maxCharacters) fits = middle;
    else tooMany = middle;
  }
  turns = all.slice(0, fits);
  return { html: fill('', true), truncated: true };
}
