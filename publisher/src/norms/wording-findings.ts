import { channelFor } from '@tongyuan/channels';
import type { Db } from '../store/db';
import type { WordingFindingsTable } from '../store/schema';

/**
 * The monitoring platforms' count (发现严重表述错误 N 处，已修改 M 处，未修改 K 处): one 处 is one
 * wrong form in one document on one channel. 已修改 counts those gone after a republish; one whose
 * document was withdrawn is no longer shown either, and is counted apart (已撤下).
 */
export interface WordingCounts { found: number; fixed: number; withdrawn: number; open: number }

export interface WordingFindingView {
  documentId: string; title: string; channel: string; channelName: string; found: string; suggestion: string | null;
  severity: WordingFindingsTable['severity']; message: string; places: string; occurrences: number;
  firstSeenAt: string; fixedAt: string | null; fixedHow: WordingFindingsTable['fixed_how'];
}

/** Which findings count: a period (first found in it, or still open), a severity, and the documents and channels of a scope. */
export interface WordingFilter {
  from?: string;
  to?: string;
  severity?: WordingFindingsTable['severity'];
  /** Only these (channel, document, its department) findings, e.g. what one account or county carries. */
  carried?: (channel: string, documentId: string, department: string | null) => boolean;
}

export class WordingFindings {
  constructor(private readonly db: Db) {}

  async list(filter: WordingFilter = {}): Promise<WordingFindingView[]> {
    let query = this.db.selectFrom('wording_findings').selectAll();
    if (filter.severity) query = query.where('severity', '=', filter.severity);
    // In the period: found in it, or found earlier and still shown (or put right) in it.
    if (filter.to) query = query.where('first_seen_at', '<', filter.to);
    if (filter.from) query = query.where((eb) => eb.or([eb('fixed_at', 'is', null), eb('fixed_at', '>=', filter.from!)]));
    const rows = await query.orderBy('first_seen_at', 'desc').orderBy('id').execute();
    return rows.filter((r) => !filter.carried || filter.carried(r.channel, r.document_id, r.department)).map((r) => ({
      documentId: r.document_id, title: r.title, channel: r.channel, channelName: channelFor(r.channel)?.name ?? r.channel, found: r.found,
      suggestion: r.suggestion, severity: r.severity, message: r.message, places: r.places, occurrences: r.occurrences,
      firstSeenAt: r.first_seen_at, fixedAt: r.fixed_at, fixedHow: r.fixed_how,
    }));
  }

  async counts(filter: WordingFilter = {}): Promise<WordingCounts> {
    return countsOf(await this.list(filter));
  }
}

export function countsOf(findings: Array<Pick<WordingFindingView, 'fixedHow'>>): WordingCounts {
  const fixed = findings.filter((f) => f.fixedHow === 'republished').length;
  const withdrawn = findings.filter((f) => f.fixedHow === 'withdrawn').length;
  return { found: findings.length, fixed, withdrawn, open: findings.length - fixed - withdrawn };
}

/** The sentence the monitoring platforms write. */
export const countsSentence = (c: WordingCounts, what = '严重表述错误') =>
  `发现${what} ${c.found} 处，已修改 ${c.fixed} 处，未修改 ${c.open} 处${c.withdrawn ? `，已撤下 ${c.withdrawn} 处` : ''}`;
