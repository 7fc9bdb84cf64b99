import type sanitizeHtml from 'sanitize-html';

/**
 * Each channel's HTML allow-list (sanitize-html options), in one place: what an author's rich text
 * may keep on that channel. contract.ts says which fields go through which list.
 */
export type AllowList = sanitizeHtml.IOptions;

/** Portal pages and feed content: structure, links and images, no styling of their own. */
export const WEB_ALLOW_LIST: AllowList = {
  allowedTags: ['p', 'br', 'strong', 'em', 'b', 'i', 'u', 's', 'blockquote', 'ul', 'ol', 'li', 'h2', 'h3', 'h4', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'pre', 'hr', 'dl', 'dt', 'dd'],
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'width', 'height'], th: ['scope'], td: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Images stay only as far as the channel can store them (text/body-images.ts): a government page never makes
  // readers' browsers call the CMS or a third party.
  // Headings inside an article start below the page's own h1.
  transformTags: { h1: 'h2' },
};

/** Touch-screen terminals work offline: nothing to follow or fetch. Links become text, images are left out. */
export const KIOSK_ALLOW_LIST: AllowList = {
  ...WEB_ALLOW_LIST,
  allowedTags: (WEB_ALLOW_LIST.allowedTags as string[]).filter((t) => t !== 'img'),
  transformTags: { ...(WEB_ALLOW_LIST.transformTags ?? {}), a: 'span' },
};

/**
 * The WeChat article. The platform keeps only inline styles and refuses scripts, style sheets,
 * forms, frames and outside resources: tags and a few style properties with checked values;
 * images only from the package.
 */
const COLOR = [/^#[0-9a-fA-F]{3,6}$/];
const LENGTH = [/^\d{1,3}(\.\d+)?(px|em|%)?$/];
const BOX = [/^(\d{1,3}(px|em|%)?\s*){1,4}$/];
export const WECHAT_ALLOW_LIST: AllowList = {
  allowedTags: ['section', 'p', 'br', 'strong', 'em', 'b', 'i', 'u', 's', 'span', 'blockquote', 'ul', 'ol', 'li', 'h2', 'h3', 'h4', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr', 'img'],
  allowedAttributes: { '*': ['style'], img: ['src', 'alt'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedStyles: {
    '*': {
      color: COLOR, 'background-color': COLOR, 'font-size': LENGTH, 'line-height': LENGTH, 'font-weight': [/^(bold|normal|[1-9]00)$/],
      'text-align': [/^(left|center|right|justify)$/], margin: BOX, padding: BOX,
    },
  },
  // Package-relative images only ("images/…"): no scheme, no host, nothing fetched from outside.
  allowedSchemes: [],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  exclusiveFilter: (frame) => frame.tag === 'img' && !/^images\/[A-Za-z0-9._-]+$/.test(frame.attribs.src ?? ''),
  disallowedTagsMode: 'discard',
  transformTags: { h1: 'h2', a: 'span', div: 'p' },
};

/** The author's part of a WeChat article: no styles of their own, links become text (WeChat allows no outside links). */
export const WECHAT_BODY_ALLOW_LIST: AllowList = { ...WECHAT_ALLOW_LIST, allowedAttributes: { td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] } };
