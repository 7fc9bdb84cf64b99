import { sql } from 'kysely';
import { PublisherError } from '../errors';
import type { Db } from '../store/db';

/**
 * A correction's 更正说明 is public: the county page, the feed and the history show it as written.
 * It may say what changed and why, never whose full name or number it was — a clerk's natural
 * "龙秀英的补贴由 105 元更正为 150 元" would publish a payee's name in full beside the masked rows.
 */
export const NOTE_NAMES_A_PERSON = '更正说明会公开显示，不要写领取人的全名、身份证号、银行账号或电话：请写行号或资金项目，姓名只写隐去中间的形式（如“龙*英”）';

/** 11 digits or more in a row: a phone, an ID number or a bank account (no amount a county pays is that long). */
export function noteHasLongNumber(note: string): boolean {
  return /\d{11,}/.test(note.replace(/[\s-]/g, ''));
}

/** The note holds this payee's name in full (one-character names are any character: not a name then). */
export function noteNames(note: string, name: string): boolean {
  return [...name].length > 1 && note.includes(name);
}

/** Refuses the note when a payee of the batch it corrects is named in it in full (people the correction removed included). */
export async function refuseNoteNamingOldPayees(db: Db, note: string, replaces: number): Promise<void> {
  const named = await sql<{ n: number }>`select count(*) as n from fund_payments
    where batch_id = ${replaces} and length(payee_name) > 1 and ${note} like '%' || payee_name || '%'`.execute(db);
  if (Number(named.rows[0]?.n ?? 0) > 0) throw new PublisherError('FUND_IMPORT_INVALID', NOTE_NAMES_A_PERSON);
}
