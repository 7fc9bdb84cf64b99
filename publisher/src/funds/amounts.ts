/**
 * Amounts and counts as the funds' pages, feed and posters show them (1,234.50; 12,345). The
 * formatters are made once: `toLocaleString` builds one per call, which was a tenth of a busy
 * publisher's time under a crowd of lookups.
 */
const YUAN = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const COUNT = new Intl.NumberFormat('zh-CN');

/** Fen (分) as yuan with two decimals. */
export const yuan = (fen: number) => YUAN.format(fen / 100);
export const count = (n: number) => COUNT.format(n);
