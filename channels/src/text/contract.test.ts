import { cueText, feedHtml, feedText, TEXT_CONTRACT, xmlSafe } from './contract';
import { CHANNEL_CODES } from '../document/types';

describe('the text contract', () => {
  it('says for every channel how each field reaches readers', () => {
    for (const code of CHANNEL_CODES) expect(Object.keys(TEXT_CONTRACT[code].fields).length).toBeGreaterThan(0);
    // Channels that write HTML name their allow-list; the author's body is never carried as plain escaped text there.
    for (const code of ['web', 'feeds', 'wechat', 'kiosk'] as const) {
      expect(TEXT_CONTRACT[code].allowList).not.toBeNull();
      expect(TEXT_CONTRACT[code].fields.body).toContain('sanitized');
    }
  });

  it('carries a feed title as escaped HTML in RSS and Atom, as text in JSON Feed', () => {
    const title = 'a < b & <script>x</script>';
    expect(feedText('rss', 'title', title)).toBe('a &lt; b &amp; &lt;script&gt;x&lt;/script&gt;');
    expect(feedText('atom', 'summary', title)).toBe('a &lt; b &amp; &lt;script&gt;x&lt;/script&gt;');
    expect(feedText('json', 'title', title)).toBe(title);
  });

  it('leaves out what XML cannot carry, keeps everything else', () => {
    expect(xmlSafe('a\u0000b\u0008c\td\ne\uFFFEf\ud800g𠮷👨‍👩‍👧\u0085')).toBe('abc\td\nefg𠮷👨‍👩‍👧\u0085');
  });

  it('sanitizes feed HTML with the portal allow-list', () => {
    expect(feedHtml('<p onclick="x()">正文<script>x()</script></p><a href="javascript:x()">链</a>')).toBe('<p>正文</p><a>链</a>');
  });

  it('writes cue text that stays one cue and is not markup', () => {
    expect(cueText('vtt', '<b>a</b> --> & b\n\nc')).toBe('&lt;b&gt;a&lt;/b&gt; --&gt; &amp; b\nc');
    expect(cueText('srt', '<b>a</b> --> b\n\nc')).toBe('<b>a</b> -> b\nc');
  });
});
