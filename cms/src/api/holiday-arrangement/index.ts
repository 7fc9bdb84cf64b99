import { errors } from '@strapi/utils';
import { holidayArrangementProblems } from './rules';

const UID = 'api::holiday-arrangement.holiday-arrangement';
const WRITES = new Set(['create', 'update']);

/**
 * Every write to a 节假日安排 passes its rules inside the write's transaction, so a refused year
 * leaves nothing behind; a second entry for a year already filed is refused in Chinese (the
 * unique index would only say "This attribute must be unique").
 */
export default {
  register({ strapi }: { strapi: any }) {
    strapi.documents.use(async (context: any, next: () => Promise<any>) => {
      if (context.uid !== UID || !WRITES.has(context.action)) return next();
      return strapi.db.transaction(async () => {
        const result = await next();
        const documentId = result?.documentId ?? context.params.documentId;
        if (!documentId) return result;
        const saved = await strapi.documents(UID).findOne({ documentId, populate: ['holidays', 'workdays'] });
        const problems = holidayArrangementProblems(saved ?? {});
        const others = saved?.year == null ? [] : await strapi.documents(UID).findMany({ filters: { year: saved.year, documentId: { $ne: documentId } }, fields: ['year'] });
        if (others.length > 0) problems.unshift(`${saved.year} 年的节假日安排已经有一条：请打开那一条修改，不要再新建`);
        if (problems.length > 0) throw new errors.ValidationError(problems.join('；'), { problems });
        return result;
      });
    });
  },
};
