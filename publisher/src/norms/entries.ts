import { z } from 'zod';

/**
 * One entry of the norms dictionary (表述规范库), kept by the government office in the CMS:
 * - `typo` 错别字: a wrong form and the right one (扫黑险恶 → 扫黑除恶);
 * - `name` 规范名称: an institution's, place's or person's canonical name; `wrong` is a forbidden variant
 *   (names drawn from the CMS's own departments, sites and counties are also checked for near misses);
 * - `outdated` 过时表述: an old name or formulation, its replacement and the day it changed
 *   (卫生和计划生育委员会 → 卫生健康委员会, 2018-03);
 * - `forbidden` 禁用表述: a phrase the office does not allow, with what to write instead if anything.
 * `serious` (严重) blocks 办公室签发 unless overridden with a reason; `general` (一般) warns.
 */
export const NORM_KINDS = ['typo', 'name', 'outdated', 'forbidden'] as const;
export type NormKind = (typeof NORM_KINDS)[number];
export const NORM_KIND_LABELS: Record<NormKind, string> = { typo: '错别字', name: '规范名称', outdated: '过时表述', forbidden: '禁用表述' };
export const SEVERITY_LABELS = { serious: '严重', general: '一般' } as const;
export type Severity = keyof typeof SEVERITY_LABELS;

export const normEntrySchema = z.object({
  kind: z.enum(NORM_KINDS),
  wrong: z.string().trim().min(2, '错误写法至少两个字：单字会误报'),
  right: z.string().trim().min(1).nullable().default(null),
  severity: z.enum(['serious', 'general']),
  /** Where the entry came from (a published list, a State Council notice, the office's own decision). */
  source: z.string().trim().min(1, '请注明来源'),
  /** outdated: the day the old form stopped being right (YYYY-MM-DD). */
  since: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().default(null),
}).refine((e) => e.kind === 'forbidden' || e.right !== null, { message: '请填写正确写法', path: ['right'] })
  .refine((e) => e.right === null || e.right !== e.wrong, { message: '错误写法与正确写法相同', path: ['right'] });

export type NormEntry = z.infer<typeof normEntrySchema>;

/** A canonical name the CMS itself knows (a department, site or county): its near misses are flagged as 严重. */
export interface CanonicalName { name: string; of: string }
