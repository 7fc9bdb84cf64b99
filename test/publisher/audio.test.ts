import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import FeedParser from 'feedparser';
import RssParser from 'rss-parser';
import { LOUDNESS_TARGETS, resolveFfmpeg } from '@tongyuan/channels';
import { ADMIN } from '../support/cms';
import { loudness, probe } from '../support/media';
import { waitFor } from '../support/processes';
import { graphql, startStack, type Stack } from '../support/stack';
import { adminLogin, contentManager, INTERPRETATION, policyEndDate } from '../support/strapi-api';

/**
 * The audio programme on the stack, with the demo content (two interpretations are on the audio
 * channel: Juxian's 医疗救助 in 政在开讲, Huitong's 民生资金公开): published → live in GraphQL with
 * its measured loudness and a `changes` row → in the podcast feeds of its site and brand column,
 * read by two independent feed parsers, the enclosure's length and type those of the served file →
 * the portal page plays it with its transcript → the 村村响 pages per region and day → its basis ended
 * (then lifted), and withdrawn in the CMS → gone from the feeds and the loudspeakers within seconds.
 */
let stack: Stack;
let cm: ReturnType<typeof contentManager>;
let token: string;
let doc: { documentId: string; title: string };
const SLUG = 'jx-medical-assistance';
const BRAND_FEED = '/podcasts/brands/zai-kai-jiang.rss';
const SITE_FEED = '/podcasts/sites/juxian-portal.rss';
const text = async (path: string) => (await fetch(`${stack.url}${path}`)).text();

interface Episode { title: string; guid: string; enclosure: { url: string; length: number; type: string }; duration: string }

async function withRssParser(xml: string): Promise<Episode[]> {
  const feed = await new RssParser({ customFields: { item: ['itunes:duration'] } }).parseString(xml);
  return feed.items.map((item) => ({
    title: item.title ?? '', guid: item.guid ?? '', duration: String(item['itunes:duration'] ?? ''),
    enclosure: { url: item.enclosure!.url, length: Number(item.enclosure!.length), type: item.enclosure!.type ?? '' },
  }));
}

function withFeedparser(xml: string): Promise<Episode[]> {
  return new Promise((resolve, reject) => {
    const episodes: Episode[] = [];
    const parser = new FeedParser({ normalize: true, addmeta: false });
    parser.on('error', reject);
    parser.on('readable', () => {
      for (let item = parser.read(); item; item = parser.read()) {
        const [enclosure] = item.enclosures;
        episodes.push({ title: item.title, guid: item.guid, duration: String(item['itunes:duration']?.['#'] ?? ''), enclosure: { url: enclosure.url, length: Number(enclosure.length), type: enclosure.type ?? '' } });
      }
    });
    parser.on('end', () => resolve(episodes));
    Readable.from([xml]).pipe(parser);
  });
}

beforeAll(async () => {
  stack = await startStack({ publisherEnv: { CHANNELS: 'web,audio' } });
  cm = contentManager(stack.cms.url, await adminLogin(stack.cms.url, ADMIN.email, ADMIN.password));
  token = await stack.token(['create', '--name', 'radio-ops', '--channels', 'audio']);
  doc = (await cm.list(INTERPRETATION, 'page=1&pageSize=100')).body.results.find((d: { slug: string }) => d.slug === SLUG);
  const booted = Date.now();
  await waitFor('both demo programmes in their podcast feeds', async () => (await text(SITE_FEED)).includes(doc.title) && (await text('/podcasts')).includes('huitong-portal'), 90_000, 250);
  console.log(`stack up → both programmes live in ${Date.now() - booted} ms`);
}, 150_000);

afterAll(async () => {
  await stack?.stop();
  for (const file of downloaded) rmSync(file, { force: true });
});

it('is live in GraphQL with what was measured and a change row, in its site\'s and brand column\'s podcast feeds, and on its page', async () => {
  const { body } = await graphql(stack, token, `query($id: ID!) { publication(documentId: $id) { channels { channel status } }
    changes(channels: ["audio"]) { changes { documentId kind rendition { payload artifacts { name mime size } } } } }`, { id: doc.documentId });
  expect(body.data.publication.channels).toContainEqual({ channel: 'audio', status: 'LIVE' });
  const change = body.data.changes.changes.find((c: { documentId: string }) => c.documentId === doc.documentId);
  expect(change.kind).toBe('UPSERT');
  const { payload, artifacts } = change.rendition;
  expect(artifacts.map((a: { mime: string }) => a.mime)).toEqual(['audio/mpeg', 'audio/wav', 'text/vtt; charset=utf-8']);
  expect(Math.abs(payload.outputs.mp3.integrated - LOUDNESS_TARGETS.mp3.integrated)).toBeLessThanOrEqual(1);
  expect(Math.abs(payload.outputs.wav.integrated + 24)).toBeLessThanOrEqual(1);
  expect(payload.outputs.wav.truePeak).toBeLessThanOrEqual(-2);
  expect(payload.narration.present).toBe(true);

  const podcasts = JSON.parse(await text('/podcasts')).podcasts;
  expect(podcasts).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'brand', code: 'zai-kai-jiang', name: '政在开讲' }), expect.objectContaining({ kind: 'site', code: 'huitong-portal' })]));
  const xml = await text(BRAND_FEED);
  expect(xml).toContain('xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"');
  const [byRssParser, byFeedparser] = await Promise.all([withRssParser(xml), withFeedparser(xml)]);
  expect(byRssParser).toEqual(byFeedparser);
  expect(byRssParser.map((e) => e.title)).toEqual([doc.title]); // Huitong's is not in 政在开讲
  const [episode] = byRssParser;
  expect(episode.guid).toBe(`urn:tongyuan:audio:${doc.documentId}`);
  expect(episode.duration.split(':').reduce((sum, part) => sum * 60 + Number(part), 0)).toBe(Math.round(payload.seconds)); // itunes:duration HH:MM:SS
  const served = await fetch(episode.enclosure.url);
  const bytes = Buffer.from(await served.arrayBuffer());
  expect({ length: bytes.length, type: served.headers.get('content-type') }).toEqual({ length: episode.enclosure.length, type: episode.enclosure.type });
  expect(bytes.subarray(0, 3).toString('latin1')).toBe('ID3');
  expect(await text('/podcasts/brands/no-such-brand.rss')).toContain('这个播客订阅还没有节目');

  const page = await text(`/sites/juxian-portal/interpretations/${SLUG}.html`);
  const mp3 = new URL(episode.enclosure.url).pathname;
  expect(page).toContain(`<audio controls preload="metadata">\n    <source src="${mp3}" type="audio/mpeg">`);
  expect(page).toContain('<summary>音频文字稿</summary>');
  expect(page).toContain(`<p>${payload.transcript[1].text}</p>`);
  expect(page).toContain(`href="${BRAND_FEED}"`);
});

/** Fetches a served file into a temporary file for ffprobe and the meter (removed after the file's tests). */
const downloaded: string[] = [];
async function download(url: string): Promise<{ file: string; bytes: Buffer; etag: string }> {
  const response = await fetch(url.startsWith('http') ? url : `${stack.url}${url}`);
  expect(response.status).toBe(200);
  const bytes = Buffer.from(await response.arrayBuffer());
  const file = path.join(tmpdir(), `loudspeaker-${Date.now()}-${Math.random().toString(36).slice(2)}.mp3`);
  writeFileSync(file, bytes);
  downloaded.push(file);
  return { file, bytes, etag: response.headers.get('etag') ?? '' };
}

const REGIONS = ['jx-east', 'jx-south']; // 医疗救助's screening regions: its programme goes to their village loudspeakers
let joinedHref = '';

it('gives each of its broadcast regions a 村村响 page, an .m3u and one joined MP3 at the programme\'s loudness that resumes with Range', async () => {
  await waitFor('both regions\' loudspeaker programmes joined', async () => (await Promise.all(REGIONS.map(async (r) => (await fetch(`${stack.url}/loudspeakers/${r}`)).status))).every((s) => s === 200), 30_000, 250);
  const index = await text('/loudspeakers');
  for (const r of REGIONS) expect(index).toContain(`href="/loudspeakers/${r}"`);
  expect(index).not.toContain('jx-chengyang'); // no audio programme targets it

  const page = await text('/loudspeakers/jx-east');
  expect(page).toContain('莒县东部片区村村响');
  expect(page).toContain(`<h3>${doc.title}</h3>`);
  joinedHref = /<a class="download" href="([^"]+)">下载整段节目（MP3/.exec(page)![1];
  const m3u = await fetch(`${stack.url}/loudspeakers/jx-east.m3u`);
  expect(m3u.headers.get('content-type')).toMatch(/^audio\/x-mpegurl/);
  const lines = (await m3u.text()).trim().split('\n');
  expect(lines[0]).toBe('#EXTM3U');
  expect(lines[2]).toMatch(new RegExp(`^#EXTINF:\\d+,${doc.title}$`));
  const part = await download(lines[3]);
  const joined = await download(joinedHref);
  expect(Math.abs(probe(joined.file).duration - probe(part.file).duration)).toBeLessThanOrEqual(0.1);
  expect(Math.abs(loudness(joined.file).integrated - LOUDNESS_TARGETS.mp3.integrated)).toBeLessThanOrEqual(1);
  const resumed = await fetch(`${stack.url}${joinedHref}`, { headers: { range: 'bytes=4096-', 'if-range': joined.etag } });
  expect(resumed.status).toBe(206);
  expect(resumed.headers.get('content-range')).toBe(`bytes 4096-${joined.bytes.length - 1}/${joined.bytes.length}`);
  expect(Buffer.from(await resumed.arrayBuffer()).equals(joined.bytes.subarray(4096))).toBe(true);
  expect((await fetch(`${stack.url}/loudspeakers/jx-nowhere`)).status).toBe(404);

  // The days ahead (REEL_DAYS): each its own page, playlist and joined file, resumable to the byte.
  const days = [...page.matchAll(/href="\/loudspeakers\/jx-east\/(\d{4}-\d{2}-\d{2})"/g)].map((m) => m[1]);
  expect(days).toHaveLength(6);
  const ahead = await text(`/loudspeakers/jx-east/${days[0]}`);
  expect(ahead).toContain('（明天）');
  expect(ahead).toContain(`<h3>${doc.title}</h3>`);
  expect((await text(`/loudspeakers/jx-east/${days[0]}.m3u`)).split('\n')[1]).toBe(`#PLAYLIST:莒县东部片区 ${days[0]} 村村响`);
  const aheadHref = /<a class="download" href="([^"]+)">下载整段节目（MP3/.exec(ahead)![1];
  expect(decodeURIComponent(aheadHref)).toContain(`村村响-莒县东部片区-${days[0]}.mp3`);
  const whole = await download(aheadHref);
  const cut = 1 + (whole.bytes.length >> 1);
  const rest = await fetch(`${stack.url}${aheadHref}`, { headers: { range: `bytes=${cut}-`, 'if-range': whole.etag } });
  expect(rest.status).toBe(206);
  expect(Buffer.concat([whole.bytes.subarray(0, cut), Buffer.from(await rest.arrayBuffer())]).equals(whole.bytes)).toBe(true);
  expect((await fetch(`${stack.url}/loudspeakers/jx-east/2020-01-01`)).status).toBe(404); // a day gone by
});

it('speaks in the voice an author uploaded (人声配音) once it is attached and published again', async () => {
  const jwt = await adminLogin(stack.cms.url, ADMIN.email, ADMIN.password);
  const renditionOf = async () => {
    const { body } = await graphql(stack, token, 'query { changes(channels: ["audio"]) { changes { documentId kind rendition { payload } } } }');
    return body.data.changes.changes.filter((c: { documentId: string; kind: string }) => c.documentId === doc.documentId && c.kind === 'UPSERT').at(-1)?.rendition.payload;
  };
  const engine = (await renditionOf()).parts[1].seconds;
  // A reader as long as the engine's reading: phrases of a 180 Hz tone, 2.4 s each with 0.6 s pauses, as a 44.1 kHz WAV.
  const seconds = Math.round(engine / 3) * 3;
  const reader = spawnSync(resolveFfmpeg().path, ['-v', 'error', '-f', 'lavfi', '-i', `aevalsrc='0.2*sin(2*PI*180*t)*lt(mod(t,3),2.4)':s=44100:d=${seconds}`, '-c:a', 'pcm_s16le', '-f', 'wav', 'pipe:1'], { maxBuffer: 1 << 26 }).stdout;
  const form = new FormData();
  form.append('files', new Blob([new Uint8Array(reader)], { type: 'audio/wav' }), 'narration.wav');
  const uploaded = await fetch(`${stack.cms.url}/upload`, { method: 'POST', headers: { authorization: `Bearer ${jwt}` }, body: form });
  expect(uploaded.status).toBe(201);
  const [file] = (await uploaded.json()) as Array<{ id: number; url: string }>;
  try {
    expect((await cm.update(INTERPRETATION, doc.documentId, { narrationRecording: file.id })).status).toBe(200);
    expect((await cm.publish(INTERPRETATION, doc.documentId, {})).status).toBe(200);
    const payload = await waitFor('the programme in the uploaded voice', async () => {
      const latest = await renditionOf();
      return latest?.narration.engine === '人声配音' ? latest : undefined;
    }, 60_000, 300);
    // The recording's phrases, trimmed to 0.4 s after the last: its transcript within them, in order.
    expect(Math.abs(payload.parts[1].seconds - (seconds - 0.2))).toBeLessThanOrEqual(0.1);
    const cues = payload.transcript as Array<{ start: number; end: number }>;
    expect(cues.every((c, i) => c.end > c.start && (i === 0 || c.start >= cues[i - 1].end))).toBe(true);
    expect(cues[0].start).toBeCloseTo(payload.parts[0].seconds, 1);
    const [episode] = await withRssParser(await text(BRAND_FEED));
    expect(episode.duration.split(':').reduce((sum, part) => sum * 60 + Number(part), 0)).toBe(Math.round(payload.seconds)); // the feed has the new episode
    expect(Math.abs(loudness((await download(episode.enclosure.url)).file).integrated - LOUDNESS_TARGETS.mp3.integrated)).toBeLessThanOrEqual(1);
  } finally {
    rmSync(path.join(__dirname, '..', '..', 'cms', 'public', file.url), { force: true });
  }
}, 90_000);

it('takes a programme whose basis ended out of every podcast feed and every region\'s loudspeakers within seconds, and back when the end is lifted', async () => {
  const basis = await policyEndDate(cm, '莒医保发〔2024〕15号');
  const started = Date.now();
  await basis.setEnd('2025-12-31');
  try {
    await waitFor('gone from the feeds', async () => !(await text(SITE_FEED)).includes(doc.title) && !(await text(BRAND_FEED)).includes(doc.title), 10_000, 100);
    console.log(`basis ended → out of the podcast feeds in ${Date.now() - started} ms`);
    await waitFor('gone from every region\'s loudspeakers, every day', async () => (await Promise.all(REGIONS.flatMap((r) => [`/loudspeakers/${r}.m3u`, `/loudspeakers/${r}`])
      .map(async (p) => (await fetch(`${stack.url}${p}`)).status))).every((s) => s === 404), 10_000, 100);
    console.log(`basis ended → out of every region's loudspeaker programme in ${Date.now() - started} ms`);
    expect((await fetch(`${stack.url}${joinedHref}`)).status).toBe(404); // the joined file that held it is no longer served
  } finally {
    await basis.setEnd(null);
  }
  await waitFor('back in the feeds and on the loudspeakers', async () => (await text(BRAND_FEED)).includes(doc.title) && (await fetch(`${stack.url}/loudspeakers/jx-east.m3u`)).status === 200, 15_000, 200);
});

it('leaves every podcast feed within seconds of a withdrawal', async () => {
  const started = Date.now();
  expect((await cm.unpublish(INTERPRETATION, doc.documentId)).status).toBe(200);
  await waitFor('gone from the site\'s and the brand\'s feeds', async () => !(await text(SITE_FEED)).includes(doc.title) && !(await text(BRAND_FEED)).includes(doc.title), 10_000, 100);
  console.log(`withdrawn → out of the podcast feeds in ${Date.now() - started} ms`);
  expect(await withRssParser(await text(SITE_FEED))).toEqual([]);
  // Off every region's playlist, and its joined file gone with it (the regions had only this programme).
  await waitFor('gone from every region\'s loudspeakers', async () => (await Promise.all(REGIONS.map(async (r) => (await fetch(`${stack.url}/loudspeakers/${r}.m3u`)).status))).every((s) => s === 404), 10_000, 100);
  console.log(`withdrawn → out of every region's loudspeaker programme in ${Date.now() - started} ms`);
  const page = await fetch(`${stack.url}/loudspeakers/jx-east`);
  expect(page.status).toBe(404);
  expect(await page.text()).not.toContain(doc.title);
  expect((await fetch(`${stack.url}${joinedHref}`)).status).toBe(404); // the joined file that held it is no longer served
});
