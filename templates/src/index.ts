import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';

/**
 * What things look like: Handlebars templates (HTML-escaped by default) and stylesheets,
 * compiled once. Channels and page routes fill them; nothing else writes markup.
 */
const root = path.resolve(__dirname, '..');
const engine = Handlebars.create();
const compile = (file: string) => engine.compile(readFileSync(path.join(root, file), 'utf8'), { strict: false });

export const webTemplates = {
  interpretation: compile('web/interpretation.hbs'),
  /** 开放活动: an event's page (the registration form goes into its #registration section) and a site's events calendar. */
  event: compile('web/event.hbs'),
  events: compile('web/events.hbs'),
  policy: compile('web/policy.hbs'),
  layout: compile('web/layout.hbs'),
  list: compile('web/list.hbs'),
  lists: compile('web/lists.hbs'),
  index: compile('web/index.hbs'),
  validityNote: compile('web/validity-note.hbs'),
  video: compile('web/video.hbs'),
  audio: compile('web/audio.hbs'),
  status: compile('web/status.hbs'),
  cinema: compile('web/cinema.hbs'),
  print: compile('web/print.hbs'),
  tv: compile('web/tv.hbs'),
  loudspeakers: compile('web/loudspeakers.hbs'),
  ask: compile('web/ask.hbs'),
  askReceipt: compile('web/ask-receipt.hbs'),
  askLink: compile('web/ask-link.hbs'),
  /** 问卷调查: the public form, its receipt, the organizer's results; 你建言我来办's public figures. */
  survey: compile('web/survey.hbs'),
  surveyReceipt: compile('web/survey-receipt.hbs'),
  surveyResults: compile('web/survey-results.hbs'),
  openFigures: compile('web/open-figures.hbs'),
  /** 民生资金公开: a county's, a township's or village's (with the masked payments), a fund's page, and a household's own lookup. */
  fundsCounty: compile('web/funds-county.hbs'),
  fundsPlace: compile('web/funds-place.hbs'),
  fundsFund: compile('web/funds-fund.hbs'),
  fundsLookup: compile('web/funds-lookup.hbs'),
  /** 民生项目: a project's page, the projects section of the county, township, village and fund pages; a village's 村级财务 section. */
  fundsProject: compile('web/funds-project.hbs'),
  fundsProjects: compile('web/funds-projects.hbs'),
  fundsLedger: compile('web/funds-ledger.hbs'),
  /** 我要监督: the report form on every disclosure page, and its receipt. */
  fundsReport: compile('web/funds-report.hbs'),
  fundsReportReceipt: compile('web/funds-report-receipt.hbs'),
  /** 公租房: a county's rounds, a round (applications, waiting list, allocations), its history, an applicant's own check. */
  housingRounds: compile('web/housing-rounds.hbs'),
  housingRound: compile('web/housing-round.hbs'),
  housingHistory: compile('web/housing-history.hbs'),
  housingLookup: compile('web/housing-lookup.hbs'),
  sitemap: compile('web/sitemap.hbs'),
  css: readFileSync(path.join(root, 'web/site.css'), 'utf8'),
};

/**
 * Video frames for the cinema and short-video channels, landscape or portrait: the layout's
 * numbers come in the context; text goes through the `text` helper of channels/src/media/draw.ts,
 * which draws it with the bundled font.
 */
export const videoTemplates = {
  titleCard: compile('video/title-card.svg.hbs'),
  textSlide: compile('video/text-slide.svg.hbs'),
  endCard: compile('video/end-card.svg.hbs'),
  /** A TV clip's opening slate (节目名称、时长、送播单位、日期、版本) with its countdown. */
  slate: compile('video/slate.svg.hbs'),
};

/** Images: the 一图读懂 long explainer and channel covers (text through the `text` helper, like video frames). */
export const imageTemplates = {
  explainer: compile('images/explainer.svg.hbs'),
  cover: compile('images/cover.svg.hbs'),
};

/** The WeChat article body: inline styles only (the platform drops style sheets). */
export const wechatTemplates = {
  article: compile('wechat/article.hbs'),
};

/** Touch-screen terminals: an item's page (a fragment the kiosk app shows), and the app itself. */
export const kioskTemplates = {
  item: compile('kiosk/item.hbs'),
  app: compile('kiosk/app.hbs'),
  appScript: readFileSync(path.join(root, 'kiosk/app.js'), 'utf8'),
  syncScript: readFileSync(path.join(root, 'kiosk/sync.js'), 'utf8'),
  /** The 民生资金 query screen (its village files come through the manifest like any item's). */
  fundsScript: readFileSync(path.join(root, 'kiosk/funds.js'), 'utf8'),
  serviceWorker: readFileSync(path.join(root, 'kiosk/sw.js'), 'utf8'),
  css: readFileSync(path.join(root, 'kiosk/kiosk.css'), 'utf8'),
};

/**
 * The full-size preview of a draft in every channel (Strapi's Preview opens it), and the Weibo
 * post as a phone shows it.
 */
export const previewTemplates = {
  page: compile('preview/page.hbs'),
  css: readFileSync(path.join(root, 'preview/page.css'), 'utf8'),
  weiboPost: compile('preview/weibo-post.hbs'),
  weiboCss: readFileSync(path.join(root, 'preview/weibo.css'), 'utf8'),
  /** Around a WeChat article: what the platform's reading view does to it (margins, pictures at most the phone's width). */
  wechatCss: readFileSync(path.join(root, 'preview/wechat.css'), 'utf8'),
};

/** The audio programme's running order, what an author sees of a draft (the programme itself is made on publish). */
export const audioTemplates = {
  runningOrder: compile('audio/running-order.hbs'),
  css: readFileSync(path.join(root, 'audio/running-order.css'), 'utf8'),
};

/** Feed entries' HTML content. */
export const feedTemplates = {
  entry: compile('feeds/entry.hbs'),
};

/** 政策找人: the policy search page (portal and kiosk variant), an item with its basis highlighted, and the A4 print view. */
export const finderTemplates = {
  page: compile('finder/page.hbs'),
  item: compile('finder/item.hbs'),
  print: compile('finder/print.hbs'),
  css: readFileSync(path.join(root, 'finder/finder.css'), 'utf8'),
  script: readFileSync(path.join(root, 'finder/finder.js'), 'utf8'),
};

/** The annual report (年度政务新媒体与政策解读发布报告): one self-contained page for screen and A4 print. */
export const reportTemplates = {
  annual: compile('reports/annual-report.hbs'),
  css: readFileSync(path.join(root, 'reports/report.css'), 'utf8'),
  /** 码上监督: a village's A4 poster for its notice board, one page per village. */
  fundPoster: compile('reports/fund-poster.hbs'),
  fundPosterCss: readFileSync(path.join(root, 'reports/fund-poster.css'), 'utf8'),
};

/** Open-event registration (开放活动报名): the form and receipt (inside a site page), and the door's check-in page for staff. */
export const registrationTemplates = {
  form: compile('web/register.hbs'),
  receipt: compile('web/register-receipt.hbs'),
  checkin: compile('web/checkin.hbs'),
  checkinCss: readFileSync(path.join(root, 'web/checkin.css'), 'utf8'),
  checkinScript: readFileSync(path.join(root, 'web/checkin.js'), 'utf8'),
  checkinWorker: readFileSync(path.join(root, 'web/checkin-sw.js'), 'utf8'),
};

/** HTML-escaping as the templates do it, for the few places that build marked-up text in code. */
export const escapeHtml = (text: string): string => Handlebars.Utils.escapeExpression(text);

/** 在线访谈's live text page (inside a site page): the turns so far, then new ones pushed by server-sent events. */
export const interviewTemplates = {
  live: compile('web/interview-live.hbs'),
};
