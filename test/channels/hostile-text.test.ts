import { readFileSync } from 'node:fs';
import { registeredChannels, type Interpretation, type PolicyDocument } from '@tongyuan/channels';
import { hostileInterpretation } from '../support/fixtures';
import { dangersIn } from '../support/markup-checks';
import { localRenderContext } from '../support/render-context';

/**
 * Hand-picked XSS, HTML and CSS injection (generated-input.test.ts generates many more) through
 * every text field an author fills, into every channel that
 * writes text (the video channels draw text as pixels; their sidecar cues are checked in the
 * cinema tests): no script, event handler, javascript: URL, style sheet, frame, outside resource
 * or CSS url() reaches any file or payload a channel writes.
 */
const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(2)>';
const LINK = '<a href="javascript:alert(3)">点我</a>';
const CSS = '<p style="background:url(javascript:alert(4));color:red;background-image:url(//evil.example/x.png)">样式</p>';
const SHEET = '<style>body{background:url(//evil.example/y.png)}</style>';
const BREAKOUT = '"><svg onload=alert(5)></textarea><iframe src="//evil.example/f">';
const ALL = [SCRIPT, IMG, LINK, CSS, SHEET, BREAKOUT].join('');
const hostile = (label: string) => `${label}${ALL}`;

const interpretation: Interpretation = {
  ...hostileInterpretation(),
  title: hostile('标题'), digest: hostile('摘要'),
  body: `正文第一段 ${ALL}\n\n[链接](javascript:alert(6)) ![图](https://evil.example/z.png)\n\n<div style="position:fixed">浮层</div>`,
  keyPoints: [{ heading: hostile('要点'), text: hostile('内容') }],
  qa: [{ question: hostile('问'), answer: hostile('答') }],
  department: { code: 'd', name: hostile('部门'), hotline: `12345${SCRIPT}` },
  interpreters: [{ code: 'i', name: hostile('解读人'), title: hostile('职务') }],
  brandColumn: { code: 'b', name: hostile('栏目') },
  channels: ['web', 'feeds', 'wechat', 'weibo', 'kiosk', 'policy-match'],
  kioskTerminals: [{ code: 'jx-service-hall', name: hostile('终端'), orientation: 'portrait', staleAfterHours: null }],
  overrides: [{ channel: 'weibo', title: hostile('微博标题'), digest: '', text: hostile('微博正文'), narration: '' }],
  items: [{ key: 'hostile1#1', title: hostile('事项'), who: hostile('主体'), what: hostile('内容'), amount: hostile('力度'), howToApply: hostile('办理'), tags: [], basis: null }],
};
const policy: PolicyDocument = {
  kind: 'policy-document', documentId: 'p-hostile', title: hostile('文件'), documentNumber: `测试〔2026〕1号${SCRIPT}`, issuingDepartment: { code: 'd', name: hostile('发文') },
  issuedDate: '2026-01-01', validFrom: '2026-01-01', validTo: null, supersedes: null,
  clauses: [{ number: '第一条', anchor: 'clause-1', text: hostile('条款') }], fullText: `# 标题\n\n${ALL}\n\n第一条 ${ALL}`,
  tags: [], items: [], lists: [{ code: 'l', name: hostile('清单'), description: hostile('说明') }], sites: [{ code: 'juxian-portal', name: hostile('站点'), kind: 'county' }],
};

const textChannels = registeredChannels().filter((c) => c.workload !== 'video');
const htmlFields = (payload: unknown): string[] => {
  const out: string[] = [];
  const walk = (value: unknown, key = '') => {
    if (typeof value === 'string' && /html|content/i.test(key)) out.push(value);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  walk(payload);
  return out;
};

describe.each([['an interpretation', interpretation], ['a policy document', policy]] as const)('%s full of injections', (_, doc) => {
  it.each(textChannels.filter((c) => c.accepts(doc)).map((c) => [c.code, c] as const))('leaves nothing that runs in what %s writes', async (_code, channel) => {
    const local = localRenderContext();
    const result = await channel.render(doc, local.ctx);
    const checked: string[] = [];
    for (const artifact of result.artifacts) {
      if (!/\.(html|svg)$/.test(artifact.name)) continue;
      const markup = readFileSync(local.files.get(artifact.name)!, 'utf8');
      // A QR code is the channel's own drawing (an <svg> of paths), not an author's.
      expect({ file: artifact.name, dangers: dangersIn(markup, { allowTags: artifact.name.endsWith('.svg') ? ['svg'] : [], ownOrigin: local.ctx.publicUrl }) }).toEqual({ file: artifact.name, dangers: [] });
      checked.push(artifact.name);
    }
    // HTML inside payloads (a feed entry's content, a package's article) is checked the same way.
    for (const html of htmlFields(result.payload)) expect({ payload: dangersIn(html, { ownOrigin: local.ctx.publicUrl }) }).toEqual({ payload: [] });
    // The author's words arrive, as text.
    const everything = [...result.artifacts.filter((a) => /\.(html|json)$/.test(a.name)).map((a) => readFileSync(local.files.get(a.name)!, 'utf8')), JSON.stringify(result.payload)].join('');
    expect(everything).toMatch(doc.kind === 'interpretation' ? /标题|要点|事项/ : /文件|条款/);
    if (['web', 'wechat', 'kiosk'].includes(channel.code)) expect(checked.length).toBeGreaterThan(0);
  });
});
