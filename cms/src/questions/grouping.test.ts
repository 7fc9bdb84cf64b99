import { groupSimilarQuestions, type Question } from './grouping';
import { averageLinkage } from './linkage';

// Six topics asked six ways each, as companies and citizens type them (fillers, full-width
// digits, mixed punctuation), plus one-offs; two of those share a word with a topic on purpose.
const TOPICS: Record<string, string[]> = {
  vat: [
    '请问小规模纳税人月销售额10万元以下免征增值税吗？',
    '您好，我们是小规模纳税人，季度销售额不超过30万，增值税还要交吗？',
    '小规模纳税人增值税减按1%征收的政策什么时候到期？',
    '个体户属于小规模纳税人，开了增值税专用发票还能享受免征吗？',
    '小规模纳税人免征增值税需要去税务局申请吗，怎么办理？',
    '我公司是小规模纳税人，增值税３％征收率减按１％怎么申报？',
  ],
  social: [
    '灵活就业人员社保补贴怎么申领？',
    '请问企业招用就业困难人员，社会保险补贴在哪里申请？',
    '社保补贴申领需要准备哪些材料？',
    '我是灵活就业的4050人员，能领社保补贴吗？',
    '社保补贴每月能补多少钱，申领期限是多久？',
    '小微企业吸纳高校毕业生就业，社保补贴如何申领？',
  ],
  loan: [
    '创业担保贷款最高能贷多少？',
    '请问个人申请创业担保贷款需要什么条件？',
    '创业担保贷款贴息怎么申请，利息怎么算？',
    '小微企业可以申请创业担保贷款吗？额度多少？',
    '返乡创业人员办理创业担保贷款要找谁担保？',
    '创业担保贷款到期了能不能续贷？',
  ],
  iit: [
    '个税专项附加扣除怎么在个人所得税APP上填报？',
    '子女教育专项附加扣除每月能扣多少？',
    '赡养老人专项附加扣除，兄弟姐妹之间怎么分摊？',
    '住房贷款利息专项附加扣除和住房租金扣除能同时享受吗？',
    '去年的个税专项附加扣除忘记填了，还能补报吗？',
    '3岁以下婴幼儿照护专项附加扣除标准是多少？',
  ],
  hightech: [
    '高新技术企业认定需要满足哪些条件？',
    '请问申报高新技术企业认定，研发费用占比要求是多少？',
    '高新技术企业认定每年什么时候申报？',
    '通过高新技术企业认定后，企业所得税能减按15%征收吗？',
    '我们公司有6项实用新型专利，能申请高企认定吗？',
    '高新技术企业证书到期了，怎么重新认定？',
  ],
  stable: [
    '失业保险稳岗返还今年怎么申请？',
    '您好！我们企业去年没有裁员，能拿到稳岗返还吗？',
    '稳岗返还的钱什么时候到账？',
    '失业保险稳岗返还比例是多少？中小微企业返还多少？',
    '稳岗返还需要企业自己申报还是免申即享？',
    '欠缴失业保险费的企业能享受稳岗返还吗？',
  ],
};
const ONE_OFFS = [
  '营业执照地址变更需要带什么材料？',
  '农村宅基地上建房需要审批吗？',
  '孩子上小学的学区是怎么划分的？',
  '请问公租房申请排队多久能分到？',
  '残疾人两项补贴怎么领？',
  '企业所得税汇算清缴截止时间是什么时候？',
];

// Ids interleave the topics, so grouping cannot lean on input order.
const QUESTIONS: Question[] = [];
for (let k = 0; k < 6; k++) {
  for (const [topic, texts] of Object.entries(TOPICS)) QUESTIONS.push({ id: `${topic}-${k + 1}`, text: texts[k] });
  QUESTIONS.push({ id: `other-${k + 1}`, text: ONE_OFFS[k] });
}

const topicOf = (id: string) => id.replace(/-\d+$/, '');
const sorted = (ids: string[]) => [...ids].sort();

describe('groupSimilarQuestions on the fixture set', () => {
  const groups = groupSimilarQuestions(QUESTIONS);

  it('finds exactly the six topics, each with all its members', () => {
    const byTopic = Object.fromEntries(groups.map((g) => [topicOf(g.ids[0]), sorted(g.ids)]));
    expect(groups).toHaveLength(6);
    for (const topic of Object.keys(TOPICS)) {
      expect(byTopic[topic]).toEqual(sorted(TOPICS[topic].map((_, k) => `${topic}-${k + 1}`)));
    }
  });

  it('leaves the one-off questions out of every group', () => {
    const grouped = groups.flatMap((g) => g.ids);
    expect(grouped.filter((id) => id.startsWith('other-'))).toEqual([]);
  });

  it('flags groups of flagAt or more, and only those', () => {
    expect(groups.every((g) => g.size === 6 && g.ids.length === 6 && g.flagged)).toBe(true);
    expect(groupSimilarQuestions(QUESTIONS, { flagAt: 7 }).some((g) => g.flagged)).toBe(false);
    const three = QUESTIONS.filter((q) => ['loan-1', 'loan-2', 'loan-3'].includes(q.id));
    expect(groupSimilarQuestions(three)).toEqual([expect.objectContaining({ size: 3, flagged: false })]);
  });

  it('names each topic with its shared words, not with fillers', () => {
    const expected: Record<string, string[]> = {
      vat: ['小规模', '增值税'],
      social: ['社保', '补贴'],
      loan: ['创业', '担保', '贷款'],
      iit: ['专项', '附加', '扣除'],
      hightech: ['高新技术', '认定'],
      stable: ['稳岗', '返还'],
    };
    for (const g of groups) {
      expect(g.keywords).toEqual(expect.arrayContaining(expected[topicOf(g.ids[0])]));
      expect(g.keywords.length).toBeLessThanOrEqual(4);
      expect(g.keywords.filter((w) => /请问|您好|怎么|办理|申请|企业|多少/.test(w))).toEqual([]);
    }
    const titles = Object.fromEntries(groups.map((g) => [topicOf(g.ids[0]), g.title]));
    expect(titles.loan).toBe('创业担保贷款');
    expect(titles.iit).toContain('专项附加扣除');
    expect(titles.stable).toContain('稳岗返还');
  });

  it('gives the same output for the same input, and the same groups for the input reversed', () => {
    expect(groupSimilarQuestions(QUESTIONS)).toEqual(groups);
    const reversed = groupSimilarQuestions([...QUESTIONS].reverse());
    expect(reversed.map((g) => sorted(g.ids)).sort()).toEqual(groups.map((g) => sorted(g.ids)).sort());
  });
});

describe('groupSimilarQuestions edge cases', () => {
  it('returns nothing for no questions', () => {
    expect(groupSimilarQuestions([])).toEqual([]);
  });

  it('groups duplicates, also when only width and punctuation differ, but not empty ones', () => {
    const groups = groupSimilarQuestions([
      { id: 'a', text: '稳岗返还什么时候到账？' },
      { id: 'b', text: '农村宅基地上建房需要审批吗？' },
      { id: 'c', text: '稳岗返还什么时候到账?' },
      { id: 'd', text: '稳岗返还什么时候到账？' },
      { id: 'blank', text: ' ？ ' },
      { id: 'blank-too', text: ' ？ ' },
    ]);
    expect(groups).toHaveLength(1);
    expect(sorted(groups[0].ids)).toEqual(['a', 'c', 'd']);
  });

  it('does not group questions that share only courtesy and question words', () => {
    const groups = groupSimilarQuestions([
      { id: 'a', text: '您好，请问营业执照怎么办理？需要多少时间？' },
      { id: 'b', text: '您好，请问残疾证怎么办理？需要多少时间？' },
      { id: 'c', text: '您好，请问公积金提取怎么办理？需要多少时间？' },
    ]);
    expect(groups).toEqual([]);
  });

  it('puts the most central question first and sorts groups by size', () => {
    const groups = groupSimilarQuestions([
      { id: 'vat', text: '小规模纳税人免征增值税吗？' },
      { id: 'loan-odd', text: '我们是做餐饮的个体户，店面装修想用创业担保贷款，装修款能不能算进去？' },
      { id: 'loan', text: '创业担保贷款怎么申请？' },
      { id: 'vat-2', text: '小规模纳税人增值税怎么申报？' },
      { id: 'loan-again', text: '请问创业担保贷款如何申请' },
      { id: 'loan-3', text: '创业担保贷款额度是多少？' },
    ]);
    expect(groups.map((g) => g.size)).toEqual([4, 2]);
    expect(sorted(groups[0].ids.slice(0, 2))).toEqual(['loan', 'loan-again']);
    expect(groups[0].ids[3]).toBe('loan-odd');
    expect(sorted(groups[1].ids)).toEqual(['vat', 'vat-2']);
    expect(groups[1].title).toBe('小规模纳税人、增值税');
  });
});

describe('averageLinkage', () => {
  // A·B = 0.9, B·C = 0.3, A·C = 0: single linkage would chain C onto A and B at 0.25.
  const A = new Map([[0, 1]]);
  const B = new Map([
    [0, 0.9],
    [1, Math.sqrt(1 - 0.81)],
  ]);
  const c1 = 0.3 / Math.sqrt(1 - 0.81);
  const C = new Map([
    [1, c1],
    [2, Math.sqrt(1 - c1 * c1)],
  ]);

  it('merges by the mean over all member pairs, not the best pair', () => {
    const clusters = (vectors: Map<number, number>[], threshold: number) =>
      averageLinkage(vectors, 3, threshold).map((m) => [...m].sort());
    expect(clusters([A, B, C], 0.25)).toEqual([[0, 1]]);
    expect(clusters([C, B, A], 0.25)).toEqual([[1, 2]]);
    expect(clusters([A, B, C], 0.1)).toEqual([[0, 1, 2]]);
    expect(clusters([A, B, C], 0.95)).toEqual([]);
  });
});
