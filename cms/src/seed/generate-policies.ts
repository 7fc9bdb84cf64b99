import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import type { DemoContent } from './demo-schema';

/**
 * The policy-matching fixture (GENERATED_POLICY_ITEMS=N, default size 1,700 as Shanxi's "晋享税惠"
 * catalogue): preferential tax policies across 16 tax types, tagged in 12 dimensions — the demo's
 * eight plus registration type, special entity, business stage and preference method. A fixed
 * seed gives the same documents every time; every tenth document supersedes the one before it,
 * and some have ended, so as-of questions have answers to check.
 */
export const TAX_TYPES: Array<[code: string, name: string]> = [
  ['vat', '增值税'], ['consumption-tax', '消费税'], ['corporate-income-tax', '企业所得税'], ['individual-income-tax', '个人所得税'],
  ['resource-tax', '资源税'], ['urban-maintenance-tax', '城市维护建设税'], ['property-tax', '房产税'], ['land-use-tax', '城镇土地使用税'],
  ['land-appreciation-tax', '土地增值税'], ['vehicle-vessel-tax', '车船税'], ['stamp-duty', '印花税'], ['deed-tax', '契税'],
  ['farmland-occupation-tax', '耕地占用税'], ['vehicle-purchase-tax', '车辆购置税'], ['environmental-protection-tax', '环境保护税'], ['tobacco-leaf-tax', '烟叶税'],
];

const EXTRA_DIMENSIONS: DemoContent['tagDimensions'] = [
  {
    code: 'registration-type', name: '登记注册类型', description: '按市场主体登记的所有制类型',
    tags: [['state-owned', '国有企业'], ['collective', '集体企业'], ['private', '私营企业'], ['foreign-invested', '外商投资企业'], ['hk-macao-taiwan', '港澳台商投资企业']]
      .map(([code, name]) => ({ code, name, exclusionGroup: 'ownership' })),
  },
  {
    code: 'special-entity', name: '特定主体', description: '享受专项优惠的主体资格',
    tags: [['high-tech', '高新技术企业'], ['small-low-profit', '小型微利企业'], ['tech-sme', '科技型中小企业'], ['software', '软件企业'], ['integrated-circuit', '集成电路企业'], ['advanced-service', '技术先进型服务企业']]
      .map(([code, name]) => ({ code, name, exclusionGroup: null })),
  },
  {
    code: 'business-stage', name: '经营阶段', description: '新办还是存续',
    tags: [['new', '新办企业'], ['existing', '存续企业']].map(([code, name]) => ({ code, name, exclusionGroup: 'stage' })),
  },
  {
    code: 'preference-method', name: '优惠方式', description: '优惠如何兑现',
    tags: [['exemption', '免征'], ['reduction', '减征'], ['refund-on-collection', '即征即退'], ['refund-after-collection', '先征后退'], ['super-deduction', '加计扣除'], ['tax-credit', '税额抵减'], ['lower-rate', '降低税率'], ['accelerated-depreciation', '加速折旧']]
      .map(([code, name]) => ({ code, name, exclusionGroup: null })),
  },
];

export interface GeneratedPolicies { tagDimensions: DemoContent['tagDimensions']; policyDocuments: DemoContent['policyDocuments'] }

/** `items` items in documents of about eight, on top of the demo's tag dimensions (extended to 12, tax types to 16). */
export function generatePolicies(demo: Pick<DemoContent, 'tagDimensions'>, items = 1700, seed = 1700): GeneratedPolicies {
  const rng = xoroshiro128plus(seed);
  const pick = <T>(list: T[]) => list[unsafeUniformIntDistribution(0, list.length - 1, rng)];
  const chance = (percent: number) => unsafeUniformIntDistribution(1, 100, rng) <= percent;
  const tagDimensions = extendDimensions(demo.tagDimensions);
  const tagsOf = (dimension: string) => tagDimensions.find((d) => d.code === dimension)!.tags.map((t) => `${dimension}:${t.code}`);
  const nameOf = (id: string) => tagDimensions.flatMap((d) => d.tags.map((t) => [`${d.code}:${t.code}`, t.name])).find(([key]) => key === id)![1];

  const policyDocuments: DemoContent['policyDocuments'] = [];
  let made = 0;
  for (let n = 1; made < items; n += 1) {
    const [taxCode, taxName] = TAX_TYPES[(n - 1) % TAX_TYPES.length];
    const count = Math.min(items - made, 7 + unsafeUniformIntDistribution(0, 3, rng));
    const year = 2019 + (n % 7);
    const documentNumber = `晋税惠〔${year}〕${n}号`;
    const docItems: DemoContent['policyDocuments'][number]['items'] = [];
    const clauses: Array<{ number: string; text: string }> = [];
    for (let i = 1; i <= count; i += 1) {
      const method = pick(tagsOf('preference-method'));
      const tags = [`tax-type:${taxCode}`, method, 'policy-type:tax-incentive', 'region:shanxi'];
      // Each optional dimension restricts some items and leaves the rest neutral.
      if (chance(60)) tags.push(pick(tagsOf('industry')));
      if (chance(25)) tags.push(pick(tagsOf('industry')));
      if (chance(50)) tags.push(pick(tagsOf('taxpayer-type').slice(0, 2))); // general or small-scale: exclusive
      if (chance(40)) tags.push(pick(tagsOf('enterprise-size')));
      if (chance(20)) tags.push(pick(tagsOf('credit-rating')));
      if (chance(30)) tags.push(pick(tagsOf('special-entity')));
      if (chance(15)) tags.push(pick(tagsOf('registration-type')));
      if (chance(20)) tags.push(pick(tagsOf('business-stage')));
      if (chance(10)) tags.push(pick(tagsOf('audience')));
      const entity = tags.filter((t) => /^(special-entity|taxpayer-type|enterprise-size|industry):/.test(t)).map(nameOf)[0] ?? '纳税人';
      const title = `${entity}${taxName}${nameOf(method)}（第${made + i}项）`;
      const text = `符合条件的${entity}，${taxName}按规定${nameOf(method)}。本项优惠编号 ${made + i}。`;
      clauses.push({ number: `第${i}条`, text });
      docItems.push({
        title, who: `符合条件的${entity}`, what: text, amount: `${nameOf(method)}${unsafeUniformIntDistribution(1, 10, rng) * 10}%`,
        howToApply: '自行判别、申报享受、相关资料留存备查', tags: [...new Set(tags)], clauses: [`第${i}条`],
      });
    }
    const ended = n % 13 === 0;
    policyDocuments.push({
      documentNumber, title: `关于${taxName}优惠政策的公告（${documentNumber}）`, issuingDepartment: 'sx-tax',
      issuedDate: `${year}-01-01`, validFrom: `${year}-01-01`, validTo: ended ? `${year + 2}-12-31` : null,
      // Every tenth document replaces the one before it.
      supersedes: n % 10 === 0 ? `晋税惠〔${2019 + ((n - 1) % 7)}〕${n - 1}号` : null,
      clauses, fullText: clauses.map((c) => `**${c.number}** ${c.text}`).join('\n\n'),
      tags: [`tax-type:${taxCode}`, 'policy-type:tax-incentive', 'region:shanxi'], lists: [], items: docItems,
    });
    made += count;
  }
  return { tagDimensions, policyDocuments };
}

/** The demo's dimensions with all 16 tax types and the four extra dimensions. */
function extendDimensions(dimensions: DemoContent['tagDimensions']): DemoContent['tagDimensions'] {
  const extended = dimensions.map((d) => {
    if (d.code !== 'tax-type') return d;
    const known = new Set(d.tags.map((t) => t.code));
    return { ...d, tags: [...d.tags, ...TAX_TYPES.filter(([code]) => !known.has(code)).map(([code, name]) => ({ code, name, exclusionGroup: null }))] };
  });
  return [...extended, ...EXTRA_DIMENSIONS.filter((e) => !extended.some((d) => d.code === e.code))];
}
