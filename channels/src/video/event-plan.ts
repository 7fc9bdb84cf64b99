import { chinaDayOf, eventPlaceLabel, eventTimeLabel, GOVERNMENT_HOTLINE, type OpenEvent } from '../document/types';
import { forScreen } from '../media/fonts';
import { loadQrcode } from '../media/libraries';
import { chineseDate } from '../text/chinese-date';
import { registrationLine } from '../text/event-facts';
import { bodyLinesOf, endCardSvg, fitLine, textSlideSvg, titleCardSvg } from './frames';
import type { InterpretationVideoOptions } from './interpretation-plan';
import type { VideoPage, VideoPlan } from './timeline';

/**
 * A 开放活动 announced as a short video: the title card (开放活动, theme, organizer, the day it takes
 * place), then one slide each for when, where (or online), who may come and how to register, and the
 * end card with the hotline and a QR code to the event page. The same frames and renderer as an
 * interpretation's video; only what the pages say differs.
 */
export async function planEventVideo(doc: OpenEvent, options: Omit<InterpretationVideoOptions, 'includeQa' | 'basisRequired'>): Promise<VideoPlan> {
  const { layout } = options;
  const title = forScreen(doc.title);
  const department = forScreen(doc.department?.name ?? '');
  const footer = fitLine(forScreen(`开放活动　${title}`), layout.footerSize, layout.textWidth);
  const heading = (text: string) => fitLine(text, layout.headingSize, layout.textWidth, 'bold');
  const pages: VideoPage[] = [{
    frame: () => titleCardSvg(layout, { brand: '开放活动', title, department, date: chineseDate(chinaDayOf(new Date(doc.startsAt))) }),
    say: `开放活动。${title}`,
    burnIn: false,
    optional: false,
  }];
  let leftOut = 0;
  const slide = (name: string, text: string, optional: boolean) => {
    const lines = bodyLinesOf(layout, forScreen(text));
    if (lines.length > layout.bodyLines) leftOut += 1;
    const shown = lines.slice(0, layout.bodyLines);
    pages.push({ frame: (subtitle) => textSlideSvg(layout, { heading: heading(name), lines: shown, footer, subtitle }), say: shown.join(''), burnIn: true, optional });
  };
  slide('时间', `${eventTimeLabel(doc)}（北京时间）`, false);
  const online = [doc.liveUrl && '观看网上直播', doc.vrUrl && 'VR 参观'].filter(Boolean).join('、');
  slide('地点', doc.place ? `${doc.place}${online ? `。也可${online}，链接见活动页面。` : ''}` : `线上活动：${online || eventPlaceLabel(doc)}，链接见活动页面。`, false);
  if (doc.audience) slide('参加对象', doc.audience, true);
  slide('报名', `${registrationLine(doc)}。${doc.capacity != null ? '扫描片尾二维码报名。' : ''}`, false);
  if (doc.bring) slide('携带物品', doc.bring, true);

  const qrSvg = await loadQrcode().toString(options.pageUrl, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });
  const hotline = doc.department?.hotline || GOVERNMENT_HOTLINE;
  return {
    layout,
    pages,
    endCard: (more) => ({
      frame: () => endCardSvg(layout, { hotline: forScreen(hotline), department, more: more ? '活动详情见门户网站' : null, qrSvg }),
      say: `咨询电话：${hotline}。${department}。${more ? '活动详情见门户网站。' : ''}`,
      burnIn: false,
      optional: false,
    }),
    minSeconds: options.minSeconds,
    maxSeconds: options.maxSeconds,
    leftOut,
  };
}
