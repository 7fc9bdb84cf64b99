import { contentHash, toDocument } from './document';

const base = {
  documentId: 'doc1', slug: 'jx-test', title: '莒县公租房新办法', digest: '', body: '正文',
  keyPoints: [{ heading: '要点', text: '内容' }], qa: [],
  basis: [{ policy: { documentId: 'p1', title: '莒县公租房管理办法', documentNumber: '莒政办发〔2024〕15号', validFrom: '2024-07-01', validTo: null,
    clauses: [{ number: '第三条', text: '申请条件…' }, { number: '一、', text: '总则' }] }, clauses: '第三条、一' }],
  channels: [{ code: 'web', enabled: true }, { code: 'wechat', enabled: false }],
  sites: [{ code: 'juxian-portal', name: '莒县人民政府门户网站', kind: 'county' }],
  tags: [{ code: 'housing', name: '住房保障', dimension: { code: 'policy-type', name: '政策类型' } }],
  publishedAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z',
};

describe('toDocument', () => {
  it('resolves basis clause numbers to the clauses, with stable anchors', () => {
    const { document } = toDocument('interpretation', base);
    if (document.kind !== 'interpretation') throw new Error('kind');
    expect(document.basis[0].clauses.map((c) => [c.number, c.anchor])).toEqual([
      ['第三条', `clause-${encodeURIComponent('第三条')}`],
      ['一、', `clause-${encodeURIComponent('一')}`],
    ]);
    expect(document.channels).toEqual(['web']); // a disabled channel is not a target
    expect(document.tags[0]).toEqual({ code: 'housing', name: '住房保障', dimension: 'policy-type', dimensionName: '政策类型', exclusionGroup: null });
  });

  it('refuses a document without a title, saying which field', () => {
    expect(() => toDocument('interpretation', { ...base, title: '' })).toThrow('内容不符合发布要求：title：解读缺少标题');
  });

  it('refuses a channel the registry does not know, naming it (the kernel leaves codes to the channels)', () => {
    expect(() => toDocument('interpretation', { ...base, channels: [{ code: 'fax', enabled: true }] })).toThrow('channels.0.code：未知渠道“fax”');
    expect(() => toDocument('interpretation', { ...base, overrides: [{ channel: 'fax' }] })).toThrow('overrides.0.channel：未知渠道“fax”');
  });

  it('refuses a basis clause the policy does not have, naming the document number', () => {
    const broken = { ...base, basis: [{ ...base.basis[0], clauses: '第九条' }] };
    expect(() => toDocument('interpretation', broken)).toThrow('政策依据引用的条款“第九条”在《莒县公租房管理办法》（莒政办发〔2024〕15号）中不存在');
  });
});

describe('policy items', () => {
  const item = { title: '暂未配租家庭领取租赁补贴', who: '暂未配租的家庭', what: '每月每平方米8元', amount: '8元', howToApply: '在线申请', clauses: '第三条',
    tags: [{ code: 'low-income', name: '困难群众', exclusionGroup: null, dimension: { code: 'audience', name: '适用人群' } }] };

  it('rests an interpretation\'s item on its only basis document, clauses resolved, keyed by position', () => {
    const { document } = toDocument('interpretation', { ...base, items: [item] });
    expect(document.items[0]).toMatchObject({
      key: 'doc1#1', title: '暂未配租家庭领取租赁补贴',
      tags: [{ code: 'low-income', dimension: 'audience', dimensionName: '适用人群', exclusionGroup: null }],
      basis: { documentId: 'p1', documentNumber: '莒政办发〔2024〕15号', validFrom: '2024-07-01', clauses: [{ number: '第三条', text: '申请条件…' }] },
    });
  });

  it('rests a policy document\'s item on the document itself, and refuses a clause it does not have', () => {
    const policy = {
      documentId: 'p1', title: '莒县公租房管理办法', documentNumber: '莒政办发〔2024〕15号', validFrom: '2024-07-01', validTo: null,
      clauses: [{ number: '第三条', text: '申请条件…' }], publishedAt: base.publishedAt, updatedAt: base.updatedAt,
    };
    const { document } = toDocument('policy-document', { ...policy, items: [item] });
    expect(document.items[0].basis).toMatchObject({ documentId: 'p1', clauses: [{ number: '第三条' }] });
    expect(() => toDocument('policy-document', { ...policy, items: [{ ...item, clauses: '第八条' }] }))
      .toThrow('政策事项“暂未配租家庭领取租赁补贴”引用的条款“第八条”在《莒县公租房管理办法》（莒政办发〔2024〕15号）中不存在');
  });
});

describe('contentHash', () => {
  it('is the same for the same content in any key order, and ignores publish times', () => {
    const a = toDocument('interpretation', base).document;
    const reordered = JSON.parse(JSON.stringify({ ...base, publishedAt: '2026-12-01T00:00:00.000Z', updatedAt: '2026-12-01T00:00:00.000Z' }));
    const b = toDocument('interpretation', Object.fromEntries(Object.entries(reordered).reverse())).document;
    expect(contentHash(a)).toBe(contentHash(b));
    expect(contentHash(toDocument('interpretation', { ...base, title: '改了标题' }).document)).not.toBe(contentHash(a));
  });
});
