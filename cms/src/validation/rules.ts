import { normalizeClauseNumber, parseClauseNumbers } from '@tongyuan/document';

/**
 * Consistency rules a saved document must satisfy. Each returns messages an author can act on
 * (Chinese, naming the field and what to change). Input: the document as stored, populated.
 */

interface Clause { number: string }
interface PolicyDocument {
  documentId?: string;
  title?: string;
  documentNumber?: string;
  validFrom?: string | null;
  validTo?: string | null;
  issuedDate?: string | null;
  clauses?: Clause[];
  supersedes?: { documentId?: string } | null;
}
interface Interpretation {
  basis?: Array<{ policy?: PolicyDocument | null; clauses?: string | null }>;
  overrides?: Array<{ channel: string }>;
  keyPoints?: unknown[];
}

export function policyDocumentProblems(doc: PolicyDocument): string[] {
  const problems: string[] = [];
  if (doc.validFrom && doc.validTo && doc.validTo < doc.validFrom) {
    problems.push(`失效日期（${doc.validTo}）早于生效日期（${doc.validFrom}）：请把失效日期改到生效日期之后，或清空失效日期`);
  }
  const seen = new Set<string>();
  for (const clause of doc.clauses ?? []) {
    const key = normalizeClauseNumber(clause.number ?? '');
    if (!key) {
      problems.push('有条款没有填写条款号：请为每个条款填写条款号，如“第一条”');
      continue;
    }
    if (seen.has(key)) problems.push(`条款号“${clause.number}”重复：同一文件内每个条款号只能出现一次`);
    seen.add(key);
  }
  if (doc.supersedes?.documentId && doc.supersedes.documentId === doc.documentId) {
    problems.push('“废止/替代的文件”不能选择本文件自己');
  }
  return problems;
}

export function interpretationProblems(doc: Interpretation): string[] {
  const problems: string[] = [];
  (doc.basis ?? []).forEach((basis, index) => {
    const label = `政策依据第 ${index + 1} 项`;
    const policy = basis.policy;
    if (!policy) {
      problems.push(`${label}没有选择政策文件：请选择所解读的政策文件，或删除这一项`);
      return;
    }
    const available = (policy.clauses ?? []).map((c) => normalizeClauseNumber(c.number));
    const missing = parseClauseNumbers(basis.clauses).filter((n) => !available.includes(normalizeClauseNumber(n)));
    if (missing.length > 0) {
      const list = available.length > 0 ? available.join('、') : '（该文件尚未录入条款）';
      problems.push(
        `${label}引用的条款 ${missing.map((n) => `“${n}”`).join('、')} 在《${policy.title}》（${policy.documentNumber}）中不存在。该文件的条款有：${list}`,
      );
    }
  });
  const channels = (doc.overrides ?? []).map((o) => o.channel);
  const repeated = channels.filter((c, i) => channels.indexOf(c) !== i);
  if (repeated.length > 0) {
    problems.push(`渠道定制中“${[...new Set(repeated)].join('、')}”出现了多次：每个渠道只保留一条定制内容`);
  }
  return problems;
}
