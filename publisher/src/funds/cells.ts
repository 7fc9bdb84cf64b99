import type { Cell } from './sheet';

/**
 * Reading one cell as what it should be, the way offices fill them in: amounts as 1200, 1,200.50 or
 * ¥1200 元; dates as Excel dates, 2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日 or 20260305. Each
 * returns the value or the reason it is not one, in words for 行 123：… .
 */
export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/;
const MARKUP = /<\s*\/?\s*[a-z!?][^>]*>|javascript\s*:/i;

export function textOf(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).normalize('NFC').trim();
}

export function readText(cell: Cell, label: string, max: number, required: boolean): Read<string> {
  const text = textOf(cell);
  if (!text) return required ? { ok: false, reason: `${label}为空` } : { ok: true, value: '' };
  if (CONTROL.test(text)) return { ok: false, reason: `${label}含有无法识别的字符` };
  if (MARKUP.test(text)) return { ok: false, reason: `${label}不能包含网页代码` };
  if ([...text].length > max) return { ok: false, reason: `${label}超过 ${max} 字` };
  return { ok: true, value: text };
}

/** A person's name: Chinese (rare characters and · of minority names included) or Latin letters; no digits. */
export function readName(cell: Cell, label: string): Read<string> {
  const text = readText(cell, label, 30, true);
  if (!text.ok) return text;
  if (/\d/.test(text.value)) return { ok: false, reason: `${label}“${text.value}”含有数字：姓名和身份证号是否填反了？` };
  return text;
}

/** Yuan to fen (分), exactly: at most two decimals, more than zero. */
export function readAmount(cell: Cell, label: string): Read<number> {
  const raw = typeof cell === 'number' ? cell.toString() : textOf(cell).replace(/[,，¥￥\s]|元$/g, '');
  if (!raw) return { ok: false, reason: `${label}为空` };
  const match = /^(-)?(\d+)(?:\.(\d{1,2})\d*)?$/.exec(raw);
  if (!match) return { ok: false, reason: `${label}“${raw.slice(0, 20)}”不是数字` };
  if (match[1]) return { ok: false, reason: `${label}为负数（${raw}）：发放金额应大于 0，退回的款项请另行说明` };
  if (typeof cell !== 'number' && /\.\d{3,}/.test(raw)) return { ok: false, reason: `${label}“${raw}”超过两位小数（分）` };
  const fen = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  if (typeof cell === 'number' && Math.abs(cell * 100 - Math.round(cell * 100)) > 1e-6) return { ok: false, reason: `${label}“${raw}”超过两位小数（分）` };
  if (fen === 0) return { ok: false, reason: `${label}为 0` };
  if (!Number.isSafeInteger(fen)) return { ok: false, reason: `${label}“${raw}”过大` };
  return { ok: true, value: fen };
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** A calendar day, YYYY-MM-DD. */
export function readDate(cell: Cell, label: string): Read<string> {
  if (cell instanceof Date) return { ok: true, value: cell.toISOString().slice(0, 10) };
  if (typeof cell === 'number' && cell > 20_000 && cell < 80_000) {
    return { ok: true, value: new Date(EXCEL_EPOCH_MS + Math.floor(cell) * 86_400_000).toISOString().slice(0, 10) };
  }
  const text = textOf(cell);
  if (!text) return { ok: false, reason: `${label}为空` };
  const parts = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (parts) {
    const day = `${parts[1]}-${parts[2].padStart(2, '0')}-${parts[3].padStart(2, '0')}`;
    const date = new Date(`${day}T00:00:00Z`);
    if (!Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day) return { ok: true, value: day };
  }
  return { ok: false, reason: `${label}“${text.slice(0, 20)}”不是日期（请写成 2026-03-05 或 2026年3月5日）` };
}
