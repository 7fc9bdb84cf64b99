import type { DemoContent } from './demo-schema';
import { generateInterpretations } from './generate';

/**
 * A province on one deployment, for the cost-curve benchmark (GENERATED_COUNTIES=N): N generated
 * counties, each with a portal, township sites and one department, and the generated interpretations
 * spread over them in turn. With 20 counties there are 133 sites, as Guangdong tax runs: 20 portals
 * and 113 township sites (six for the first thirteen counties, five for the others). The
 * interpretations go to the web and the feeds only, so a size of 20,000 stays within what two cores
 * can render in a benchmark; the other channels' cost per document is measured by the republish benchmark.
 */
export interface Province {
  counties: DemoContent['counties'];
  departments: DemoContent['departments'];
  sites: DemoContent['sites'];
}

const TOWNSHIP_SITES_PER_20 = 113;
const pad = (n: number) => String(n).padStart(2, '0');

export function generateProvince(countyCount: number): Province {
  const province: Province = { counties: [], departments: [], sites: [] };
  const townships = Math.round((TOWNSHIP_SITES_PER_20 * countyCount) / 20);
  for (let c = 1; c <= countyCount; c += 1) {
    const code = `gen-c${pad(c)}`;
    const name = `批量县${c}`;
    const region = `批量省${name}`;
    province.counties.push({ code, name, region });
    province.departments.push({ code: `${code}-gov`, name: `${name}人民政府办公室`, county: code, kind: 'both', region, hotline: `0000-${pad(c)}12345` });
    province.sites.push({ code: `${code}-portal`, name: `${name}人民政府门户网站`, county: code, kind: 'county', parent: null, domain: `${code}.example.gov.cn` });
    const own = Math.floor(townships / countyCount) + (c <= townships % countyCount ? 1 : 0);
    for (let t = 1; t <= own; t += 1) {
      province.sites.push({ code: `${code}-t${t}`, name: `${name}第${t}镇`, county: code, kind: 'township', parent: `${code}-portal`, domain: `t${t}.${code}.example.gov.cn` });
    }
  }
  return province;
}

/** The generated interpretations (same titles, slugs and text as generateInterpretations), each on one county's portal and one of its townships. */
export function provinceInterpretations(demo: DemoContent, province: Province, count: number): DemoContent['interpretations'] {
  const townshipsOf = (county: string) => province.sites.filter((s) => s.county === county && s.kind === 'township').map((s) => s.code);
  return generateInterpretations(demo, count).map((item, index) => {
    const county = province.counties[index % province.counties.length].code;
    const townships = townshipsOf(county);
    const township = townships[Math.floor(index / province.counties.length) % townships.length];
    return {
      ...item, department: `${county}-gov`, sites: [`${county}-portal`, township], channels: ['web', 'feeds'], kioskTerminals: [], brandColumn: null,
    };
  });
}
