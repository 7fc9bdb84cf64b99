import { shortVideoChannel } from '@tongyuan/channels';
import { juxianInterpretation } from '../support/fixtures';
import { loudness, probe } from '../support/media';
import { localRenderContext } from '../support/render-context';

/**
 * Narration on a machine without a system espeak-ng (this one): the voice comes from the
 * espeak-ng build `npm install` brings; a video made without one says why in its payload, and the
 * engine is looked for by every render, so a silent render never stands in for a narrated one.
 */
describe('narration', () => {
  const cacheDir = localRenderContext().cacheDir;
  const doc = juxianInterpretation();
  let narrated: { payload: unknown; mp4: string; sha256: string };

  beforeAll(async () => {
    const local = localRenderContext({ cacheDir });
    const result = await shortVideoChannel.render(doc, local.ctx);
    narrated = { payload: result.payload, mp4: local.files.get(`${doc.slug}.mp4`)!, sha256: result.artifacts.find((a) => a.name.endsWith('.mp4'))!.sha256 };
  }, 180_000);

  it('speaks a short video at −23 LUFS ±1 (true peak ≤ −1 dBTP) with the npm-installed espeak-ng, and says which', () => {
    expect(narrated.payload).toMatchObject({ narration: { engine: expect.stringContaining('@echogarden/espeak-ng-emscripten'), present: true } });
    const measured = loudness(narrated.mp4);
    expect(measured.integrated).toBeGreaterThanOrEqual(-24);
    expect(measured.integrated).toBeLessThanOrEqual(-22);
    expect(measured.truePeak).toBeLessThanOrEqual(-1);
  });

  it('renders silent with the reason when no engine may be used, and the narrated video is not served for it from the cache', async () => {
    const local = localRenderContext({ cacheDir, speech: 'off' });
    const result = await shortVideoChannel.render(doc, local.ctx);
    expect(result.payload).toMatchObject({ narration: { engine: null, present: false, reason: '配音已关闭（SPEECH_ENGINE=off）' } });
    const mp4 = local.files.get(`${doc.slug}.mp4`)!;
    expect(result.artifacts.find((a) => a.name.endsWith('.mp4'))!.sha256).not.toBe(narrated.sha256);
    expect(probe(mp4).audio).toBeDefined(); // a silent track, so players and reels still line up
    expect(loudness(mp4).integrated).toBeLessThan(-60);
  }, 180_000);

  it('looks for the engine again at the next render: narrated once more after a silent one, from the cache', async () => {
    const local = localRenderContext({ cacheDir });
    const result = await shortVideoChannel.render(doc, local.ctx);
    expect(result.payload).toMatchObject({ narration: { present: true } });
    expect(result.artifacts.find((a) => a.name.endsWith('.mp4'))!.sha256).toBe(narrated.sha256);
  }, 180_000);
});
