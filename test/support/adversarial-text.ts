import fc from 'fast-check';
import type { Interpretation, OpenEvent, PolicyDocument } from '@tongyuan/channels';
import { hostileInterpretation } from './fixtures';

/**
 * Adversarial text for generated-input tests (fast-check): each class the issue names, mixed with
 * ordinary Chinese, at every platform limit ±1, empty, and 5,000 characters long.
 */
export const PAYLOADS = [
  '<script>window.__ran=1</script>', '<img src=x onerror="window.__ran=1">', '<svg onload="window.__ran=1">', '<svg><script>window.__ran=1</script></svg>',
  '<a href="javascript:window.__ran=1">点我</a>', '<a href="jav&#x09;ascript:window.__ran=1">点</a>', '<a href=" JaVaScRiPt:window.__ran=1">点</a>',
  '[链接](javascript:window.__ran=1)', '![图](javascript:window.__ran=1)', '<javascript:window.__ran=1>', '[x](data:text/html,<script>window.__ran=1</script>)',
  '<iframe srcdoc="<script>parent.__ran=1</script>"></iframe>', '<object data="javascript:window.__ran=1"></object>', '<embed src="javascript:window.__ran=1">',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__ran=1">', '<form action="javascript:window.__ran=1"><button>提交</button></form>',
  '<details open ontoggle="window.__ran=1">', '<body onload="window.__ran=1">', '<meta http-equiv="refresh" content="0;url=javascript:window.__ran=1">',
  '"><img src=x onerror=window.__ran=1>', "'><svg onload=window.__ran=1>", '</textarea><script>window.__ran=1</script>', '</title><script>window.__ran=1</script>',
  ']]><script>window.__ran=1</script><![CDATA[', '--><script>window.__ran=1</script><!--', '&lt;script&gt;window.__ran=1&lt;/script&gt;', '{{constructor.constructor("window.__ran=1")()}}',
  '<noscript><p title="</noscript><img src=x onerror=window.__ran=1>">', '<template><script>window.__ran=1</script></template>', '<base href="javascript:/">',
];
export const CSS = [
  '<style>body{background:url(javascript:window.__ran=1)}</style>', '<p style="background:url(//evil.example/x.png);position:fixed">样式</p>',
  '<div style="width:expression(window.__ran=1)">旧IE</div>', '<link rel="stylesheet" href="//evil.example/s.css">', '@import url(//evil.example/a.css);',
];
const EMOJI = ['👨‍👩‍👧‍👦', '🏳️‍🌈', '🧑🏽‍💻', '🇨🇳', '🇭🇰', '1️⃣', '#️⃣', '*️⃣', '👍🏻', '👍🏿', '❤️', '❤︎', '☺', '📢', '✅', '\u200d', '\ufe0f', '\ufe0e', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'];
const COMBINING = ['e\u0301', 'a\u0308\u0323', '\u0301', 'ก\u0e49', '\u20dd'];
/** Assigned ranges of every CJK ideograph block: Extensions A–I and the compatibility blocks. */
export const CJK_BLOCKS: Record<string, [number, number]> = {
  'Ext A': [0x3400, 0x4dbf], 'Ext B': [0x20000, 0x2a6df], 'Ext C': [0x2a700, 0x2b739], 'Ext D': [0x2b740, 0x2b81d], 'Ext E': [0x2b820, 0x2cea1],
  'Ext F': [0x2ceb0, 0x2ebe0], 'Ext G': [0x30000, 0x3134a], 'Ext H': [0x31350, 0x323af], 'Ext I': [0x2ebf0, 0x2ee5d],
  Compatibility: [0xf900, 0xfad9], 'Compatibility Supplement': [0x2f800, 0x2fa1d],
};
const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
const ORDINARY = ['政策', '小规模纳税人', '减按1%征收', '（含本数）', '【重要】', '《通知》', '“免申即享”', 'a < b & c > d', 'A&B', '5<6', '&amp;', '&', '<', '>', '"', "'", '\\', '。', '，', ' ', '\n', '\n\n', '\t', '𠮷家村', '莒县'];

const cjk = fc.constantFrom(...Object.values(CJK_BLOCKS)).chain(([from, to]) => fc.integer({ min: from, max: to })).map((cp) => String.fromCodePoint(cp));
const control = fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.constant(0x7f), fc.integer({ min: 0x80, max: 0x9f })).map((cp) => String.fromCharCode(cp));
const loneSurrogate = fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', '\ud83d');

/** One piece of text of some class; fields are built from runs of pieces. */
export const piece: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ORDINARY) },
  { weight: 2, arbitrary: fc.constantFrom(...PAYLOADS) },
  { weight: 1, arbitrary: fc.constantFrom(...CSS) },
  { weight: 2, arbitrary: fc.constantFrom(...EMOJI) },
  { weight: 1, arbitrary: fc.constantFrom(...COMBINING) },
  { weight: 2, arbitrary: cjk },
  { weight: 1, arbitrary: fc.constantFrom(...BIDI) },
  { weight: 1, arbitrary: control },
  { weight: 1, arbitrary: loneSurrogate },
);

const codePoints = (text: string) => [...text];
/** Exactly `n` code points from the pieces (cut at a code point; a cut pair is a lone surrogate, which is a class too). */
const ofLength = (n: number) => fc.array(piece, { minLength: 1, maxLength: 12 }).map((parts) => {
  const run = codePoints(parts.join('') || '政');
  const out: string[] = [];
  while (out.length < n) out.push(...run);
  return out.slice(0, n).join('');
});

/** Platform limits (code points) from /work/shared/CHANNELS.md: WeChat title 64, digest 120, author 8; Weibo 2,000 and 140. */
export const LIMITS = [8, 64, 120, 140, 2000];
const atLimit = fc.constantFrom(...LIMITS).chain((limit) => fc.constantFrom(limit - 1, limit, limit + 1)).chain(ofLength);

/** A plain-text field: empty, a mix of classes, at a platform limit ±1, or 5,000 characters. */
export const textField: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 6, arbitrary: fc.array(piece, { maxLength: 8 }).map((p) => p.join('')) },
  { weight: 2, arbitrary: atLimit },
  { weight: 1, arbitrary: ofLength(5000) },
);
/** A field that must not be empty (a name, a title). */
export const nonEmptyField = textField.filter((t) => t.trim() !== '');
/** Markdown with raw HTML, as authors paste it. */
export const richField: fc.Arbitrary<string> = fc.array(fc.oneof(piece, fc.constantFrom('\n\n', '# ', '- ', '**', '`', '> ', '| a | b |\n|---|---|\n| 1 | 2 |\n')), { maxLength: 16 }).map((p) => p.join(''));

/**
 * An interpretation bound for every channel, every text field it has generated: titles, digests,
 * key points, Q&A, names of departments, interpreters, columns, sites and terminals, overrides.
 */
export const interpretationArb: fc.Arbitrary<Interpretation> = fc.record({
  title: nonEmptyField, digest: textField, body: richField,
  keyPoints: fc.array(fc.record({ heading: nonEmptyField, text: textField }), { minLength: 1, maxLength: 3 }),
  qa: fc.array(fc.record({ question: nonEmptyField, answer: nonEmptyField }), { maxLength: 2 }),
  department: nonEmptyField, hotline: textField, interpreter: textField, brand: textField, site: nonEmptyField, terminal: nonEmptyField,
  basisTitle: nonEmptyField, clause: nonEmptyField,
  override: fc.option(fc.record({ channel: fc.constantFrom('wechat' as const, 'weibo' as const), title: textField, digest: textField, text: textField, narration: textField }), { nil: null }),
  tag: nonEmptyField, item: nonEmptyField, station: nonEmptyField,
}).map((f) => ({
  ...hostileInterpretation(),
  documentId: 'generated', slug: 'generated',
  title: f.title, digest: f.digest, body: f.body, keyPoints: f.keyPoints, qa: f.qa,
  department: { code: 'gen-dept', name: f.department, hotline: f.hotline },
  interpreters: f.interpreter ? [{ code: 'gen-i', name: f.interpreter, title: f.interpreter }] : [],
  brandColumn: f.brand ? { code: 'gen-brand', name: f.brand } : null,
  basis: [{ policy: { documentId: 'p-gen', title: f.basisTitle, documentNumber: '莒政发〔2026〕1号', validFrom: '2026-01-01', validTo: null }, clauses: [{ number: '第一条', anchor: 'clause-1', text: f.clause }] }],
  channels: ['web', 'feeds', 'wechat', 'weibo', 'kiosk', 'cinema', 'short-video', 'policy-match', 'tv', 'print', 'audio'],
  sites: [{ code: 'juxian-portal', name: f.site, kind: 'county' }],
  kioskTerminals: [{ code: 'jx-hall', name: f.terminal, orientation: 'portrait', staleAfterHours: null }],
  screeningRegions: [{ code: 'jx-east', name: f.site }],
  tvStations: [{ code: 'gen-tv', name: f.station, format: 'h264-1080i25-tff', tickerMaxChars: 12 }],
  overrides: f.override ? [f.override] : [],
  tags: [{ code: 'gen-tag', name: f.tag, dimension: 'who', dimensionName: f.tag, exclusionGroup: null }],
  items: [{ key: 'generated#1', title: f.item, who: f.item, what: f.item, amount: f.item, howToApply: f.item, tags: [], basis: null }],
}));

/** A policy document (政策文件): number, clauses, full text, lists, issuing department. */
export const policyArb: fc.Arbitrary<PolicyDocument> = fc.record({
  title: nonEmptyField, number: nonEmptyField, department: nonEmptyField, clauses: fc.array(fc.record({ title: textField, text: nonEmptyField }), { minLength: 1, maxLength: 3 }),
  fullText: richField, list: nonEmptyField, listDescription: textField, site: nonEmptyField, tag: nonEmptyField,
}).map((f) => ({
  kind: 'policy-document', documentId: 'p-generated', title: f.title, documentNumber: f.number, issuingDepartment: { code: 'gen-dept', name: f.department },
  issuedDate: '2026-01-01', validFrom: '2026-01-01', validTo: null, supersedes: null,
  clauses: f.clauses.map((c, i) => ({ number: `第${i + 1}条`, anchor: `clause-${i + 1}`, title: c.title, text: c.text })), fullText: f.fullText,
  tags: [{ code: 'gen-tag', name: f.tag, dimension: 'who', dimensionName: f.tag, exclusionGroup: null }], items: [],
  lists: [{ code: 'gen-list', name: f.list, description: f.listDescription }], sites: [{ code: 'juxian-portal', name: f.site, kind: 'county' }],
}));

/**
 * An open event (开放活动): every free-text field adversarial; links http(s) as the kernel's rules
 * require (the CMS and ingest refuse anything else), times valid instants with the end after the start.
 */
export const eventArb: fc.Arbitrary<OpenEvent> = fc.record({
  title: nonEmptyField, digest: textField, body: richField, department: nonEmptyField, hotline: textField, county: nonEmptyField,
  place: fc.option(nonEmptyField, { nil: null }), audience: textField, bring: textField, accessibility: textField, site: nonEmptyField, terminal: nonEmptyField,
  live: fc.option(fc.constantFrom('https://live.example.gov.cn/a?b=1&c=2', 'http://例子.中国/直播', 'https://e.example/%22onmouseover=alert(1)//javascript:'), { nil: null }),
  capacity: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null }),
  startsAt: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2030, 0, 1) }), hours: fc.integer({ min: 1, max: 24 * 40 }),
}).map((f) => ({
  kind: 'event', documentId: 'e-generated', slug: 'generated-event', title: f.title, digest: f.digest, body: f.body,
  department: { documentId: 'gen-dept', code: 'gen-dept', name: f.department, hotline: f.hotline }, county: { code: 'gen-county', name: f.county },
  startsAt: new Date(f.startsAt).toISOString(), endsAt: new Date(f.startsAt + f.hours * 3600_000).toISOString(),
  place: f.place ?? (f.live ? null : '线下'), liveUrl: f.live, vrUrl: null, audience: f.audience, capacity: f.capacity,
  registrationOpensAt: null, registrationClosesAt: f.capacity ? new Date(f.startsAt - 3600_000).toISOString() : null,
  bring: f.bring, accessibility: f.accessibility, cover: null,
  channels: ['web', 'feeds', 'wechat', 'weibo', 'kiosk', 'short-video'],
  sites: [{ code: 'juxian-portal', name: f.site, kind: 'county' }],
  kioskTerminals: [{ code: 'jx-hall', name: f.terminal, orientation: 'portrait', staleAfterHours: null }],
}));
