import { generateInterpretations } from '../../cms/src/seed/generate';
import { generateProvince, provinceInterpretations } from '../../cms/src/seed/generate-province';
import { readDemoContent } from '../../cms/src/seed/load-demo';

// The cost-curve benchmark's province (GENERATED_COUNTIES): its shape is what the benchmark's table claims.
describe('generated province', () => {
  const demo = readDemoContent();

  test('20 counties make 133 sites: a portal each and 113 townships, every township under its own portal', () => {
    const province = generateProvince(20);
    expect(province.counties).toHaveLength(20);
    expect(province.departments.map((d) => d.county)).toEqual(province.counties.map((c) => c.code));
    expect(province.sites).toHaveLength(133);
    expect(province.sites.filter((s) => s.kind === 'county')).toHaveLength(20);
    const codes = province.sites.map((s) => s.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const township of province.sites.filter((s) => s.kind === 'township')) {
      expect(township.parent).toBe(`${township.county}-portal`);
      // Parents come first: the loader creates them in list order.
      expect(codes.indexOf(township.parent!)).toBeLessThan(codes.indexOf(township.code));
    }
  });

  test('interpretations keep the generated slugs and titles, spread evenly over the counties, on their own sites, web and feeds only', () => {
    const province = generateProvince(20);
    const items = provinceInterpretations(demo, province, 1000);
    expect(items.map((i) => i.slug)).toEqual(generateInterpretations(demo, 1000).map((i) => i.slug));
    const perCounty = new Map<string, number>();
    for (const item of items) {
      const county = item.department.replace(/-gov$/, '');
      perCounty.set(county, (perCounty.get(county) ?? 0) + 1);
      expect(item.sites).toHaveLength(2);
      expect(item.sites.every((code) => province.sites.find((s) => s.code === code)?.county === county)).toBe(true);
      expect(item.channels).toEqual(['web', 'feeds']);
    }
    expect([...perCounty.values()]).toEqual(Array(20).fill(50));
    // Every township site carries some of them.
    const used = new Set(items.flatMap((i) => i.sites));
    expect(province.sites.every((s) => used.has(s.code))).toBe(true);
  });

  test('a larger size only adds: the first thousand are the same documents at 5,000', () => {
    const province = generateProvince(20);
    const small = provinceInterpretations(demo, province, 1000);
    const large = provinceInterpretations(demo, province, 5000);
    expect(large.slice(0, 1000)).toEqual(small);
  });
});
