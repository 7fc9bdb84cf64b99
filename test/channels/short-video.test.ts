import { readFileSync } from 'node:fs';
import { PORTRAIT, shortVideoChannel } from '@tongyuan/channels';
import sharp from 'sharp';
import { parseSync } from 'subtitle';
import { hostileInterpretation, juxianInterpretation } from '../support/fixtures';
import { brightPixels, grabFrame, probe } from '../support/media';
import { localRenderContext } from '../support/render-context';

describe('short-video channel', () => {
  it('makes a 1080×1920 15–60 s video whose subtitles sit inside the apps\' safe zone, opening on its cover frame', async () => {
    const local = localRenderContext();
    const doc = juxianInterpretation();
    const result = await shortVideoChannel.render(doc, local.ctx);
    const video = local.files.get(`${doc.slug}.mp4`)!;
    const info = probe(video);
    expect(info.video).toMatchObject({ codec_name: 'h264', profile: 'High', pix_fmt: 'yuv420p', width: 1080, height: 1920, r_frame_rate: '25/1' });
    expect(info.audio).toMatchObject({ codec_name: 'aac', sample_rate: '48000', channels: 2 });
    expect(info.duration).toBeGreaterThanOrEqual(15);
    expect(info.duration).toBeLessThanOrEqual(60.1);

    const cover = await sharp(local.files.get(`${doc.slug}-cover.png`)!).metadata();
    expect([cover.width, cover.height]).toEqual([1080, 1920]);
    expect(result.artifacts.map((a) => a.name)).toEqual([`${doc.slug}-cover.png`, `${doc.slug}.mp4`, `${doc.slug}.srt`, `${doc.slug}.vtt`]);

    const cues = parseSync(readFileSync(local.files.get(`${doc.slug}.srt`)!, 'utf8')).filter((n) => n.type === 'cue').map((n) => n.data as { start: number; end: number; text: string });
    const spoken = cues.find((c) => c.text.includes('400元'))!;
    const frame = await grabFrame(video, (spoken.start + spoken.end) / 2000, 'short-video-subtitle');
    const all = brightPixels(frame, { left: 0, top: 0, right: 1080, bottom: 1920 });
    expect(brightPixels(frame, { left: 0, top: PORTRAIT.subtitle.bandY, right: 1080, bottom: PORTRAIT.subtitle.bandY + PORTRAIT.subtitle.bandHeight })).toBeGreaterThan(1500);
    expect(brightPixels(frame, PORTRAIT.safe)).toBe(all); // nothing under the top bar, the side buttons or the caption area
  }, 180_000);

  it('keeps a key point\'s long heading (a citizen\'s question, from the Q&A desk) on one line inside the safe zone', async () => {
    const local = localRenderContext();
    const doc = juxianInterpretation();
    doc.keyPoints = [{ heading: '我们是小微企业，稳岗返还今年什么时候发放？需要自己申请吗？', text: '稳岗返还由人社部门按上年度失业保险缴费情况直接返还，无需申请。' }];
    await shortVideoChannel.render(doc, local.ctx);
    const video = local.files.get(`${doc.slug}.mp4`)!;
    const cues = parseSync(readFileSync(local.files.get(`${doc.slug}.srt`)!, 'utf8')).filter((n) => n.type === 'cue').map((n) => n.data as { start: number; end: number; text: string });
    const slide = cues.find((c) => c.text.includes('稳岗返还由人社部门'))!;
    const frame = await grabFrame(video, (slide.start + slide.end) / 2000, 'short-video-long-heading');
    // The heading is drawn in yellow (#f2c14e): count it inside the text column and past the safe zone's right edge.
    const yellow = (box: { left: number; right: number }) => {
      let count = 0;
      for (let y = PORTRAIT.headingY - 70; y < PORTRAIT.headingY + 20; y += 1) {
        for (let x = box.left; x < box.right; x += 1) {
          const i = (y * frame.width + x) * 3;
          if (frame.data[i] > 180 && frame.data[i + 1] > 140 && frame.data[i + 2] < 130) count += 1;
        }
      }
      return count;
    };
    expect(yellow({ left: PORTRAIT.margin, right: PORTRAIT.safe.right })).toBeGreaterThan(2000); // the heading is there
    expect(yellow({ left: PORTRAIT.safe.right, right: 1080 })).toBe(0);
  }, 180_000);

  it('keeps a long interpretation within 60 s, leaving pages out and pointing to the full text', async () => {
    const local = localRenderContext();
    const doc = hostileInterpretation();
    doc.title = `${doc.title}${'，'.repeat(3)}${'政策要点'.repeat(40)}`; // a title longer than the card
    const result = await shortVideoChannel.render(doc, local.ctx);
    const info = probe(local.files.get(`${doc.slug}.mp4`)!);
    expect(info.duration).toBeGreaterThanOrEqual(15);
    expect(info.duration).toBeLessThanOrEqual(60.1);
    expect(result.payload).toMatchObject({ leftOut: expect.any(Number) });
    expect((result.payload as { leftOut: number }).leftOut).toBeGreaterThan(0);
    expect(readFileSync(local.files.get(`${doc.slug}.srt`)!, 'utf8')).toContain('更多内容详见门户网站');
  }, 180_000);

  it('cuts a long all-Chinese title in the slides\' footer to the text column, ending with …', async () => {
    const local = localRenderContext();
    const doc = juxianInterpretation();
    doc.title = '关于进一步做好城乡居民基本医疗保险参保缴费和困难群众资助参保工作的通知解读';
    doc.qa = [];
    await shortVideoChannel.render(doc, local.ctx);
    const video = local.files.get(`${doc.slug}.mp4`)!;
    const cues = parseSync(readFileSync(local.files.get(`${doc.slug}.srt`)!, 'utf8')).filter((n) => n.type === 'cue').map((n) => n.data as { start: number; end: number; text: string });
    const slide = cues.find((c) => c.text.includes('400元'))!;
    const frame = await grabFrame(video, slide.start / 1000 - 0.3, 'short-video-footer'); // the plain slide, before its subtitle
    // The footer is drawn in grey-blue (#8e9bb5) on its own line: count it inside and past the safe zone's right edge.
    const footer = (box: { left: number; right: number }) => {
      let count = 0;
      for (let y = PORTRAIT.footerY - 34; y < PORTRAIT.footerY + 10; y += 1) {
        for (let x = box.left; x < box.right; x += 1) {
          const i = (y * frame.width + x) * 3;
          if (Math.abs(frame.data[i] - 0x8e) < 30 && Math.abs(frame.data[i + 1] - 0x9b) < 30 && Math.abs(frame.data[i + 2] - 0xb5) < 30 && frame.data[i + 2] > 140) count += 1;
        }
      }
      return count;
    };
    expect(footer({ left: PORTRAIT.margin, right: PORTRAIT.safe.right })).toBeGreaterThan(1500); // the footer is there
    expect(footer({ left: PORTRAIT.safe.right, right: 1080 })).toBe(0);
  }, 180_000);

  it('counts the Q&A it leaves out in leftOut and points to the full text on its end card', async () => {
    const withQa = localRenderContext();
    const doc = juxianInterpretation();
    doc.qa = [...doc.qa, { question: '什么时候截止？', answer: '2026年12月31日。' }];
    const result = await shortVideoChannel.render(doc, withQa.ctx);
    expect(result.payload).toMatchObject({ leftOut: 2 }); // short videos show key points, not Q&A: both pairs are only on the portal
    expect(readFileSync(withQa.files.get(`${doc.slug}.srt`)!, 'utf8')).toContain('更多内容详见门户网站');

    const without = localRenderContext({ cacheDir: withQa.cacheDir });
    doc.qa = [];
    const whole = await shortVideoChannel.render(doc, without.ctx);
    expect(whole.payload).toMatchObject({ leftOut: 0 });
    expect(readFileSync(without.files.get(`${doc.slug}.srt`)!, 'utf8')).not.toContain('更多内容详见门户网站');
  }, 180_000);
});
