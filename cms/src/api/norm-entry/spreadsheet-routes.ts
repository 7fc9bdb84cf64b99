import { readFile } from 'node:fs/promises';
import type { Core } from '@strapi/strapi';
import { normsWorkbook, readNormsWorkbook, type NormEntryRow } from './spreadsheet';

const UID = 'api::norm-entry.norm-entry';
/** A library of 100,000 entries is a few MB; anything much bigger is not the office's list. */
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

const reply = (ctx: any, status: number, error: string, message: string, extra: object = {}) => {
  ctx.status = status;
  ctx.body = { error, message, ...extra };
};

const checkerOf = (strapi: Core.Strapi, ctx: any) =>
  strapi.plugin('content-manager').service('permission-checker').create({ userAbility: ctx.state.userAbility, model: UID });

/**
 * Admin routes for the office's spreadsheet of the 表述规范库:
 *   GET  /tongyuan/norms/export.xlsx   every entry, as the template to fill in (needs read permission)
 *   POST /tongyuan/norms/import        an uploaded .xlsx (multipart field `file`): all rows or none;
 *                                       an entry with the same 错误写法 is updated (needs create and update permission)
 * Each row passes the same rules as an entry saved in the admin (rules.ts), inside one transaction.
 */
export function registerNormsSpreadsheetRoutes(strapi: Core.Strapi) {
  const config = { policies: ['admin::isAuthenticatedAdmin'] };
  const info = { type: 'admin', pluginName: 'tongyuan' };
  strapi.server.routes({
    type: 'admin',
    routes: [
      {
        method: 'GET', path: '/tongyuan/norms/export.xlsx', config, info,
        handler: async (ctx: any) => {
          if (checkerOf(strapi, ctx).cannot.read()) return reply(ctx, 403, 'FORBIDDEN', '你没有查看表述规范库的权限：请政府办公室导出');
          const entries = (await strapi.documents(UID as any).findMany({ sort: ['kind:asc', 'wrong:asc'], limit: 1_000_000 })) as unknown as NormEntryRow[];
          ctx.set('content-disposition', `attachment; filename="norms.xlsx"; filename*=UTF-8''${encodeURIComponent('表述规范库.xlsx')}`);
          ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
          ctx.body = await normsWorkbook(entries);
        },
      },
      {
        method: 'POST', path: '/tongyuan/norms/import', config, info,
        handler: async (ctx: any) => {
          const checker = checkerOf(strapi, ctx);
          if (checker.cannot.create() || checker.cannot.update()) return reply(ctx, 403, 'FORBIDDEN', '只有政府办公室可以导入表述规范库');
          const file = [ctx.request.files?.file].flat()[0] as { filepath?: string; size?: number } | undefined;
          if (!file?.filepath) return reply(ctx, 400, 'NO_FILE', '请选择要导入的 Excel 文件（.xlsx）');
          if ((file.size ?? 0) > MAX_UPLOAD_BYTES) return reply(ctx, 413, 'TOO_LARGE', '文件超过 20 MB：请只保留表述规范库这一张表');
          const { entries, problems } = await readNormsWorkbook(await readFile(file.filepath));
          if (problems.length > 0) {
            return reply(ctx, 400, 'BAD_ROWS', `有 ${problems.length} 处要改，一条也没有导入：${problems.slice(0, 5).join('；')}${problems.length > 5 ? ' 等' : ''}`, { problems });
          }
          try {
            const counts = await strapi.db.transaction(async () => {
              let [created, updated] = [0, 0];
              for (const entry of entries) {
                const existing = await strapi.documents(UID as any).findFirst({ filters: { wrong: entry.wrong } });
                if (existing) {
                  await strapi.documents(UID as any).update({ documentId: existing.documentId, data: entry as any });
                  updated += 1;
                } else {
                  await strapi.documents(UID as any).create({ data: entry as any });
                  created += 1;
                }
              }
              return { created, updated };
            });
            ctx.body = { ...counts, message: `已导入：新增 ${counts.created} 条，更新 ${counts.updated} 条` };
          } catch (error) {
            reply(ctx, 400, 'REFUSED', `一条也没有导入：${(error as Error).message}`);
          }
        },
      },
    ],
  });
}
