import type { Figure } from './report';

/**
 * A goal is a list of conditions, each naming the figure it compares ("p95", "errors"). The goal's
 * printed text is written from the conditions and the verdict compares the figures under those same
 * names, so a row can no longer say "p95 163 ms … met" while its verdict looked at p50: a condition
 * whose figure was not measured is an error, not a pass.
 */
export interface Condition {
  /** The figure compared, as it is named in the measured text (p95, p99, req/s, errors, ×实时 …). */
  figure: string;
  is: '≤' | '<' | '≥' | '=';
  limit: number;
  /** Appended to the limit in the goal's text: ' ms', ' s', '×'. */
  unit?: string;
  /** How the limit reads when it is derived from another figure ("2× static"); the number is still what is compared. */
  limitText?: string;
}

export type Figures = Record<string, number>;

export function goalText(goal: Condition[]): string {
  return goal.map((c) => `${c.figure} ${c.is} ${c.limitText ?? `${c.limit}${c.unit ?? ''}`}`).join(', ');
}

/** 'met' only when every condition holds for the figure it names. */
export function verdict(goal: Condition[], figures: Figures): 'met' | 'missed' {
  if (goal.length === 0) throw new Error('a goal needs at least one condition');
  const holds = goal.map((c) => {
    const value = figures[c.figure];
    if (typeof value !== 'number' || Number.isNaN(value)) {
      throw new Error(`goal "${goalText([c])}" names figure "${c.figure}", which was not measured (measured: ${Object.keys(figures).join(', ') || 'nothing'})`);
    }
    if (c.is === '≤') return value <= c.limit;
    if (c.is === '<') return value < c.limit;
    if (c.is === '≥') return value >= c.limit;
    return value === c.limit;
  });
  return holds.every(Boolean) ? 'met' : 'missed';
}

/** A row with a goal: its goal text and verdict both come from `goal` and `figures`. */
/** The only way to a Figure: rows are branded so an object literal with a hand-written verdict does not type-check. */
const asFigure = (row: Pick<Figure, 'name' | 'goal' | 'measured' | 'ratio' | 'verdict' | 'raw'>) => row as unknown as Figure;

export function judged(row: { name: string; goal: Condition[]; figures: Figures; measured: string; ratio?: string; raw?: Record<string, unknown> }): Figure {
  return asFigure({
    name: row.name, goal: goalText(row.goal), measured: row.measured, ratio: row.ratio,
    verdict: verdict(row.goal, row.figures), raw: { ...row.raw, figures: row.figures },
  });
}

/** A row without a verdict: a comparison, or a goal that this run is too short to judge (said in `goal`). */
export function informative(row: { name: string; goal?: string; measured: string; ratio?: string; raw?: Record<string, unknown> }): Figure {
  return asFigure({ name: row.name, goal: row.goal ?? 'comparison', measured: row.measured, ratio: row.ratio, verdict: 'info', raw: row.raw ?? {} });
}
