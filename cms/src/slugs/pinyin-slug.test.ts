import demo from '../seed/demo-content.json';
import { generateInterpretations } from '../seed/generate';
import type { DemoContent } from '../seed/demo-schema';
import { MAX_LENGTH, pinyinSlug } from './pinyin-slug';

const content = demo as unknown as DemoContent;
// What the interpretation schema accepts (its uid field's regex).
const SLUG = /^[a-z0-9][a-z0-9-]*$/;

/** Titles as a clerk types them: county, topic and year combined, none among the demo's. */
function clerkTitles(count: number): string[] {
  const counties = ['莒县', '会同县', '宜春市', '苏州市', '沂水县', '平邑县'];
  const topics = ['城乡居民医保缴费', '耕地地力保护补贴', '农机购置补贴', '退役军人创业扶持', '公共租赁住房申请', '积分入学', '老旧小区改造', '留抵退税'];
  const kinds = ['政策解读', '一图读懂', '问答'];
  return Array.from({ length: count }, (_, i) => {
    const county = counties[i % counties.length];
    const topic = topics[Math.floor(i / counties.length) % topics.length];
    return `${county}${2024 + (i % 4)}年${topic}${kinds[i % kinds.length]}`;
  });
}

describe('pinyinSlug', () => {
  const titles = [
    ...content.interpretations.map((i) => i.title),
    ...generateInterpretations(content, 30).map((i) => i.title),
    ...clerkTitles(100 - content.interpretations.length - 30),
  ];

  it('gives 100 demo and generated titles valid, readable addresses of at most 60 characters', () => {
    expect(titles).toHaveLength(100);
    for (const title of titles) {
      const slug = pinyinSlug(title);
      expect(slug).toMatch(SLUG);
      expect(slug.length).toBeGreaterThan(10);
      expect(slug.length).toBeLessThanOrEqual(MAX_LENGTH);
      expect(slug).not.toMatch(/--|-$|^interpretation$/);
    }
  });

  it('gives distinct titles distinct addresses when they differ early (later ones get Strapi’s -1, -2)', () => {
    const own = [...content.interpretations.map((i) => i.title), ...clerkTitles(48)];
    expect(new Set(own.map((t) => pinyinSlug(t))).size).toBe(new Set(own).size);
  });

  it('writes words, not syllables, and reads polyphones in context', () => {
    expect(pinyinSlug('莒县公租房新办法来了：住房面积标准放宽到20平方米，租金降到市场价六成')).toMatch(/^juxian-gong-?zufang-xin-banfa-lai-?le-/);
    expect(pinyinSlug('重庆银行行长谈绿色信贷')).toBe('chongqing-yinhanghangzhang-tan-lvse-xindai') // 银行行长 is one word to jieba;
    expect(pinyinSlug('会同县2027年度城乡居民医保')).toBe('huitongxian-2027-niandu-chengxiangjumin-yibao');
  });

  it('keeps Latin letters and digits, drops emoji, punctuation and characters it has no reading for', () => {
    expect(pinyinSlug('📢 小规模纳税人:3%减按1%征收')).toBe('xiaoguimo-nashuiren-3-jianan-1-zhengshou');
    expect(pinyinSlug('𠮷家村的GDP')).toBe('jiacun-de-gdp');
    expect(pinyinSlug('📢？！')).toBe('');
  });

  it('cuts a long title between words', () => {
    const slug = pinyinSlug('政在开讲｜技术改造最高补助200万元、首次升规奖励10万元、专精特新最高奖励50万元');
    expect(slug.length).toBeLessThanOrEqual(MAX_LENGTH);
    expect(`${slug}-`).toBe('zheng-zai-kaijiang-jishugaizao-zuigao-buzhu-200-wanyuan-shouci-'.slice(0, slug.length + 1));
  });
});
