import { createHash } from 'node:crypto';

/** A text an author wrote and where it sits: `field` is the CMS field's path (keyPoints.0.text), as the admin and the one-click fix name it. */
export interface AuthoredText { field: string; label: string; text: string }

type Maybe<T> = T | null | undefined;
/** The text fields of an interpretation or policy document, as the CMS stores them (a draft) or the publisher reads them. */
export interface TextFields {
  title?: Maybe<string>; digest?: Maybe<string>; body?: Maybe<string>; fullText?: Maybe<string>;
  keyPoints?: Maybe<Array<{ heading?: Maybe<string>; text?: Maybe<string> }>>;
  qa?: Maybe<Array<{ question?: Maybe<string>; answer?: Maybe<string> }>>;
  overrides?: Maybe<Array<{ channel?: Maybe<string>; title?: Maybe<string>; digest?: Maybe<string>; text?: Maybe<string>; narration?: Maybe<string> }>>;
  clauses?: Maybe<Array<{ text?: Maybe<string> }>>;
  /** 开放活动's own texts. */
  place?: Maybe<string>; audience?: Maybe<string>; bring?: Maybe<string>; accessibility?: Maybe<string>;
}

/**
 * Every text a channel shows comes from these fields: pages, feeds and packages carry them, images
 * draw the title and key points, subtitles and narration read the key points, Q&A and overrides.
 * Checking each once checks it on every channel; a channel's override is checked as that channel's
 * own text. The CMS (before publishing) and the publisher (preflight, inspection) read the same list.
 */
export function authoredTexts(kind: 'interpretation' | 'policy-document' | 'event', doc: TextFields): AuthoredText[] {
  const out: AuthoredText[] = [{ field: 'title', label: kind === 'event' ? '活动主题' : '标题', text: doc.title ?? '' }];
  if (kind === 'event') {
    out.push(
      { field: 'digest', label: '摘要', text: doc.digest ?? '' }, { field: 'body', label: '活动介绍', text: doc.body ?? '' },
      { field: 'place', label: '活动地点', text: doc.place ?? '' }, { field: 'audience', label: '参加对象', text: doc.audience ?? '' },
      { field: 'bring', label: '携带物品', text: doc.bring ?? '' }, { field: 'accessibility', label: '无障碍说明', text: doc.accessibility ?? '' },
    );
  } else if (kind === 'interpretation') {
    out.push({ field: 'digest', label: '摘要', text: doc.digest ?? '' }, { field: 'body', label: '正文', text: doc.body ?? '' });
    (doc.keyPoints ?? []).forEach((k, i) => out.push(
      { field: `keyPoints.${i}.heading`, label: `要点 ${i + 1} 标题`, text: k.heading ?? '' },
      { field: `keyPoints.${i}.text`, label: `要点 ${i + 1}`, text: k.text ?? '' },
    ));
    (doc.qa ?? []).forEach((q, i) => out.push(
      { field: `qa.${i}.question`, label: `问答 ${i + 1} 问题`, text: q.question ?? '' },
      { field: `qa.${i}.answer`, label: `问答 ${i + 1} 回答`, text: q.answer ?? '' },
    ));
    (doc.overrides ?? []).forEach((o, i) => {
      for (const key of ['title', 'digest', 'text', 'narration'] as const) {
        out.push({ field: `overrides.${i}.${key}`, label: `${o.channel ?? ''} 渠道定制`, text: o[key] ?? '' });
      }
    });
  } else {
    out.push({ field: 'fullText', label: '全文', text: doc.fullText ?? '' });
    (doc.clauses ?? []).forEach((c, i) => out.push({ field: `clauses.${i}.text`, label: `第 ${i + 1} 条`, text: c.text ?? '' }));
  }
  return out.filter((t) => t.text);
}

/** One hash of every authored text: an office's override of the norms check holds for exactly this wording. */
export function authoredTextsHash(texts: AuthoredText[]): string {
  return createHash('sha256').update(JSON.stringify(texts.map((t) => [t.field, t.text]))).digest('hex');
}
