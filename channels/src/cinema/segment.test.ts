import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseSync } from 'subtitle';
import type { Interpretation } from '../document/types';
import { describeMedia } from '../media/encode';
import { renderCinemaSegment } from './segment';

const doc: Interpretation = {
  kind: 'interpretation', documentId: 'd1', slug: 'sx-small-scale-vat-relief',
  title: "📢𠮷家村：小规模纳税人减按1%征收，'月销售额10万元以下'免征 ✅", digest: '', body: '',
  keyPoints: [
    { heading: '谁能享受', text: '月销售额10万元以下（含本数）的小规模纳税人[含个体工商户]；免征增值税；\n申报路径：我要办税\\税费申报' },
    { heading: '超长要点', text: '政策说明'.repeat(1250) },
  ],
  qa: [{ question: '季度销售额30万元以内怎么算？', answer: "按季申报的，季度销售额不超过30万元免征：包括 5% 以内的'差额'部分。" }],
  basis: [{ policy: { documentId: 'p1', title: '关于小规模纳税人减免增值税的公告', documentNumber: '晋税发〔2023〕1号', validFrom: null, validTo: null },
    clauses: [{ number: '第一条', anchor: 'clause-1', text: '…' }] }],
  department: { code: 'sx-tax', name: '国家税务总局山西省税务局', hotline: '12366' },
  interpreters: [], brandColumn: { code: 'jinxiang', name: '晋享税惠' }, format: 'narration', cover: null, images: [],
  channels: ['cinema'], sites: [], kioskTerminals: [], screeningRegions: [], overrides: [], tags: [], goLiveAt: null,
};

describe('renderCinemaSegment', () => {
  it('makes a 30–90 s 1080p25 segment whose sidecar subtitles end with the video, from hostile text', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-segment-'));
    const files = await renderCinemaSegment(doc, dir, '2026年11月23日');
    const info = describeMedia(files.video);
    expect(info.video).toMatchObject({ codec: 'h264', profile: 'High', pixelFormat: 'yuv420p', width: 1920, height: 1080, fps: 25 });
    expect(info.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 'stereo' });
    expect(info.durationSeconds).toBeGreaterThanOrEqual(30);
    expect(info.durationSeconds).toBeLessThanOrEqual(90.5);
    for (const [file, format] of [[files.srt, 'SRT'], [files.vtt, 'WebVTT']] as const) {
      const cues = parseSync(readFileSync(file, 'utf8')).filter((n) => n.type === 'cue').map((n) => n.data as { start: number; end: number; text: string });
      expect(Math.abs(cues.at(-1)!.end / 1000 - info.durationSeconds)).toBeLessThan(0.2);
      expect(cues.every((c, i) => i === 0 || c.start === cues[i - 1].end)).toBe(true);
      const text = cues.map((c) => c.text).join('\n');
      expect(text).not.toMatch(/📢|✅/u); // left out of video text
      expect(text).toContain('𠮷家村');
      expect(text).toContain('详见门户网站'); // the 5,000-character key point is cut to three pages
      if (format === 'WebVTT') expect(readFileSync(file, 'utf8')).not.toMatch(/<(?!\/?[biu]>)/);
    }
  }, 180_000);
});
