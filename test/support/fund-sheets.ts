import { mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { PublisherError } from '../../publisher/src/errors';
import { temporaryFolder } from './temporary-folders';
import type { Db } from '../../publisher/src/store/db';

/**
 * Spreadsheets as finance offices save them, for the funds' import tests: rows written to a CSV
 * (every cell quoted) or to an .xlsx's first worksheet (cells keep their types: numbers, dates),
 * in a temporary folder of their own.
 */
export function sheetWriter(prefix: string) {
  const dir = temporaryFolder(prefix); // removed after the test file (leftovers.ts)
  // Each sheet in a folder of its own, under the name given: a test file that writes "broken.xlsx" once per store
  // never rewrites a file an earlier import may still hold open. (import-projects' PostgreSQL half failed once in CI
  // with another refusal than the row's; rewriting the same file is the one difference found from its SQLite half.)
  const fresh = (name: string) => path.join(mkdtempSync(path.join(dir, 'sheet-')), name);
  return {
    dir,
    csv(name: string, rows: unknown[][]): string {
      const file = fresh(name);
      writeFileSync(file, rows.map((r) => r.map((c) => `"${String(c).replace(/"/g, '""')}"`).join(',')).join('\r\n'));
      return file;
    },
    async xlsx(name: string, rows: unknown[][]): Promise<string> {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('Sheet1');
      for (const r of rows) sheet.addRow(r);
      const file = fresh(name);
      await book.xlsx.writeFile(file);
      return file;
    },
  };
}

/** The PublisherError an operation was refused with (the test fails if it was not refused). */
export async function refusal(run: Promise<unknown>): Promise<PublisherError> {
  const error = await run.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(PublisherError);
  return error as PublisherError;
}

/** How many rows of `table` belong to a batch (a refused or sent-back batch keeps none). */
export async function rowsOfBatch(db: Db, table: string, batchId: number): Promise<number> {
  const row = await db.selectFrom(table as never).where('batch_id' as never, '=', batchId as never)
    .select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow() as { n: number };
  return Number(row.n);
}
