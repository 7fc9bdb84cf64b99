import type { FastifyInstance, FastifyReply } from 'fastify';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../../config';
import { PublisherError } from '../../errors';
import { yuan } from '../../funds/amounts';
import { BATCH_KINDS, batchFields, importBatch, isBatchKind, KIND_SPECS } from '../../funds/batch-kinds';
import { batchReview, maskedRowError } from '../../funds/batch-review';
import type { MaskRule } from '../../funds/masking';
import { importFundCatalog, importVillages } from '../../funds/import-catalog';
import type { Db } from '../../store/db';
import { FundStore, type FundActor, type FundBatch } from '../../store/funds';

/**
 * The CMS's 民生资金 screen (cms/src/funds/): the same operations as `npm run funds`, asked with the
 * shared secret by the CMS, which has decided the logged-in user's county and role and names them:
 *   POST /hooks/funds/:county/uploads/:kind?fileName=&title=&replaces=&note=&map=&actorId=&actorName=
 *        the sheet's bytes (application/octet-stream); kind villages | catalog, or a batch's: payments | projects |
 *        ledgers | housing (funds/batch-kinds.ts; a roster's title is its round)
 *   GET  /hooks/funds/:county/batches                the newest batches of each kind: status, rows, total, a refused one's
 *                                                    row errors, a staged one's 核对明细 (funds/batch-review.ts)
 *   POST /hooks/funds/:county/batches/:id/live       {actorId, actorName}: 签发, never by the batch's uploader
 *   POST /hooks/funds/:county/batches/:id/withdraw   {reason, actorId, actorName}: 撤回, the reason required
 *   POST /hooks/funds/:county/batches/:id/return     {reason, actorId, actorName, ownOnly}: 退回 a staged batch (ownOnly: its uploader's only)
 * Listings hold counts and totals only: no payee's name or ID number leaves here.
 */
export interface FundUploadDeps { db: Db; config: Pick<Config, 'HOOK_SECRET' | 'FUND_NAME_MASK' | 'FUND_ID_SHOWN'> }

const COUNTY = /^[a-z0-9][a-z0-9-]{0,63}$/;
const ID = /^\d{1,9}$/;
/** A county's largest payment sheet (a million rows) is about 90 MB as CSV. */
const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
/** Batches listed per kind. */
const LISTED = 50;
const STATUS_NAMES: Record<FundBatch['status'], string> = {
  importing: '导入中', staged: '待签发', live: '已公开', replaced: '已被更正', failed: '未通过校验', withdrawn: '已撤回', returned: '已退回',
};
type CountyParams = { Params: { county: string } };
type BatchParams = { Params: { county: string; id: string } };
type ActorBody = { actorId?: unknown; actorName?: unknown; reason?: unknown; ownOnly?: unknown };

const countyOf = (county: string) => {
  if (!COUNTY.test(county)) throw new PublisherError('BAD_REQUEST', '区县代码应为小写字母、数字和连字符，如 huitong');
  return county;
};
const actorOf = (body: ActorBody | undefined): FundActor => {
  const id = typeof body?.actorId === 'string' ? body.actorId.trim() : '';
  const name = typeof body?.actorName === 'string' ? body.actorName.trim().slice(0, 200) : '';
  if (!id || !name) throw new PublisherError('BAD_REQUEST', '缺少操作人（actorId、actorName）：签发和撤回须记下是谁');
  return { id, name };
};

/** A batch as the screen lists it: no rows of it, only its counts, total and (refused) the rows to fix. */
export const listedBatch = (b: FundBatch, rule: MaskRule) => ({
  id: b.id, kind: b.kind, kindName: KIND_SPECS[b.kind].name, figure: KIND_SPECS[b.kind].figure(b.rows, b.total_fen), title: b.title, fileName: b.file_name, status: b.status, statusName: STATUS_NAMES[b.status], rows: b.rows, total: yuan(b.total_fen),
  createdAt: b.created_at, liveAt: b.live_at, uploadedBy: b.uploaded_by_name ?? null, uploadedById: b.uploaded_by ?? null, signedOffBy: b.signed_off_by_name ?? null,
  replaces: b.replaces, replacedBy: b.replaced_by, correctionNote: b.correction_note,
  withdrawnAt: b.withdrawn_at ?? null, withdrawnReason: b.withdrawn_reason ?? null, withdrawnBy: b.withdrawn_by_name ?? null,
  errors: b.status === 'failed' && b.errors ? (JSON.parse(b.errors) as string[]).slice(0, 100).map((e) => maskedRowError(e, rule)) : [],
});

/** The uploaded bytes in a temporary file (the imports read files as streams), refused past the size limit. */
async function saved(body: Readable, fileName: string): Promise<{ file: string; dir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tongyuan-fund-upload-'));
  const file = path.join(dir, `upload${path.extname(fileName).toLowerCase()}`);
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(bytes > MAX_UPLOAD_BYTES ? new PublisherError('FUND_IMPORT_INVALID', '文件超过 200 MB：请按乡镇分成几个表分别上传') : null, chunk);
    },
  });
  try {
    await pipeline(body, limit, createWriteStream(file));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { file, dir };
}

/** A refused sheet: what to fix, every row named (the first hundred) with the count — nothing of it stored. */
function refused(reply: FastifyReply, error: unknown) {
  if (!(error instanceof PublisherError) || error.code !== 'FUND_IMPORT_INVALID') throw error;
  const details = error.details ?? {};
  const errors = ((details.errors as string[] | undefined) ?? []).slice(0, 100);
  return reply.code(422).send({ error: error.code, message: error.message, errors, errorCount: (details.errorCount as number | undefined) ?? errors.length, batchId: details.batchId ?? null });
}

export function registerFundUploadRoutes(app: FastifyInstance, deps: FundUploadDeps) {
  const funds = new FundStore(deps.db);
  // The sheet comes as it is, streamed to a file: only these routes take raw bytes.
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

  app.post<CountyParams & { Params: { kind: string }; Querystring: Record<string, unknown> }>('/hooks/funds/:county/uploads/:kind', async (request, reply) => {
    const county = countyOf(request.params.county);
    const { kind } = request.params;
    if (kind !== 'villages' && kind !== 'catalog' && !isBatchKind(kind)) {
      throw new PublisherError('BAD_REQUEST', '表格类型应为 villages（村名单）、catalog（资金目录）、payments（发放明细）、projects（民生项目）、ledgers（村级财务）或 housing（公租房名册）');
    }
    if (!request.headers['content-type']?.startsWith('application/octet-stream')) throw new PublisherError('BAD_REQUEST', '请上传表格文件本身（application/octet-stream）');
    // One value each (a repeated parameter counts as none): the CMS sends each once.
    const q = Object.fromEntries(Object.entries(request.query).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
    const fileName = (q.fileName ?? '').trim();
    if (!fileName) throw new PublisherError('BAD_REQUEST', '缺少文件名（fileName）：据它判断是 Excel 还是 CSV');
    const mapping = mappingOf(q.map);
    const uploader = q.actorId && q.actorName ? { id: q.actorId, name: q.actorName.slice(0, 200) } : undefined;
    let fields: { title: string; replaces: number | null } | undefined;
    try {
      // What a batch needs besides its rows is checked before the sheet is taken.
      if (isBatchKind(kind)) fields = await batchFields(funds, county, kind, { title: q.title, replaces: q.replaces });
    } catch (error) {
      return refused(reply, error);
    }
    const upload = await saved(request.body as Readable, fileName);
    try {
      const sheet = { path: upload.file, fileName, county, mapping };
      if (kind === 'villages') {
        const count = await importVillages(funds, sheet);
        return reply.code(201).send({ kind, count, message: `村名单已更新：${count} 个村(社区)，替换原名单` });
      }
      if (kind === 'catalog') {
        const count = await importFundCatalog(funds, sheet);
        return reply.code(201).send({ kind, count, message: `资金目录已更新：${count} 项资金（同名的更新，新的添加）` });
      }
      const batch = await importBatch({ db: deps.db, funds, clock: () => new Date(), config: deps.config }, kind, {
        ...sheet, ...fields!, correctionNote: q.note ?? null, uploadedBy: uploader,
      });
      const corrects = batch.replaces ? `，更正批次 ${batch.replaces}` : '';
      return reply.code(201).send({
        kind, batch: listedBatch(batch, deps.config),
        message: `批次 ${batch.id}：${KIND_SPECS[batch.kind].figure(batch.rows, batch.total_fen)}${corrects}，校验通过，待另一位审核人签发`,
      });
    } catch (error) {
      return refused(reply, error);
    } finally {
      await rm(upload.dir, { recursive: true, force: true });
    }
  });

  app.get<CountyParams>('/hooks/funds/:county/batches', async (request) => {
    const county = countyOf(request.params.county);
    const [batches, lists] = await Promise.all([Promise.all(BATCH_KINDS.map((kind) => funds.batchesOf(county, kind, LISTED))), funds.listSizes(county)]);
    // A staged batch comes with what its reviewer checks (核对明细): sums and counts, per kind.
    const listed = await Promise.all(batches.flat().map(async (b) => ({
      ...listedBatch(b, deps.config), review: b.status === 'staged' ? await batchReview(deps.db, { id: Number(b.id), kind: b.kind }) : null,
    })));
    return { county, ...lists, batches: listed };
  });

  app.post<BatchParams & { Body: ActorBody }>('/hooks/funds/:county/batches/:id/live', async (request) => {
    const batch = await batchOf(funds, request.params);
    const signer = actorOf(request.body);
    if (batch.uploaded_by && batch.uploaded_by === signer.id) {
      throw new PublisherError('FORBIDDEN', `批次 ${batch.id} 是你上传的：须由另一位审核人（部门审核人或政府办公室）核对后签发，两人把关`);
    }
    await funds.goLive(batch.id, new Date().toISOString(), signer);
    return { batch: listedBatch((await funds.batch(batch.id))!, deps.config), message: `批次 ${batch.id}“${batch.title}”已签发公开` };
  });

  app.post<BatchParams & { Body: ActorBody }>('/hooks/funds/:county/batches/:id/withdraw', async (request) => {
    const batch = await batchOf(funds, request.params);
    const by = actorOf(request.body);
    await funds.withdraw(batch.id, reasonOf(request.body, '撤回'), new Date().toISOString(), by);
    return { batch: listedBatch((await funds.batch(batch.id))!, deps.config), message: `批次 ${batch.id} 已撤回：所有页面、订阅和终端在一秒内撤下，留档备查` };
  });

  app.post<BatchParams & { Body: ActorBody }>('/hooks/funds/:county/batches/:id/return', async (request) => {
    const batch = await batchOf(funds, request.params);
    const by = actorOf(request.body);
    if (request.body?.ownOnly === true && batch.uploaded_by !== by.id) throw new PublisherError('FORBIDDEN', '只能撤销你自己上传的批次：别人的批次由审核人退回');
    await funds.returnBatch(batch.id, reasonOf(request.body, '退回'), new Date().toISOString(), by);
    return { batch: listedBatch((await funds.batch(batch.id))!, deps.config), message: `批次 ${batch.id} 已退回，不会公开：改好后请重新上传` };
  });
}

/** Why a batch is withdrawn or sent back: required, kept as it is written. */
function reasonOf(body: ActorBody | undefined, action: string): string {
  const reason = typeof body?.reason === 'string' ? body.reason.trim() : '';
  if ([...reason].length < 4) throw new PublisherError('BAD_REQUEST', `请写明${action}原因（至少 4 个字），它会留档备查`);
  return reason.slice(0, 500);
}

/** The batch, if it is this county's (another county's is as good as none). */
async function batchOf(funds: FundStore, params: { county: string; id: string }): Promise<FundBatch & { id: number }> {
  const county = countyOf(params.county);
  const batch = ID.test(params.id) ? await funds.batch(Number(params.id)) : undefined;
  if (!batch || batch.county !== county || !isBatchKind(batch.kind)) throw new PublisherError('NOT_FOUND', `本区县没有批次 ${params.id.slice(0, 20)}`);
  return { ...batch, id: Number(batch.id) };
}

/** {"name":"户主"}: the office's own header for a column key (columns.ts). */
function mappingOf(text: string | undefined): Record<string, string> {
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const ok = parsed && typeof parsed === 'object' && !Array.isArray(parsed) && Object.values(parsed).every((v) => typeof v === 'string' && v.length <= 50);
  if (!ok) throw new PublisherError('BAD_REQUEST', '列对应应为 {"列": "表头"}，如 {"name": "户主"}');
  return Object.fromEntries(Object.entries(parsed as Record<string, string>).filter(([, v]) => v.trim()));
}
