import type { PolicyItem, PolicyMatchPayload, Tag } from '@tongyuan/channels';
import { PolicyIndex } from './policy-index';
import { plannedEvents, type PlannedEvent, type ToldItem } from './push';

/** What one subscriber is told, run after run: new, changed, expired, withdrawn, no longer fitting, back again. */
const tag = (dimension: string, code: string): Tag => ({ dimension, code, name: code, dimensionName: dimension, exclusionGroup: null });
const item = (key: string, title: string, tags: Tag[]): PolicyItem => ({
  key, title, who: '纳税人', what: '减免', amount: '全额', howToApply: '自动享受', tags,
  basis: { documentId: 'doc', title: '依据文件', documentNumber: '粤税发〔2023〕52号', validFrom: '2023-07-01', validTo: '2026-12-31', clauses: [] },
});
const indexOf = (items: PolicyItem[]) => {
  const payload: PolicyMatchPayload = {
    kind: 'policy-document', title: '依据文件', documentNumber: '粤税发〔2023〕52号', validFrom: '2023-07-01', validTo: '2026-12-31', supersedes: null, fullText: '', items,
  };
  return new PolicyIndex([{ documentId: 'doc', payload }]);
};
const manufacturing = tag('industry', 'manufacturing');
const profile = ['industry:manufacturing', 'region:guangdong'];

/** Applies events to the record as the store does. */
function tell(told: Map<string, ToldItem>, events: PlannedEvent[]) {
  for (const e of events) told.set(e.key, { hash: e.hash, version: e.version, withdrawn: e.kind === 'withdrawn', item: e.item });
  return events.map((e) => [e.key, e.kind, e.note, e.version]);
}

it('tells a subscriber each difference once, and why an item left', () => {
  const told = new Map<string, ToldItem>();
  const refund = item('doc#1', '留抵退税', [manufacturing, tag('region', 'guangdong')]);
  const other = item('doc#2', '研发费用加计扣除', [tag('region', 'guangdong')]);
  const run = (items: PolicyItem[], day = '2026-11-23') => tell(told, plannedEvents(indexOf(items), profile, day, told, 'http://p'));

  expect(run([refund, other])).toEqual([['doc#1', 'item', 'new', 1], ['doc#2', 'item', 'new', 1]]);
  expect(run([refund, other])).toEqual([]);
  expect(run([{ ...refund, amount: '60%' }, other])).toEqual([['doc#1', 'item', 'changed', 2]]);
  expect(run([{ ...refund, amount: '60%' }, { ...other, tags: [tag('industry', 'catering'), tag('region', 'guangdong')] }])).toEqual([['doc#2', 'withdrawn', '不再符合画像', 2]]);
  expect(run([{ ...refund, amount: '60%' }])).toEqual([]);
  expect(run([])).toEqual([['doc#1', 'withdrawn', '已撤回', 3]]);
  expect(run([refund])).toEqual([['doc#1', 'item', 'new', 4]]);
  expect(run([refund], '2027-01-01')).toEqual([['doc#1', 'withdrawn', '已失效', 5]]);
  expect(told.get('doc#1')!.item).toMatchObject({ title: '留抵退税', url: 'http://p/policy-finder/items/doc%231', validTo: '2026-12-31' });
});

it('keeps matching a stored profile whose tag the CMS removed since: that dimension fits nothing', () => {
  const index = indexOf([item('doc#1', '留抵退税', [manufacturing]), item('doc#2', '普惠', [])]);
  const events = plannedEvents(index, ['industry:removed-since'], '2026-11-23', new Map(), 'http://p');
  expect(events.map((e) => e.item.title)).toEqual(['普惠']);
});
