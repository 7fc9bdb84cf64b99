import type { Interpretation } from '@tongyuan/channels';
import { interpretationDefaults } from '@tongyuan/document';

/** An interpretation written to break things: filter-string characters, emoji, 𠮷, a 5,000-character key point. */
export function hostileInterpretation(): Interpretation {
  return {
    ...interpretationDefaults(), // fields added to the kernel later get what an empty CMS field gives
    kind: 'interpretation', documentId: 'hostile1', slug: 'sx-small-scale-vat-relief',
    title: "📢𠮷家村：小规模纳税人减按1%征收，'月销售额10万元以下'免征 ✅", digest: '', body: '',
    keyPoints: [
      { heading: '谁能享受', text: "月销售额10万元以下（含本数）的小规模纳税人[含个体工商户]；免征增值税；\n申报路径：我要办税\\税费申报:'\\%" },
      { heading: '超长要点', text: '政策说明'.repeat(1250) },
    ],
    qa: [{ question: '季度销售额30万元以内怎么算？', answer: "按季申报的，季度销售额不超过30万元免征：包括 5% 以内的'差额'部分。" }],
    basis: [{ policy: { documentId: 'p1', title: '关于小规模纳税人减免增值税的公告', documentNumber: '晋税发〔2023〕1号', validFrom: null, validTo: null },
      clauses: [{ number: '第一条', anchor: 'clause-1', text: '…' }] }],
    department: { code: 'sx-tax', name: '国家税务总局山西省税务局', hotline: '12366' },
    interpreters: [], brandColumn: { code: 'jinxiang', name: '晋享税惠' }, format: 'narration', cover: null, coverFocus: null, images: [],
    channels: ['cinema', 'short-video'], sites: [{ code: 'sx-tax', name: '山西税务', kind: 'portal' }], kioskTerminals: [],
    screeningRegions: [{ code: 'jx-east', name: '莒县东部片区' }], overrides: [], tags: [], items: [], goLiveAt: null,
  };
}

/** A plain Juxian interpretation (莒县医保), the kind a projectionist shows before a film. */
export function juxianInterpretation(): Interpretation {
  return {
    ...hostileInterpretation(),
    documentId: 'jx1', slug: 'jx-resident-medical-insurance-2027',
    title: '2027年度城乡居民医保开始缴费',
    keyPoints: [
      { heading: '缴多少', text: '个人缴费标准为每人每年400元，财政补助同步提高。' },
      { heading: '什么时候缴', text: '集中缴费期为即日起至12月31日，错过集中缴费期的，待遇等待期为3个月。' },
    ],
    qa: [{ question: '困难群众怎么缴？', answer: '特困人员、低保对象的个人缴费部分，由医疗救助资金按规定给予资助。' }],
    basis: [{ policy: { documentId: 'p2', title: '关于做好2027年城乡居民基本医疗保障工作的通知', documentNumber: '莒医保发〔2026〕12号', validFrom: '2026-11-01', validTo: '2027-12-31' },
      clauses: [{ number: '第二条', anchor: 'clause-2', text: '…' }] }],
    department: { code: 'jx-medical', name: '莒县医疗保障局', hotline: '0633-6221234' },
    brandColumn: { code: 'zzkj', name: '政在开讲' },
    sites: [{ code: 'juxian', name: '莒县人民政府', kind: 'portal' }],
    screeningRegions: [{ code: 'jx-east', name: '莒县东部片区' }, { code: 'jx-west', name: '莒县西部片区' }],
  };
}
