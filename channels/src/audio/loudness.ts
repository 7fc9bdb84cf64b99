import { runFfmpeg, type RunOptions } from '../media/ffmpeg';

/**
 * Loudness as ffmpeg's EBU R128 meter (ITU-R BS.1770, the method GY/T 262 adopts) measures it:
 * integrated loudness over the whole programme, true peak (4× oversampled) and how long the
 * decoded audio runs. What the rendition's payload says is this measurement of the file itself.
 */
export interface Loudness {
  /** LUFS (= LKFS); null for silence. */
  integrated: number | null;
  /** dBTP; null for silence or when not measured. */
  truePeak: number | null;
  /** Seconds of decoded audio. */
  seconds: number;
}

/**
 * Every loudness target of the audio and TV outputs, in one place, each with its reason. Measured
 * with BS.1770 (ffmpeg's ebur128), which counts a mono file's one channel once.
 * - `mp3`: the programme's MP3 — podcasts, the portal's player, phones, IP loudspeakers — is mono.
 *   AES TD1004.1.15-10 (loudness for streaming and network file playback) recommends −16 LUFS for
 *   stereo; a mono file is played on both speakers, which adds 3 dB the meter does not see, so the
 *   mono equivalent is −19 LUFS (what Apple's and Auphonic's podcast guidance give for mono). True
 *   peak ≤ −1 dBTP, the AES limit for lossy codecs. GY/T 377-2023 (网络视听节目音频响度技术要求和
 *   测量方法) covers online programmes; its figures were not available to us (only its title and
 *   scope were found), so the online target follows AES TD1004 until they are checked here.
 * - `wav`: the broadcast WAV for radio stations, GY/T 282-2014 (ITU-R BS.1864): −24 LKFS (±2 LU
 *   tolerated; we aim at −24), true peak ≤ −2 dBTP. Stereo (dual mono), measured as such.
 * - `tv`: the TV clip's AAC sound, the same standard as the radio WAV (tv/formats.ts).
 */
export const LOUDNESS_TARGETS = {
  mp3: { integrated: -19, truePeakMax: -1 },
  wav: { integrated: -24, truePeakMax: -2 },
  tv: { integrated: -24, truePeakMax: -2 },
} as const;

/** The meter as a filter, named so its summary can be told from another's in one run (per-frame lines only at verbose). */
export const meter = (name: string, truePeak: boolean) => `ebur128@${name}=peak=${truePeak ? 'true' : 'none'}:framelog=verbose`;

/** Measures the first audio stream of `input` (ffmpeg input arguments: a file, or raw PCM with its format). */
export async function measureLoudness(input: string[], options: { truePeak: boolean; timeoutMs: number; feed?: RunOptions['feed'] }): Promise<Loudness> {
  let seconds = 0;
  const stderr = await runFfmpeg(['-protocol_whitelist', 'file,pipe', ...input, '-map', '0:a:0', '-af', meter('m', options.truePeak), '-f', 'null', '-'], {
    timeoutMs: options.timeoutMs,
    feed: options.feed,
    onProgress: (at) => (seconds = Math.max(seconds, at)),
  });
  return { ...summaries(stderr).m, seconds };
}

/** Runs a graph whose named meters (`meter(name)`) end in `anullsink`; returns each meter's reading. */
export async function measureGraph(args: string[], timeoutMs: number): Promise<Record<string, Omit<Loudness, 'seconds'>>> {
  return summaries(await runFfmpeg(['-protocol_whitelist', 'file', ...args, '-f', 'null', '-'], { timeoutMs }));
}

/** Each named meter's summary (`meter(name)`) in what ffmpeg printed. */
export function summaries(stderr: string): Record<string, Omit<Loudness, 'seconds'>> {
  const found: Record<string, Omit<Loudness, 'seconds'>> = {};
  const value = (text: string | undefined) => (text === undefined || text === '-inf' ? null : Number(text));
  for (const part of stderr.split(/\[ebur128@/).slice(1)) {
    const name = /^(\w+) @ [^\]]*\] Summary:/.exec(part)?.[1];
    if (!name) continue;
    const integrated = value(/I:\s+(-?[\d.]+|-inf) LUFS/.exec(part)?.[1]);
    const peak = /True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS/.exec(part);
    found[name] = { integrated: integrated === null || integrated < -69 ? null : integrated, truePeak: value(peak?.[1]) };
  }
  if (Object.keys(found).length === 0) throw new Error('无法测量响度：ffmpeg 没有给出 EBU R128 结果');
  return found;
}
