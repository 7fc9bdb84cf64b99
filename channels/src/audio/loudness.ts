import { runFfmpeg } from '../media/ffmpeg';

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

/** The targets: phones, IP loudspeakers and podcasts; radio per GY/T 282-2014 (−24 LKFS, true peak ≤ −2 dBTP). */
export const LOUDNESS_TARGETS = {
  mp3: { integrated: -16, truePeakMax: -1 },
  wav: { integrated: -24, truePeakMax: -2 },
} as const;

/** The meter as a filter, named so its summary can be told from another's in one run (per-frame lines only at verbose). */
export const meter = (name: string, truePeak: boolean) => `ebur128@${name}=peak=${truePeak ? 'true' : 'none'}:framelog=verbose`;

/** Measures the first audio stream of `input` (ffmpeg input arguments: a file, or raw PCM with its format). */
export async function measureLoudness(input: string[], options: { truePeak: boolean; timeoutMs: number }): Promise<Loudness> {
  let seconds = 0;
  const stderr = await runFfmpeg(['-protocol_whitelist', 'file', ...input, '-map', '0:a:0', '-af', meter('m', options.truePeak), '-f', 'null', '-'], {
    timeoutMs: options.timeoutMs,
    onProgress: (at) => (seconds = Math.max(seconds, at)),
  });
  return { ...summaries(stderr).m, seconds };
}

/** Runs a graph whose named meters (`meter(name)`) end in `anullsink`; returns each meter's reading. */
export async function measureGraph(args: string[], timeoutMs: number): Promise<Record<string, Omit<Loudness, 'seconds'>>> {
  return summaries(await runFfmpeg(['-protocol_whitelist', 'file', ...args, '-f', 'null', '-'], { timeoutMs }));
}

function summaries(stderr: string): Record<string, Omit<Loudness, 'seconds'>> {
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
