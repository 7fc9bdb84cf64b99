import { webTemplates } from '@tongyuan/templates';
import type { ArtifactRef } from '../channel';
import { loadSubtitle } from '../media/libraries';

/** Channels whose video a 视频解读 page plays, in the order preferred: the short video is made for screens and has a cover. */
export const PAGE_VIDEO_CHANNELS = ['short-video', 'cinema'] as const;
export type PageVideoChannel = (typeof PAGE_VIDEO_CHANNELS)[number];

/**
 * The video of a 视频解读 page as the store has it when the page is served: the live rendition of
 * the page's own revision (a video of an older revision may say what is no longer true), or why
 * there is none. `srt` is the rendition's SRT, read for the transcript.
 */
export type PageVideo =
  | { state: 'live'; channel: PageVideoChannel; seconds: number; artifacts: ArtifactRef[]; srt: string | null }
  | { state: 'pending' | 'failed' | 'none' };

const NOTES = {
  pending: '视频正在制作，完成后会在这里播放。请先阅读下面的文字。',
  failed: '视频暂时无法观看，请先阅读下面的文字。',
  none: '这篇解读没有在网站上发布视频，请阅读下面的文字。',
} as const;

const SIZES: Record<PageVideoChannel, { width: number; height: number; orientation: string }> = {
  'short-video': { width: 1080, height: 1920, orientation: 'portrait' },
  cinema: { width: 1920, height: 1080, orientation: 'landscape' },
};

/** Fills the page's video marker: a player with captions, poster, downloads and transcript, or a note saying why there is none. */
export function withVideo(articleHtml: string, video: PageVideo): string {
  return articleHtml.replace('<!--video-->', () => webTemplates.video(videoView(video)));
}

function videoView(video: PageVideo) {
  if (video.state !== 'live') return { note: NOTES[video.state] };
  const file = (ending: string) => video.artifacts.find((a) => a.name.endsWith(ending));
  const mp4 = file('.mp4');
  const vtt = file('.vtt');
  // A rendition without its video or captions is not one the page can play (never made so, but never a broken player).
  if (!mp4 || !vtt) return { note: NOTES.failed };
  const poster = file('.png');
  const srt = file('.srt');
  return {
    ...SIZES[video.channel],
    src: fileUrl(mp4),
    captions: fileUrl(vtt),
    poster: poster ? fileUrl(poster) : null,
    subtitles: srt ? fileUrl(srt) : null,
    size: megabytes(mp4.size),
    duration: duration(video.seconds),
    transcript: video.srt ? transcriptOf(video.srt) : [],
  };
}

/** What the captions say, once each, in order: for readers who cannot play the video. */
export function transcriptOf(srt: string): string[] {
  const lines: string[] = [];
  for (const node of loadSubtitle().parseSync(srt)) {
    if (node.type !== 'cue') continue;
    const text = node.data.text.split('\n').map((l) => l.trim()).join('');
    if (text && text !== lines[lines.length - 1]) lines.push(text);
  }
  return lines;
}

const fileUrl = (artifact: ArtifactRef) => `/files/${artifact.sha256}/${encodeURIComponent(artifact.name)}`;
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const duration = (seconds: number) => {
  const whole = Math.round(seconds);
  return whole >= 60 ? `${Math.floor(whole / 60)} 分 ${whole % 60} 秒` : `${whole} 秒`;
};
