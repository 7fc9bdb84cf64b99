import { readFileSync } from 'node:fs';
import path from 'node:path';
import { clauseAnchor, type PolicyItem, type PolicyMatchPayload, type Tag } from '@tongyuan/channels';
import { generatePolicies, TAX_TYPES } from '../../../cms/src/seed/generate-policies';
import type { DemoContent } from '../../../cms/src/seed/demo-schema';
import { PublisherError } from '../errors';
import fc from 'fast-check';
import { facetsOf, fitOf, matchItems, matchPage, readAsOf, readQuery, readSelection, readSite, basisOf, highlightsOf } from './match';
import { statusOn } from './validity';
import { PolicyIndex, searchableText } from './policy-index';

/**
 * The policy index on the demo content (Shanxi tax, Guangdong tax, Juxian housing with its
 * supersedes chain) and on the generated 1,700-item fixture: ranking and explanations on cases
 * written by hand, exclusion rules, as-of answers, highlight offsets, and hostile input.
 */
const demo = JSON.parse(readFileSync(path.join(__dirname, '../../../cms/src/seed/demo-content.json'), 'utf8')) as DemoContent;

/** The live payloads the 政策匹配 channel would hold for these policy documents. */
function payloadsOf(content: Pick<DemoContent, 'tagDimensions' | 'policyDocuments'>) {
  const tags = new Map<string, Tag>();
  for (const d of content.tagDimensions) for (const t of d.tags) tags.set(`${d.code}:${t.code}`, { code: t.code, name: t.name, dimension: d.code, dimensionName: d.name, exclusionGroup: t.exclusionGroup });
  return content.policyDocuments.map((doc) => {
    const clauses = doc.clauses.map((c) => ({ ...c, anchor: clauseAnchor(c.number) }));
    const items: PolicyItem[] = doc.items.map((item, i) => ({
      key: `${doc.documentNumber}#${i + 1}`, title: item.title, who: item.who, what: item.what, amount: item.amount, howToApply: item.howToApply,
      tags: item.tags.map((id) => tags.get(id)!),
      basis: { documentId: doc.documentNumber, title: doc.title, documentNumber: doc.documentNumber, validFrom: doc.validFrom, validTo: doc.validTo, clauses: clauses.filter((c) => item.clauses.includes(c.number)) },
    }));
    const payload: PolicyMatchPayload = {
      kind: 'policy-document', title: doc.title, documentNumber: doc.documentNumber, validFrom: doc.validFrom, validTo: doc.validTo,
      supersedes: doc.supersedes, fullText: doc.fullText, items,
    };
    return { documentId: doc.documentNumber, payload };
  });
}

const demoIndex = new PolicyIndex(payloadsOf(demo));
const match = (index: PolicyIndex, profile: string[], day = '2026-11-23', query = '') => matchItems(index, readSelection(index, profile), day, readQuery(query));
const titles = (results: ReturnType<typeof match>) => results.map((r) => r.entry.item.title);

describe('matching on the demo content', () => {
  it('ranks the items that fit a small-scale retailer first and says which dimensions matched and which were neutral', () => {
    const results = match(demoIndex, ['taxpayer-type:small-scale-taxpayer', 'industry:wholesale-retail', 'region:shanxi']);
    // The 1% item names the retail industry (double weight); the exemption does not restrict industry.
    expect(titles(results).slice(0, 2)).toEqual(['小规模纳税人适用3%征收率的减按1%征收增值税', '小规模纳税人月销售额10万元以下免征增值税']);
    expect(results[0].fit).toEqual({ score: 4, matched: ['taxpayer-type', 'industry', 'region'], neutral: [] });
    expect(results[1].fit).toEqual({ score: 2, matched: ['taxpayer-type', 'region'], neutral: ['industry'] });
    // A general taxpayer's refund and the unit-only veteran item are ruled out by taxpayer type.
    expect(titles(results)).not.toContain('制造业等行业企业按月全额退还增量留抵税额');
    expect(titles(results)).not.toContain('企业招用自主就业退役士兵扣减税费');
  });

  it('shows each portal site the items of its own documents, and every item where a rendition did not record sites', () => {
    const onSites = (sitesOf: (documentNumber: string) => string[] | undefined) =>
      new PolicyIndex(payloadsOf(demo).map(({ documentId, payload }) => ({ documentId, payload: { ...payload, sites: sitesOf(payload.documentNumber!) } })));
    const index = onSites((n) => (n.startsWith('晋税') ? ['shanxi-tax'] : n.startsWith('粤税') ? ['guangdong-tax'] : []));
    const on = (site: string | null) => matchItems(index, readSelection(index, []), '2026-11-23', [], site).map((r) => r.entry.item.basis!.documentNumber);
    expect(new Set(on('shanxi-tax'))).toEqual(new Set(['晋税发〔2023〕18号', '晋税发〔2023〕31号']));
    expect(on('guangdong-tax')).toEqual(['粤税发〔2023〕52号']);
    expect(on('juxian-portal')).toEqual([]);
    expect(on(null).length).toBe(match(demoIndex, []).length);
    const shanxiFacets = facetsOf(index, readSelection(index, []), '2026-11-23', [], 'shanxi-tax');
    const region = shanxiFacets.find((f) => f.dimension === 'region')!.tags;
    expect(region.find((t) => t.id === 'region:guangdong')?.count ?? 0).toBe(0);
    expect(region.find((t) => t.id === 'region:shanxi')!.count).toBe(on('shanxi-tax').length);
    // Renditions from before sites were recorded count for every site until they are rendered again.
    expect(matchItems(onSites(() => undefined), readSelection(index, []), '2026-11-23', [], 'juxian-portal').length).toBe(on(null).length);
    expect(() => readSite("x'; --")).toThrow('站点代码');
  });

  it('refuses two tags of one exclusion group, and unknown tags, by name', () => {
    expect(() => readSelection(demoIndex, ['taxpayer-type:small-scale-taxpayer', 'taxpayer-type:general-taxpayer'])).toThrow('“小规模纳税人”与“一般纳税人”互斥，只能选择其一');
    expect(() => readSelection(demoIndex, ['industry:nonexistent', "x'; DROP TABLE item_text;--"])).toThrow(/没有这些标签：industry:nonexistent、x'; DROP TABLE/);
  });

  it('disables the options the selection excludes, with the reason, and counts what each tick would give', () => {
    const facets = facetsOf(demoIndex, readSelection(demoIndex, ['taxpayer-type:small-scale-taxpayer']), '2026-11-23', []);
    const taxpayer = facets.find((f) => f.dimension === 'taxpayer-type')!;
    expect(taxpayer.tags.find((t) => t.id === 'taxpayer-type:general-taxpayer')).toMatchObject({ excluded: true, reason: '与已选的“小规模纳税人”互斥' });
    expect(taxpayer.tags.find((t) => t.id === 'taxpayer-type:small-scale-taxpayer')).toMatchObject({ selected: true, excluded: false });
    // A count is what matching with that tick returns.
    for (const facet of facets) {
      for (const tag of facet.tags.filter((t) => !t.excluded && !t.selected)) {
        expect({ tag: tag.id, count: tag.count }).toEqual({ tag: tag.id, count: match(demoIndex, ['taxpayer-type:small-scale-taxpayer', tag.id]).length });
      }
    }
  });

  it('answers as of a date across a supersedes chain: Juxian\'s public rental rent was 70 % before July 2024 and 60 % after', () => {
    const housing = ['policy-type:housing-security', 'audience:low-income'];
    expect(titles(match(demoIndex, housing, '2023-05-01'))).toEqual(['公共租赁住房租金按市场租金70%确定']);
    expect(titles(match(demoIndex, housing, '2024-07-01'))).toEqual(['公共租赁住房租金按市场租金60%确定，低保特困10%', '暂未配租家庭领取租赁补贴']);
    expect(match(demoIndex, housing, '1990-01-01')).toEqual([]); // before any validity: nothing, not an error
    const old = demoIndex.items.find((e) => e.item.title.includes('70%'))!;
    expect(basisOf(old, '2026-11-23')).toMatchObject({ status: '已失效', validTo: '2024-06-30' });
    expect(() => readAsOf('2026-02-30', '2026-11-23')).toThrow('日期“2026-02-30”无效');
  });

  it('points highlight offsets at the basis clause text in the document and at the search terms in the item', () => {
    const [result] = match(demoIndex, [], '2026-11-23', '退役士兵 个体经营');
    expect(result.entry.item.title).toBe('自主就业退役士兵从事个体经营扣减税费');
    const basis = basisOf(result.entry, '2026-11-23')!;
    expect(basis.clauses.map((c) => c.number)).toEqual(['第一条', '第四条']);
    for (const clause of basis.clauses) expect(result.entry.basisText.slice(clause.start!, clause.end!)).toBe(clause.text);
    for (const h of highlightsOf(result.entry, ['退役士兵'])) expect((result.entry.item as unknown as Record<string, string>)[h.field].slice(h.start, h.end)).toBe('退役士兵');
  });

  it('treats SQL and FTS syntax in a search as text, and refuses a 10,000-character one', () => {
    for (const hostile of ["' OR 1=1 --", '"免征" NEAR(增值税)', '%', '_', '\\', '*', 'a AND b', '\u0000免征']) {
      expect(() => match(demoIndex, [], '2026-11-23', hostile)).not.toThrow();
    }
    // A literal percent sign and underscore, not LIKE's "anything".
    const percent = match(demoIndex, [], '2026-11-23', '%');
    expect(percent.length).toBeLessThan(match(demoIndex, [], '2026-11-23', '').length);
    for (const { entry } of percent) expect(searchableText(entry)).toContain('%');
    expect(match(demoIndex, [], '2026-11-23', '_')).toEqual([]);
    expect(match(demoIndex, [], '2026-11-23', '免征').length).toBeGreaterThan(0); // two characters still find
    expect(() => readQuery('政'.repeat(10_000))).toThrow(PublisherError);
  });
});

describe('the generated 1,700-item fixture', () => {
  const generated = generatePolicies(demo);
  const index = new PolicyIndex(payloadsOf(generated));

  it('has 1,700 items in 16 tax types and 12 dimensions, the same on every run', () => {
    expect(index.items).toHaveLength(1700);
    expect(new Set(index.items.flatMap((e) => [...(e.tagsByDimension.get('tax-type') ?? [])]))).toEqual(new Set(TAX_TYPES.map(([code]) => `tax-type:${code}`)));
    expect(index.dimensions.size).toBe(12);
    expect(JSON.stringify(generatePolicies(demo))).toBe(JSON.stringify(generated));
  });

  it('never returns an item a profile rules out, and explains every one it returns', () => {
    const profile = ['taxpayer-type:general-taxpayer', 'industry:manufacturing', 'special-entity:high-tech', 'registration-type:private'];
    const results = match(index, profile);
    expect(results.length).toBeGreaterThan(10);
    for (const { entry, fit } of results) {
      for (const dimension of ['taxpayer-type', 'industry', 'special-entity', 'registration-type']) {
        const carried = entry.tagsByDimension.get(dimension);
        expect(carried === undefined ? fit.neutral : fit.matched).toContain(dimension);
        if (carried) expect(profile.some((id) => carried.has(id))).toBe(true);
      }
    }
    // Best fit first.
    for (let i = 1; i < results.length; i += 1) expect(results[i - 1].fit.score).toBeGreaterThanOrEqual(results[i].fit.score);
  });

  // An answer ranks only its page: its items and count must be what ranking every fitting item by hand gives.
  it('answers any page of any profile as ranking every fitting item would (best fit, fewer open dimensions, newer)', () => {
    const byDimension = new Map<string, string[]>();
    for (const tag of index.tags.values()) byDimension.set(tag.dimension, [...(byDimension.get(tag.dimension) ?? []), `${tag.dimension}:${tag.code}`]);
    const dimensions = [...byDimension.keys()];
    const profile = fc.uniqueArray(fc.tuple(fc.constantFrom(...dimensions), fc.nat()), { maxLength: 5, selector: ([d]) => d })
      .map((picks) => picks.map(([d, n]) => byDimension.get(d)![n % byDimension.get(d)!.length]));
    fc.assert(fc.property(profile, fc.nat(80), fc.integer({ min: 1, max: 40 }), fc.constantFrom('2026-11-23', '2020-01-01', '2030-06-30'), (ids, offset, count, day) => {
      const selection = readSelection(index, ids);
      const expected = index.items
        .map((entry, position) => ({ entry, fit: fitOf(entry, selection.byDimension), order: index.bits.order[position] }))
        .filter((r) => r.fit !== null && statusOn(r.entry.window, day) === '现行有效')
        .sort((a, b) => b.fit!.score - a.fit!.score || a.fit!.neutral.length - b.fit!.neutral.length || a.order - b.order);
      const { total, page } = matchPage(index, selection, day, [], null, offset, count);
      expect(total).toBe(expected.length);
      expect(page.map((r) => [r.entry.item.key, r.score, r.neutralCount])).toEqual(expected.slice(offset, offset + count).map((r) => [r.entry.item.key, r.fit!.score, r.fit!.neutral.length]));
      expect(page.map((r) => r.fit)).toEqual(expected.slice(offset, offset + count).map((r) => r.fit));
    }), { seed: 20261205, numRuns: 150 });
  });

  it('counts for every option of every dimension what matching with that tick returns, on multi-dimension selections', () => {
    const tagOf = (dimension: string, n: number) => [...index.tags.values()].filter((t) => t.dimension === dimension)[n];
    const selections = [
      [],
      [`taxpayer-type:${tagOf('taxpayer-type', 1).code}`, `industry:${tagOf('industry', 0).code}`],
      [`taxpayer-type:${tagOf('taxpayer-type', 0).code}`, `industry:${tagOf('industry', 2).code}`, `industry:${tagOf('industry', 3).code}`, `tax-type:${tagOf('tax-type', 4).code}`],
    ];
    for (const profile of selections) {
      for (const facet of facetsOf(index, readSelection(index, profile), '2026-11-23', [])) {
        for (const tag of facet.tags.filter((t) => !t.excluded)) {
          const ticked = tag.selected ? profile : [...profile, tag.id];
          expect({ profile, tag: tag.id, count: tag.count }).toEqual({ profile, tag: tag.id, count: matchItems(index, readSelection(index, ticked), '2026-11-23', []).length });
        }
      }
    }
  });
});
