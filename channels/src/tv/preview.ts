import type { PreflightContext, PreviewItem } from '../channel';
import { CINEMA_SEGMENT } from '../cinema/channel';
import type { Interpretation } from '../document/types';
import { loadResvg } from '../media/libraries';
import { dataUrl } from '../preview/page';
import { chineseDate } from '../text/chinese-date';
import { storyboardOf } from '../video/storyboard';
import type { TvFormat } from './formats';
import { SLATE_SECONDS, slateSvg } from './slate';
import type { TickerLine } from './ticker';

/**
 * What an author sees of a draft's TV clip: the cinema segment's storyboard with the slate in
 * front (drawn as the first station's format shows it), and each station's ticker line as it
 * will crawl — the clip itself is made on publish.
 */
const FRAME_WIDTH = 480;

export async function tvPreview(doc: Interpretation, ctx: PreflightContext, stations: Array<{ name: string; format: TvFormat; ticker: TickerLine }>): Promise<PreviewItem[]> {
  if (stations.length === 0) return [];
  const board = await storyboardOf(doc, ctx, CINEMA_SEGMENT);
  const format = stations[0].format;
  const slate = slateSvg(format, {
    title: doc.title, seconds: board.seconds, sender: doc.department?.name ?? '', date: chineseDate(ctx.revisedOn),
    version: '发布时生成', station: stations.filter((s) => s.format.code === format.code).map((s) => s.name).join('、'),
  }, SLATE_SECONDS);
  const png = (await loadResvg().renderAsync(slate, { font: { loadSystemFonts: false }, fitTo: { mode: 'width', value: FRAME_WIDTH } })).asPng();
  const tickers = stations.map((s) => `${s.name}：${s.ticker.text}${s.ticker.shortened ? `（已缩短，限 ${s.ticker.max} 字）` : ''}`).join('\n');
  const slateFrame = { dataUrl: dataUrl({ mime: 'image/png', data: png }), from: 0, seconds: SLATE_SECONDS, subtitles: [], narration: `节目信息板和倒计时（无声）。滚动字幕——${tickers}`, burnedIn: false };
  return [{
    key: 'tv-storyboard', channel: 'tv', label: '电视台播出片（分镜：节目信息板、画面、字幕与配音文字）', kind: 'storyboard',
    width: board.width, height: board.height, seconds: board.seconds + SLATE_SECONDS,
    frames: [slateFrame, ...board.frames.map((f) => ({ ...f, from: Math.round((f.from + SLATE_SECONDS) * 10) / 10 }))],
  }];
}
