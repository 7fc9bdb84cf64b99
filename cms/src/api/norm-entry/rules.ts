/**
 * What the office may save as one 表述规范 entry, checked on every write (admin, REST, import):
 * the messages say what to change. The publisher reads the same entries and skips none of them.
 */
export interface NormEntryInput { kind?: string | null; wrong?: string | null; right?: string | null; since?: string | null }

export function normEntryProblems(entry: NormEntryInput): string[] {
  const problems: string[] = [];
  const wrong = entry.wrong?.trim() ?? '';
  const right = entry.right?.trim() ?? '';
  if ([...wrong].length < 2) problems.push('“错误写法”至少两个字：单字会在正文里到处误报');
  if (entry.kind !== 'forbidden' && !right) problems.push('请填写“正确写法”（只有禁用表述可以不填）');
  if (right && right === wrong) problems.push('“正确写法”与“错误写法”相同：请改正其中一个');
  if (entry.kind === 'outdated' && !entry.since) problems.push('过时表述请填写“改变日期”（如 2018 年机构改革为 2018-03-17）');
  return problems;
}
