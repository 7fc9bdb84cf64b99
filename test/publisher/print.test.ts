import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DownloadPlaces } from '../../publisher/src/reports/download-places';
import { graphql, OPS_AUTH, startStack, type Stack } from '../support/stack';
import sharp from 'sharp';
import { ADMIN, TEST_HOOK_SECRET } from '../support/cms';
import { waitFor } from '../support/processes';
import { adminLogin, contentManager, INTERPRETATION, policyEndDate } from '../support/strapi-api';

/**
 * Print for grid workers on the demo content (two Huitong and two Juxian interpretations are
 * printed): published → the leaflet live in GraphQL with its `changes` row → the county's page
 * lists the leaflet, the poster, the brand column's and the 政策清单's booklets, and the files download (resumably);
 * preflight and the preview (the PDFs' first pages drawn by pdf.js) answer for the channel
 * → its basis ended (and lifted again), then withdrawn in the CMS → gone from the page within seconds, its files no longer served.
 */
let stack: Stack;
let cm: ReturnType<typeof contentManager>;
let token: string;
const page = async (county: string) => {
  const response = await fetch(`${stack.url}/print/${county}`);
  return { status: response.status, html: await response.text() };
};
/** A PDF's text, as pdftotext reads it (whitespace removed). */
const pdfText = async (pdf: Buffer) => {
  const file = path.join(os.tmpdir(), `print-test-${process.pid}-${Date.now()}.pdf`);
  writeFileSync(file, pdf);
  try {
    return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s/g, '');
  } finally {
    rmSync(file, { force: true });
  }
};
const links = (html: string) => [...html.matchAll(/href="(\/files\/[0-9a-f]{64}\/[^"]+)"/g)].map((m) => m[1]);

beforeAll(async () => {
  stack = await startStack({ publisherEnv: { CHANNELS: 'web,print' } });
  cm = contentManager(stack.cms.url, await adminLogin(stack.cms.url, ADMIN.email, ADMIN.password));
  token = await stack.token(['create', '--name', 'print-ops', '--channels', 'print']);
  await waitFor('the four printed demo interpretations live, and the booklets built', async () => {
    const status = (await (await fetch(`${stack.url}/status`, { headers: { authorization: OPS_AUTH, accept: 'application/json' } })).json()) as { channels: Array<Record<string, number | string>> };
    const print = status.channels.find((c) => c.channel === 'print') ?? {};
    if (Number(print.live ?? 0) < 4) return false;
    const juxian = (await page('juxian')).html;
    return (await page('huitong')).html.includes('政策解读小册子') && juxian.includes('政策解读小册子') && juxian.includes('事项清单解读小册子');
  }, 120_000, 250);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

it('lists a county\'s leaflets, posters and booklet for grid workers, live in GraphQL with a change row, and serves the PDFs resumably', async () => {
  const { body: list } = await cm.list(INTERPRETATION, 'page=1&pageSize=100');
  const doc = list.results.find((d: { slug: string }) => d.slug === 'ht-old-residential-renovation');
  const { body } = await graphql(stack, token, `query($id: ID!) { publication(documentId: $id) { channels { channel status } }
    changes(channels: ["print"]) { changes { documentId kind rendition { artifacts { name mime } } } } }`, { id: doc.documentId });
  expect(body.data.publication.channels).toContainEqual({ channel: 'print', status: 'LIVE' });
  const change = body.data.changes.changes.find((c: { documentId: string }) => c.documentId === doc.documentId);
  expect(change.kind).toBe('UPSERT');
  expect(change.rendition.artifacts).toEqual(expect.arrayContaining([{ name: 'leaflet.pdf', mime: 'application/pdf' }, { name: 'poster.pdf', mime: 'application/pdf' }]));

  const huitong = await page('huitong');
  expect(huitong.status).toBe(200);
  expect(huitong.html).toContain('会同县印刷品下载');
  expect(huitong.html).toContain(doc.title);
  expect(huitong.html).not.toContain('困难群众看病有兜底'); // Juxian's, on Juxian's page
  expect(huitong.html).toContain('民生实事面对面政策解读小册子');
  const files = links(huitong.html);
  expect(files.length).toBe(2 * 2 + 1); // two leaflets, two posters, one booklet
  for (const href of files) {
    const response = await fetch(`${stack.url}${href}`);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  }
  const resumed = await fetch(`${stack.url}${files[0]}`, { headers: { range: 'bytes=100-' } });
  expect(resumed.status).toBe(206);
  expect(resumed.headers.get('content-range')).toMatch(/^bytes 100-\d+\/\d+$/);

  // What the author saw before publishing: preflight, and the leaflet's and poster's first pages as printed.
  const headers = { 'x-tongyuan-hook-secret': TEST_HOOK_SECRET };
  const { findings } = (await (await fetch(`${stack.url}/hooks/preflight/interpretation/${doc.documentId}`, { headers })).json()) as { findings: Array<{ channel: string; level: string }> };
  expect(findings.filter((f) => f.channel === 'print' && f.level === 'error')).toEqual([]);
  const { items, failures } = (await (await fetch(`${stack.url}/hooks/preview/interpretation/${doc.documentId}`, { headers })).json()) as { items: Array<{ key: string; channel: string; width: number; dataUrl: string }>; failures: unknown[] };
  expect(failures).toEqual([]);
  const previews = items.filter((i) => i.channel === 'print');
  expect(previews.map((i) => i.key)).toEqual(['print-leaflet', 'print-poster']);
  const leafletPng = await sharp(Buffer.from(previews[0].dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64')).metadata();
  expect([leafletPng.width, leafletPng.height]).toEqual([893, 1263]); // A4 at 1.5 px a point

  const juxian = (await page('juxian')).html;
  expect(juxian).toContain('困难群众看病有兜底');
  // 耕地地力保护补贴 is live on print too, but its basis (莒农发〔2022〕5号) ended on 2024-12-31: not handed out, not in the booklet.
  expect(juxian).not.toContain('耕地地力保护补贴');
  expect(juxian).toMatch(/政在开讲政策解读小册子<\/h3>\s*<p class="meta">共 1 篇解读/);
  // 医疗救助 rests on two documents of the 民生政策(服务)事项清单: the list's booklet holds it, and the list's documents in force.
  expect(juxian).toMatch(/民生政策\(服务\)事项清单解读小册子<\/h3>\s*<p class="meta">共 1 篇解读，清单所列政策文件 \d+ 件/);
  const listBooklet = Buffer.from(await (await fetch(`${stack.url}${links(juxian).pop()}`)).arrayBuffer());
  const listText = await pdfText(listBooklet);
  expect(listText).toContain('困难群众看病有兜底');
  expect(listText).toContain('莒医保发〔2024〕15号');
  expect(listText).not.toContain('莒农发〔2022〕5号'); // on the list, but ended on 2024-12-31
  expect((await page('nowhere')).status).toBe(404);

  // The annual report counts each download where it came from: the Huitong leaflets and posters for Huitong and for
  // the department that wrote each (two files each), the two booklets (several documents) apart.
  const year = new Date().getUTCFullYear();
  const figures = (await (await fetch(`${stack.url}/reports/annual.json?year=${year}`, { headers: { authorization: OPS_AUTH } })).json()) as { downloadPlaces: DownloadPlaces };
  const places = figures.downloadPlaces;
  expect(places.byCounty).toContainEqual({ code: 'huitong', name: '会同县', total: 4, channels: [{ channel: 'print', name: '印刷品', count: 4 }] });
  for (const department of ['ht-housing', 'ht-finance']) {
    expect(places.byDepartment.find((d) => d.code === department)).toMatchObject({ total: 2, channels: [{ channel: 'print', count: 2 }] });
  }
  expect(places.unattributed).toContainEqual({ channel: 'print', name: '印刷品', count: 2 });
  const county = await (await fetch(`${stack.url}/reports/annual?year=${year}&county=huitong`, { headers: { authorization: OPS_AUTH } })).text();
  const byDepartment = /id="downloads-by-department"[\s\S]*?<\/table>/.exec(county)?.[0] ?? '';
  expect(byDepartment).toMatch(/会同县住房和城乡建设局<\/th><td class="num">2<\/td>/);
  expect(byDepartment).toContain('会同县财政局');
  expect((await (await fetch(`${stack.url}/print`)).text())).toContain('href="/print/huitong"');
});

it('takes an interpretation whose basis ended off its county\'s page within seconds, with the booklets it was in, and back when the end is lifted', async () => {
  const title = '困难群众看病有兜底';
  const basis = await policyEndDate(cm, '莒医保发〔2024〕15号');
  const started = Date.now();
  await basis.setEnd('2025-12-31');
  try {
    await waitFor('off the Juxian page', async () => !(await page('juxian')).html.includes(title), 10_000, 100);
    console.log(`basis ended → off the Juxian print page in ${Date.now() - started} ms`);
    // It was the only Juxian interpretation in force on print: both its booklets go.
    await waitFor('its booklets gone', async () => !(await page('juxian')).html.includes('小册子</h3>'), 10_000, 100);
  } finally {
    await basis.setEnd(null);
  }
  await waitFor('back on the Juxian page with its booklets', async () => {
    const html = (await page('juxian')).html;
    return html.includes(title) && html.includes('事项清单解读小册子');
  }, 15_000, 200);
});

it('takes a withdrawn interpretation off its county\'s page within seconds, and rebuilds the booklet without it', async () => {
  const { body: list } = await cm.list(INTERPRETATION, 'page=1&pageSize=100');
  const doc = list.results.find((d: { slug: string }) => d.slug === 'ht-old-residential-renovation');
  const before = await page('huitong');
  const [leaflet] = links(before.html.slice(before.html.indexOf(doc.title)));
  const booklet = links(before.html).pop()!;

  const started = Date.now();
  expect((await cm.unpublish(INTERPRETATION, doc.documentId)).status).toBe(200);
  const after = await waitFor('gone from the page', async () => {
    const now = await page('huitong');
    return now.html.includes(doc.title) ? undefined : now;
  }, 10_000, 100);
  console.log(`withdrawn → off the Huitong print page in ${Date.now() - started} ms`);
  expect((await fetch(`${stack.url}${leaflet}`)).status).toBe(404);
  const rebuilt = await waitFor('the booklet rebuilt with one interpretation', async () => {
    const now = await page('huitong');
    return now.html.includes('共 1 篇解读') ? now : undefined;
  }, 10_000, 100);
  expect(links(rebuilt.html).pop()).not.toBe(booklet);
  expect(after.html).toContain('会同县印刷品下载');
});
