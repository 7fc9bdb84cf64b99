import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import { PublisherError } from '../errors';
import { loadExcel } from '../libraries';

/**
 * The rows of a spreadsheet as finance bureaus and township offices keep them: xlsx (the first
 * worksheet) or CSV — UTF-8, or GB18030/GBK as Excel on a Chinese Windows saves it. Each row comes
 * as its cells in text, numbers or dates, numbered as the spreadsheet shows them (the header is row 1
 * unless blank rows come first), so a refusal can say 行 123. Read as a stream: a million rows fit.
 */
export type Cell = string | number | Date | null;
export interface SheetRow { rowNumber: number; cells: Cell[] }

export async function* readSheet(file: string, fileName: string): AsyncGenerator<SheetRow> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) yield* readXlsx(file);
  else if (lower.endsWith('.csv') || lower.endsWith('.txt')) yield* readCsv(file);
  else throw new PublisherError('FUND_IMPORT_INVALID', `不支持的文件类型“${fileName}”：请上传 Excel（.xlsx）或 CSV 文件；.xls 请先在 Excel 中另存为 .xlsx`);
}

/** UTF-8 unless the first 64 KB are not (then GB18030, a superset of GBK and GB2312). */
async function encodingOf(file: string): Promise<'utf-8' | 'gb18030'> {
  const handle = await open(file, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(65_536), 0, 65_536, 0);
    // A multi-byte character cut at the end of the sample is not a reason to doubt it.
    const sample = buffer.subarray(0, bytesRead === 65_536 ? bytesRead - 4 : bytesRead);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
      return 'utf-8';
    } catch {
      return 'gb18030';
    }
  } finally {
    await handle.close();
  }
}

async function* readCsv(file: string): AsyncGenerator<SheetRow> {
  const encoding = await encodingOf(file);
  const bytes = createReadStream(file);
  const text = encoding === 'utf-8' ? bytes : Readable.from(decodeStream(bytes, encoding));
  const parser = text.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: false, info: true }));
  try {
    for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { rowNumber: record.info.lines, cells: record.record.map((value) => (value === '' ? null : value)) };
    }
  } catch (error) {
    throw new PublisherError('FUND_IMPORT_INVALID', `CSV 文件无法读取（${(error as Error).message}）：请在 Excel 中打开后另存为 .xlsx 再上传`, { cause: error });
  }
}

async function* decodeStream(bytes: AsyncIterable<Buffer>, encoding: string): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  for await (const chunk of bytes) yield decoder.decode(chunk, { stream: true });
  yield decoder.decode();
}

async function* readXlsx(file: string): AsyncGenerator<SheetRow> {
  const reader = new (loadExcel().stream.xlsx.WorkbookReader)(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit' });
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const cells: Cell[] = [];
        (row.values as ExcelJS.CellValue[]).forEach((value, column) => { cells[column - 1] = cellOf(value); });
        yield { rowNumber: row.number, cells: Array.from(cells, (c) => c ?? null) };
      }
      return; // the first worksheet only
    }
  } catch (error) {
    if (error instanceof PublisherError) throw error;
    throw new PublisherError('FUND_IMPORT_INVALID', `Excel 文件无法读取（${(error as Error).message}）：请确认是 .xlsx 文件且未加密`, { cause: error });
  }
}

/** A cell as text, a number or a date: formulas by their result, rich text by its text. */
function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'object' && 'result' in value) return cellOf(value.result as ExcelJS.CellValue);
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  if (typeof value === 'object' && 'text' in value) return String(value.text);
  if (typeof value === 'object' && 'error' in value) return null;
  return String(value);
}
