import { createHmac } from 'node:crypto';
import type { Config } from '../config';
import { PublisherError } from '../errors';
import type { Db } from '../store/db';
import type { FundActor, FundStore } from '../store/funds';
import { openPaymentWriter, type PaymentWriter } from '../store/payment-writer';
import { mapColumns, PAYMENT_COLUMNS, type ColumnMap } from './columns';
import { NOTE_NAMES_A_PERSON, noteHasLongNumber, noteNames, refuseNoteNamingOldPayees } from './correction-note';
import { IdNumberChecker } from './id-number';
import { checkPaymentRow, isBlank } from './payment-rows';
import { readSheet } from './sheet';

/**
 * Importing a payment spreadsheet (个人/农户发放明细) as one batch, written once for the CMS's upload
 * and the command line: every row is checked against the county's fund catalogue and village list;
 * rows go to the store as they pass, and if any row fails the whole batch is thrown away and every
 * failing row is named (the first hundred), so the office fixes the sheet and uploads it again.
 * A batch that corrects an earlier one names it and says what was corrected (更正); it replaces it
 * when it goes live, and the earlier one stays as history.
 */
export interface ImportPaymentsDeps { db: Db; funds: FundStore; clock: () => Date; config: Pick<Config, 'HOOK_SECRET'> }
export interface PaymentsUpload {
  path: string; fileName: string; county: string; title: string;
  /** Header wording of this office's own layout, by column key ({ name: '户主' }). */
  mapping?: Record<string, string>;
  replaces?: number | null; correctionNote?: string | null;
  /** Who uploaded it in the CMS (the command line names nobody): they may not sign it off. */
  uploadedBy?: FundActor;
}
export interface ImportedBatch { batchId: number; rows: number; totalFen: number }

const REPORTED_ERRORS = 100;

/**
 * The payee's ID number as an HMAC: what a household's own lookup and the cross-checks match on.
 * 128 bits of it (32 hex digits) tell a province's payees apart and keep the index small.
 */
export const payeeKeyOf = (secret: string, idNumber: string) => createHmac('sha256', secret).update(`fund-payee:${idNumber}`).digest('hex').slice(0, 32);

export async function importPayments(deps: ImportPaymentsDeps, upload: PaymentsUpload): Promise<ImportedBatch> {
  if (upload.replaces && !upload.correctionNote?.trim()) {
    throw new PublisherError('FUND_IMPORT_INVALID', '更正批次须写明更正说明（更正了什么、为什么），公开页面会显示这段说明');
  }
  const note = upload.correctionNote?.trim() || null;
  if (note && noteHasLongNumber(note)) throw new PublisherError('FUND_IMPORT_INVALID', NOTE_NAMES_A_PERSON);
  if (note && upload.replaces) await refuseNoteNamingOldPayees(deps.db, note, upload.replaces);
  const context = await deps.funds.catalog(upload.county);
  if (context.funds.size === 0) throw new PublisherError('FUND_IMPORT_INVALID', `区县 ${upload.county} 还没有资金目录：请先导入资金目录（资金名称、来源、标准、执行期）`);
  if (context.villages.size === 0) throw new PublisherError('FUND_IMPORT_INVALID', `区县 ${upload.county} 还没有村名单：请先导入乡镇和村(社区)名单`);

  const batchId = await deps.funds.createBatch({
    kind: 'payments', county: upload.county, title: upload.title, file_name: upload.fileName,
    replaces: upload.replaces ?? null, correction_note: note, created_at: deps.clock().toISOString(),
    uploaded_by: upload.uploadedBy?.id ?? null, uploaded_by_name: upload.uploadedBy?.name ?? null,
  });
  const errors: string[] = [];
  let errorCount = 0;
  let rows = 0;
  let totalFen = 0;
  let writer: PaymentWriter | null = await openPaymentWriter(deps.db);
  try {
    const ids = new IdNumberChecker();
    // A household is paid by many funds in one sheet: its key is worked out once.
    const payeeKeys = new Map<string, string>();
    const payeeKey = (idNumber: string) => payeeKeys.get(idNumber) ?? payeeKeys.set(idNumber, payeeKeyOf(deps.config.HOOK_SECRET, idNumber)).get(idNumber)!;
    let columns: ColumnMap | null = null;
    for await (const row of readSheet(upload.path, upload.fileName)) {
      if (isBlank(row)) continue;
      if (!columns) {
        columns = mapColumns(PAYMENT_COLUMNS, row.cells, row.rowNumber, upload.mapping);
        continue;
      }
      const checked = checkPaymentRow(row, columns, context, ids);
      if (typeof checked === 'string') {
        errorCount += 1;
        if (errors.length < REPORTED_ERRORS) errors.push(checked);
        // Nothing more is written once a row fails; the rest are still read, to name every row to fix.
        if (writer) await writer.abort().then(() => { writer = null; });
        continue;
      }
      if (note && noteNames(note, checked.name) && !errors.includes(NOTE_NAMES_A_PERSON)) {
        errorCount += 1;
        errors.unshift(NOTE_NAMES_A_PERSON);
        if (writer) await writer.abort().then(() => { writer = null; });
      }
      rows += 1;
      totalFen += checked.amountFen;
      await writer?.write({
        batch_id: batchId, row_number: checked.rowNumber, fund: checked.fund, township: checked.township, village: checked.village,
        payee_name: checked.name, id_number: checked.idNumber, payee_key: payeeKey(checked.idNumber),
        amount_fen: checked.amountFen, paid_on: checked.paidOn, item: checked.item,
      });
    }
    if (!columns) errors.push('文件是空的：第一行应为表头（资金名称、乡镇、村(社区)、姓名、身份证号、发放金额(元)、发放日期）');
    else if (rows === 0 && errorCount === 0) errors.push('表头下面没有数据行');
  } catch (error) {
    await writer?.abort();
    writer = null;
    await deps.funds.failBatch(batchId, [error instanceof PublisherError ? error.publicMessage : '导入时出错']);
    throw error;
  }
  if (errors.length > 0) {
    await writer?.abort();
    await deps.funds.failBatch(batchId, errors);
    const count = errorCount || errors.length;
    throw new PublisherError('FUND_IMPORT_INVALID',
      `${count > 1 ? `有 ${count} 行需要修改` : errors[0]}，整批未导入${count > 1 ? `：${errors.slice(0, 3).join('\n')}${count > 3 ? '\n……' : ''}` : ''}`,
      { details: { batchId, errors, errorCount: count } });
  }
  await writer!.close();
  await deps.funds.stageBatch(batchId, rows, totalFen);
  return { batchId, rows, totalFen };
}
