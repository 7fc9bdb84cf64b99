import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BASE_DICTIONARY } from './base-dictionary';
import { normEntrySchema, type CanonicalName } from './entries';
import { NormsMatcher } from './matcher';

const demo = JSON.parse(readFileSync(path.join(__dirname, '../../../cms/src/seed/demo-content.json'), 'utf8'));
const names: CanonicalName[] = [
  ...demo.departments.map((d: { name: string }) => ({ name: d.name, of: '部门' })),
  ...demo.sites.map((s: { name: string }) => ({ name: s.name, of: '站点' })),
];
const matcher = new NormsMatcher(BASE_DICTIONARY, names, 'test');

/** Every string in the demo content: correct official texts written for this project. */
function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsOf(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => stringsOf(v, out));
  return out;
}

describe('the norms matcher', () => {
  it('ships a base dictionary whose every entry is valid and says where it came from', () => {
    for (const entry of BASE_DICTIONARY) expect(normEntrySchema.safeParse(entry).success).toBe(true);
    expect(new Set(BASE_DICTIONARY.map((e) => e.wrong)).size).toBe(BASE_DICTIONARY.length);
  });

  it('finds a typo, an outdated name and a forbidden phrase, pointing at what the author wrote', () => {
    const text = '深入开展扫黑险恶专项斗争，县卫生和计划生育委员会负责，不用两岸三地的说法。';
    const found = matcher.check(text);
    expect(found.map((f) => [f.found, f.suggestion, f.severity])).toEqual([
      ['扫黑险恶', '扫黑除恶', 'serious'],
      ['卫生和计划生育委员会', '卫生健康委员会', 'serious'],
      ['两岸三地', null, 'serious'],
    ]);
    for (const f of found) expect(text.slice(f.start, f.end)).toBe(f.found);
    expect(found[1].message).toContain('已改为“卫生健康委员会”（2018-03-17 起）');
  });

  it('folds full-width and traditional forms, and still points at the original characters', () => {
    const text = 'ＡＢＣ公司：掃黑險惡，國稅局';
    const found = matcher.check(text);
    expect(found.map((f) => f.found)).toEqual(['掃黑險惡', '國稅局']);
    expect(found.map((f) => f.suggestion)).toEqual(['扫黑除恶', '税务局']);
  });

  it('does not flag a wrong form that is part of a correct longer word, or an old name written as the former body', () => {
    for (const text of ['按装修标准补助', '各级农业部门', '原国家卫生和计划生育委员会印发的文件', '卫生健康委员会', '税务局']) {
      expect([text, matcher.check(text)]).toEqual([text, []]);
    }
  });

  it('flags a canonical name one character off (一般), but not the name itself followed by more', () => {
    const right = demo.departments.find((d: { name: string }) => [...d.name].length >= 6).name as string;
    const chars = [...right];
    const wrong = [...chars.slice(0, 3), chars[3] === '账' ? '帐' : '账', ...chars.slice(4)].join('');
    const found = matcher.check(`请到${wrong}窗口办理。`);
    expect(found).toEqual([expect.objectContaining({ kind: 'name', severity: 'general', found: wrong, suggestion: right })]);
    expect(matcher.check(`${right}长表示，${right}将继续做好服务。`)).toEqual([]);
  });

  it('finds no 严重 error in the demo content (correct official texts)', () => {
    const serious = stringsOf(demo).flatMap((s) => matcher.check(s)).filter((f) => f.severity === 'serious');
    expect(serious).toEqual([]);
  });

  it('finds every seeded error wherever it is put in generated text (seeded, shrinking)', () => {
    const sentences = stringsOf(demo.interpretations).filter((s) => s.length > 10 && s.length < 400 && matcher.check(s).length === 0);
    fc.assert(fc.property(
      fc.constantFrom(...sentences), fc.constantFrom(...BASE_DICTIONARY), fc.nat(), fc.constantFrom('，', '。', '：', '\n', '、'),
      (sentence, entry, at, mark) => {
        const cut = at % (sentence.length + 1);
        const text = `${sentence.slice(0, cut)}${mark}${entry.wrong}${mark}${sentence.slice(cut)}`;
        const start = cut + 1;
        return matcher.check(text).some((f) => f.start === start && f.end === start + entry.wrong.length && f.suggestion === entry.right);
      },
    ), { seed: 20261203, numRuns: 300 });
  });
});
