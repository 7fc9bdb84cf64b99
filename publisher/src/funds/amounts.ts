/**
 * Amounts and counts as the funds' pages and feed show them (1,234.50; 12,345). The formatters are
 * made once: `toLocaleString` builds one per call, and a county's page prints hundreds of figures.
 */
const YUAN = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const COUNT = new Intl.NumberFormat('zh-CN');

/** Fen (分) as yuan with two decimals. */
export const yuan = (fen: number) => YUAN.format(fen / 100);
export const count = (n: number) => COUNT.format(n);
