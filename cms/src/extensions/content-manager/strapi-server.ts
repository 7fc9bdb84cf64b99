import { hasHan, pinyinSlug } from '../../slugs/pinyin-slug';

interface GenerateArgs {
  contentTypeUID: string;
  field: string;
  data: Record<string, unknown>;
  locale?: string;
}

/**
 * The content manager makes a uid field's value from its target field with slugify, which drops
 * Chinese: a Chinese title gave the slug `interpretation` (the type's name). This extension (Strapi's
 * own way to extend a plugin) wraps the content manager's uid service so a target field with Chinese
 * in it is first written in pinyin. The rest stays Strapi's: the suggestion in the edit view, the
 * -1, -2 … suffix that keeps a slug unique within its type, the availability check, and the field
 * staying editable.
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
    return service;
  };
  return plugin;
};
