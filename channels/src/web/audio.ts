import { webTemplates } from '@tongyuan/templates';
import type { ArtifactRef } from '../channel';

/** The channel whose programme an interpretation's page plays. */
export const PAGE_AUDIO_CHANNEL = 'audio';

/**
 * The audio programme on an interpretation's page, as the store has it when the page is served:
 * the live rendition of the page's own revision (one of an older revision may say what is no longer
 * true), still being made, or none (the interpretation is not on the audio channel, or it failed:
 * the page then shows no section at all). `transcript` is what the voice says, sentence by sentence.
 */
export type PageAudio =
  | { state: 'live'; seconds: number; artifacts: ArtifactRef[]; transcript: string[]; podcasts: Array<{ name: string; href: string }> }
  | { state: 'pending' | 'none' };

/** Fills the page's audio marker: a player with downloads, podcast links and the transcript, a note while it is made, or nothing. */
export function withAudio(articleHtml: string, audio: PageAudio): string {
  return articleHtml.replace('<!--audio-->', () => {
    if (audio.state === 'pending') return webTemplates.audio({ note: '音频节目正在制作，完成后会在这里播放。' });
    if (audio.state !== 'live') return '';
    const mp3 = audio.artifacts.find((a) => a.name.endsWith('.mp3'));
    if (!mp3) return '';
    return webTemplates.audio({
      src: `/files/${mp3.sha256}/${encodeURIComponent(mp3.name)}`,
      size: `${(mp3.size / 1024 / 1024).toFixed(1)} MB`,
      duration: duration(audio.seconds),
      podcasts: audio.podcasts,
      // One paragraph per section's sentences would need the sections; consecutive repeats never happen, so each sentence is a line.
      transcript: audio.transcript,
    });
  });
}

const duration = (seconds: number) => {
  const whole = Math.round(seconds);
  return whole >= 60 ? `${Math.floor(whole / 60)} 分 ${whole % 60} 秒` : `${whole} 秒`;
};
