import type { Db } from '../store/db';
import type { FundBatchPlacesTable } from '../store/fund-disclosure';
import { count, yuan } from './amounts';
import { maskIdNumber, maskName, type MaskRule } from './masking';

/**
 * What a reviewer checks before signing a payment batch off (签发) on the CMS's 民生资金 page: its
 * payments and amount per fund and per township, from the sums made when it was staged — the same
 * figures the county's pages will show once it is live. Sums only: no payee.
 */
const PINYIN = new Intl.Collator('zh-Hans-CN');
export interface ReviewLine { name: string; payments: string; amount: string }
export interface BatchReview { funds: ReviewLine[]; townships: ReviewLine[] }

export async function batchReview(db: Db, batchId: number): Promise<BatchReview> {
  const places = db.withTables<{ fund_batch_places: FundBatchPlacesTable }>();
  const by = async (column: 'fund' | 'township'): Promise<ReviewLine[]> => {
    const rows = await places.selectFrom('fund_batch_places').where('batch_id', '=', batchId)
      .select((e) => [column, e.fn.sum<number>('payments').as('payments'), e.fn.sum<number>('total_fen').as('total')])
      .groupBy(column).execute();
    // In pinyin order, as a Chinese list is read (the stores' own collations differ).
    return rows.map((r) => ({ name: String(r[column]), payments: count(Number(r.payments)), amount: yuan(Number(r.total)) }))
      .sort((a, b) => PINYIN.compare(a.name, b.name));
  };
  const [funds, townships] = await Promise.all([by('fund'), by('township')]);
  return { funds, townships };
}

/**
 * A refused row's reason as the CMS's list shows it to anyone of the county who uploads or signs off:
 * a name or ID number it quotes (a name with digits in it, a malformed number) masked by the public
 * rule, the birth date of a malformed number left out. The uploader's own answer keeps them whole.
 */
export const maskedRowError = (error: string, rule: MaskRule) => error
  .replace(/姓名“([^”]*)”/g, (_, value: string) => `姓名“${maskName(value, rule)}”`)
  .replace(/(身份证号[^“；]*)“([^”]*)”/g, (_, label: string, value: string) => `${label}“${maskIdNumber(value, rule)}”`)
  .replace(/出生日期 \d{8} /g, '出生日期');
