import { errors } from '@strapi/utils';
import { normEntryProblems } from './rules';
import { registerNormsSpreadsheetRoutes } from './spreadsheet-routes';

const UID = 'api::norm-entry.norm-entry';
const WRITES = new Set(['create', 'update']);

/** Every write to a 表述规范 passes its rules inside the write's transaction, so a refused entry leaves nothing behind. */
export default {
  register({ strapi }: { strapi: any }) {
    registerNormsSpreadsheetRoutes(strapi);
    strapi.documents.use(async (context: any, next: () => Promise<any>) => {
      if (context.uid !== UID || !WRITES.has(context.action)) return next();
      return strapi.db.transaction(async () => {
        const result = await next();
        const documentId = result?.documentId ?? context.params.documentId;
        if (!documentId) return result;
        const problems = normEntryProblems((await strapi.documents(UID).findOne({ documentId })) ?? {});
        if (problems.length > 0) throw new errors.ValidationError(problems.join('；'), { problems });
        return result;
      });
    });
  },
};
