import { hasHan, pinyinSlug } from '../../slugs/pinyin-slug';
import { sharesSlugs, slugsOfOtherKinds } from '../../slugs/shared-slugs';

interface GenerateArgs {
  contentTypeUID: string;
  field: string;
  data: Record<string, unknown>;
  locale?: string;
}
interface UidArgs { contentTypeUID: string; field: string; value: string; locale?: string }

/**
 * The content manager makes a uid field's value from its target field with slugify, which drops
 * Chinese: a Chinese title gave the slug `interpretation` (the type's name). This extension (Strapi's
 * own way to extend a plugin) wraps the content manager's uid service so a target field with Chinese
 * in it is first written in pinyin. The rest stays Strapi's: the suggestion in the edit view, the
 * -1, -2 … suffix that keeps a slug unique within its type, the availability check, and the field
 * staying editable — extended to step past the other kind's slugs where two kinds share addresses.
 */
export default (plugin: any) => {
  const makeUidService = plugin.services.uid;
  plugin.services.uid = ({ strapi }: { strapi: any }) => {
    const service = makeUidService({ strapi });
    const generateUIDField = service.generateUIDField.bind(service);
    service.generateUIDField = async (args: GenerateArgs) => {
      const targetField = strapi.contentTypes[args.contentTypeUID]?.attributes?.[args.field]?.targetField;
      const title = targetField ? args.data?.[targetField] : undefined;
      if (typeof title === 'string' && hasHan(title)) {
        const slug = pinyinSlug(title);
        if (slug) return generateUIDField({ ...args, data: { ...args.data, [targetField]: slug } });
      }
      return generateUIDField(args);
    };
    // Interpretations and 开放活动 share one address space (slugs/shared-slugs.ts): the suggestion steps past the
    // other kind's slugs (Strapi's own -1, -2 … after them), and the availability check says taken for them too.
    const findUniqueUID = service.findUniqueUID.bind(service);
    const checkUIDAvailability = service.checkUIDAvailability.bind(service);
    service.findUniqueUID = async (args: UidArgs) => {
      if (args.field !== 'slug' || !sharesSlugs(args.contentTypeUID)) return findUniqueUID(args);
      const others = await slugsOfOtherKinds(strapi, args.contentTypeUID, args.value);
      const candidate = await findUniqueUID(args);
      if (!others.has(candidate)) return candidate;
      for (let n = 1; n < 1000; n += 1) {
        const next = `${args.value}-${n}`;
        if (!others.has(next) && (await checkUIDAvailability({ ...args, value: next }))) return next;
      }
      return findUniqueUID({ ...args, value: `${args.value}-${Date.now()}` });
    };
    service.checkUIDAvailability = async (args: UidArgs) => {
      if (!(await checkUIDAvailability(args))) return false;
      if (args.field !== 'slug' || !sharesSlugs(args.contentTypeUID)) return true;
      return !(await slugsOfOtherKinds(strapi, args.contentTypeUID, args.value)).has(args.value);
    };
    return service;
  };
  return plugin;
};
