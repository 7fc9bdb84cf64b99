import { loadSanitizeHtml } from '../libraries';
import type { ArtifactRef } from '../store/publications';

/** A text a live rendition shows readers, and where in the rendition it is (for the finding's place). */
export interface RenditionText { place: string; text: string }

/** Text files a channel ships (subtitles, WeChat's article and package, feeds' items): scanned like the payload. */
const TEXT_FILE = /^(text\/|application\/(json|xml|x-subrip|rss\+xml|atom\+xml|feed\+json))/;
/** Bigger text files are cut: nothing a channel writes for readers is this long, and a scan must stay cheap. */
const MAX_TEXT_FILE_BYTES = 2 * 1024 * 1024;
/** Strings that are addresses, hashes, codes or dates: nothing a reader reads as words. */
const NOT_WORDS = /^(https?:\/\/\S+|[0-9a-f]{16,}|[\w.:/+=-]*)$/i;
const HAS_HAN = /\p{Script=Han}/u;
const SUBTITLES = /^(application\/x-subrip|text\/vtt)/;

/**
 * Every text a live rendition shows, as readers get it: the strings of its payload (what pages,
 * feeds, GraphQL and packages are made from) and its text files (subtitles, article HTML, package
 * JSON). Markup is reduced to its text by sanitize-html so a tag or attribute never joins two words.
 * Pictures are not read back: what they draw is the source's text, checked before publishing.
 */
export async function renditionTexts(
  rendition: { channel: string; payload: string | null; artifacts: string | null },
  readText: (ref: ArtifactRef) => Promise<string | null>,
): Promise<RenditionText[]> {
  const out: RenditionText[] = [];
  if (rendition.payload) collectStrings(JSON.parse(rendition.payload), 'payload', out);
  const files = rendition.artifacts ? (JSON.parse(rendition.artifacts) as ArtifactRef[]) : [];
  for (const file of files) {
    if (!TEXT_FILE.test(file.mime) || file.size > MAX_TEXT_FILE_BYTES) continue;
    const text = await readText(file);
    if (text === null) continue;
    if (/json/.test(file.mime)) {
      try {
        collectStrings(JSON.parse(text), file.name, out);
        continue;
      } catch {
        // not JSON after all: read as text below
      }
    }
    out.push({ place: file.name, text: SUBTITLES.test(file.mime) ? cueTexts(text) : readable(text) });
  }
  return out.filter((t) => HAS_HAN.test(t.text));
}

function collectStrings(value: unknown, place: string, out: RenditionText[]): void {
  if (typeof value === 'string') {
    if (!NOT_WORDS.test(value)) out.push({ place, text: readable(value) });
  } else if (Array.isArray(value)) {
    value.forEach((item) => collectStrings(item, place, out));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) collectStrings(item, place === 'payload' ? key : place, out);
  }
}

/**
 * A subtitle file's words: the lines of each cue joined as one (a cue breaks its lines wherever the
 * screen is full, even inside a name), cues one to a line; numbers, timings and headers left out.
 */
function cueTexts(file: string): string {
  return file.replace(/\r/g, '').split(/\n{2,}/).map((cue) => cue.split('\n')
    .filter((line) => line && !/^\d+$/.test(line) && !line.includes('-->') && !/^WEBVTT/.test(line)).join(''))
    .filter(Boolean).join('\n');
}

/** Markup's text (inline tags join what they split: 莒县<b>医保局</b> reads 莒县医保局). */
function readable(text: string): string {
  if (!text.includes('<')) return text;
  return loadSanitizeHtml()(text, { allowedTags: [], allowedAttributes: {}, nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript'] })
    .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
}
