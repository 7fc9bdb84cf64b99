import { findSpeech, speak } from '@tongyuan/channels';
import { WaveFile } from 'wavefile';

/**
 * 人声配音 for tests: a "reader" made of the npm voice saying each sentence slowly and an octave
 * down (every sample twice: twice as long as the engine), `lead` seconds in and `gap` seconds
 * between sentences, at half volume over a room's noise floor (about −60 dBFS), as a WAV upload,
 * with where each sentence is in it.
 */
export async function readerRecording(sentences: string[], cacheDir: string, { lead = 0.9, gap = 0.8 } = {}) {
  const { engine } = await findSpeech('npm');
  const spoken = await Promise.all(sentences.map((text) => speak(engine!, text, cacheDir)));
  const rate = spoken[0].sampleRate;
  const parts: Int16Array[] = [];
  const known: Array<{ start: number; end: number }> = [];
  let at = Math.round(lead * rate);
  parts.push(new Int16Array(at));
  for (const speech of spoken) {
    const loud = (s: number) => Math.abs(s) > 300;
    const first = speech.samples.findIndex(loud);
    const last = speech.samples.length - [...speech.samples].reverse().findIndex(loud);
    const voice = Int16Array.from([...speech.samples.slice(first, last)].flatMap((s) => [Math.round(s / 2), Math.round(s / 2)]));
    known.push({ start: at / rate, end: (at + voice.length) / rate });
    parts.push(voice, new Int16Array(Math.round(gap * rate)));
    at += voice.length + Math.round(gap * rate);
  }
  const wav = new WaveFile();
  const all = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((offset, p) => (all.set(p, offset), offset + p.length), 0);
  for (let i = 0; i < all.length; i++) all[i] = Math.max(-32768, Math.min(32767, all[i] + Math.round((Math.random() - 0.5) * 60)));
  wav.fromScratch(1, rate, '16', all);
  return { bytes: Buffer.from(wav.toBuffer()), known };
}
