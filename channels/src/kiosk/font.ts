import { readFileSync } from 'node:fs';
import subsetFont from 'subset-font';
import { FONT_FILES } from '../media/fonts';

/**
 * The kiosk's font: the bundled Source Han Sans SC cut down (harfbuzz, via subset-font) to the
 * characters a terminal shows — about 15 KB of WOFF2 instead of 8 MB — so terminals never depend
 * on their own fonts and sync quickly over a village connection.
 */
const UI_TEXT = '政策查询解读共条同步于暂无暂时无法同步请稍后再试返回列表轻触屏幕开始要点问答全文依据咨询电话扫码在手机上查看←·0123456789年月日：，。（）我要咨询请写下您的问题个工作日内答复手机号选填不公开便于部门回复提交已受理编号网络暂时不通保存在本机联网后自动ABCDEFGHJKLMNPQRSTUVWXYZ-';
let source: Buffer | undefined;

export async function kioskFont(text: string): Promise<Buffer> {
  source ??= readFileSync(FONT_FILES.regular);
  const characters = [...new Set([...`${UI_TEXT}${text}`])].join('');
  return subsetFont(source, characters, { targetFormat: 'woff2' });
}
