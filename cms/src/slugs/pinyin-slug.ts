/**
 * Web addresses (网址名) from Chinese titles: each word of the title in toneless pinyin, words
 * joined by hyphens — 莒县公共租赁住房保障政策解读 → juxian-gonggong-zulin-zhufang-baozhang-zhengce-jiedu.
 *
 * - Words: @node-rs/jieba (already here for the Q&A desk's grouping; it ships its dictionary), so a
 *   slug reads as words rather than one syllable per hyphen.
 * - Pinyin: pinyin-pro over the whole title, so polyphones read right in context (银行 yinhang, 行长
 *   hangzhang, 重庆 chongqing, 来了 laile); ü is written v (lv, nv) as in most Chinese web addresses.
 * - Latin letters and digits in the title are kept (lower-cased); punctuation separates words.
 * - At most MAX_LENGTH characters, cut between words, so a 200-character title still gives a
 *   readable address; uniqueness within the type is Strapi's (it appends -1, -2 … to a taken slug).
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { pinyin } from 'pinyin-pro';

export const MAX_LENGTH = 60;
const HAN = /\p{Script=Han}/u;

let jieba: Jieba | undefined;
function words(text: string): string[] {
  jieba ??= Jieba.withDict(dict);
  return jieba.cut(text, false);
}

/** Each character of the title in the address: its pinyin, or itself when a Latin letter or digit, else a break. */
function characterSlugs(title: string): string[] {
  // The whole title at once, so pinyin-pro reads each polyphone in its context (来了 lai le, 行长 hang zhang).
  return pinyin(title, { type: 'all', toneType: 'none', v: true }).map(({ origin, pinyin: sound, isZh }) =>
    (isZh ? sound : origin.normalize('NFKC')).toLowerCase().replace(/[^a-z0-9]+/g, '-'),
  );
}

/** True when a title needs pinyin to make a slug (Strapi's own slugify drops Han characters). */
export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/** The slug for a title, '' when nothing of it can be written in an address. */
export function pinyinSlug(title: string, maxLength = MAX_LENGTH): string {
  const characters = characterSlugs(title);
  let at = 0;
  const parts = words(title)
    .flatMap((word) => {
      const length = Array.from(word).length; // pinyin-pro gives one entry per code point (𠮷 is one)
      const text = characters.slice(at, (at += length)).join('');
      return text.split('-');
    })
    .filter((part) => part.length > 0);
  let slug = '';
  for (const part of parts) {
    const next = slug ? `${slug}-${part}` : part;
    if (next.length > maxLength) {
      if (!slug) slug = part.slice(0, maxLength);
      break;
    }
    slug = next;
  }
  return slug;
}
