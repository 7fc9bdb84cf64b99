import { drawableText, droppedMessage, nameOfCharacter, normalizeText, undrawable } from './unicode';

const all = () => true;

describe('drawableText: what a picture leaves out', () => {
  it.each([
    ['a ZWJ family emoji, whole', '家庭👨‍👩‍👧‍👦政策', '家庭政策', ['emoji']],
    ['a skin-tone thumbs-up', '👍🏽好', '好', ['emoji']],
    ['a lone skin-tone modifier', '好🏿', '好', ['emoji']],
    ['an emoji with its variation selector', '☎️热线', '热线', ['emoji']],
    ['a flag (regional indicators)', '中国🇨🇳', '中国', ['flag']],
    ['a subdivision flag (tag characters)', '🏴󠁧󠁢󠁳󠁣󠁴󠁿苏格兰', '苏格兰', ['flag']],
    ['a keycap, keeping its digit', '第1️⃣条', '第1条', ['keycap']],
    ['bidi overrides and isolates', '\u202E反向\u202C与\u2067隔离\u2069\u200E', '反向与隔离', ['invisible']],
    ['a stray ZWJ and zero-width space', 'a\u200Db\u200Bc', 'abc', ['invisible']],
    ['C0 and C1 controls', '\x07响\x85铃\x1B', '响铃', ['invisible']],
    ['a byte-order mark and soft hyphen', '\uFEFF标\u00ADtitle', '标title', ['invisible']],
    ['an ideographic variation selector', '葛\u{E0100}', '葛', ['variant']],
    ['a combining mark with no base', '\u0301开头', '开头', ['mark']],
    ['a combining mark after a space', '甲 \u0308乙', '甲 乙', ['mark']],
    ['a lone surrogate', '\uD800坏\uDC00', '坏', ['broken']],
    ['an unassigned code point', '空\u{E0000}\uFFFF位', '空位', ['broken']],
  ])('%s', (_what, input, drawn, kinds) => {
    const result = drawableText(input, all);
    expect(result.text).toBe(drawn);
    expect([...result.dropped].sort()).toEqual([...kinds].sort());
  });

  it('keeps what carries meaning: CJK, Extension B, Latin with accents, whitespace as given', () => {
    for (const text of ['王𤭢住在𡋀村', 'Café ü', '第一条\t第二条\n第三条', '１２３％（全角）']) expect(drawableText(text, all)).toEqual({ text: text.normalize('NFC'), dropped: [] });
  });

  it('puts text in NFC: a decomposed é becomes one character', () => {
    expect(drawableText('Cafe\u0301', all).text).toBe('Caf\u00E9');
    expect(normalizeText('e\u0301')).toEqual({ text: '\u00E9', broken: false });
  });

  it('draws a text-style symbol the font has (©, ☎), leaves it out when the font lacks it', () => {
    expect(drawableText('©2026 ☎12345', all)).toEqual({ text: '©2026 ☎12345', dropped: [] });
    expect(drawableText('☎12345', (cp) => cp !== 0x260e)).toEqual({ text: '12345', dropped: ['emoji'] });
  });

  it('keeps a combining mark only where the font can draw it', () => {
    expect(drawableText('a\u0338', (cp) => cp !== 0x338)).toEqual({ text: 'a', dropped: ['mark'] });
    expect(drawableText('a\u0338', all).text).toBe('a\u0338');
  });
});

describe('what an author is told', () => {
  it('names the kind in plain Chinese and never shows an invisible character', () => {
    expect(droppedMessage('emoji', '视频')).toBe('表情符号不会出现在视频里');
    expect(droppedMessage('invisible')).toMatch(/^不可见的控制字符/);
    for (const kind of ['emoji', 'flag', 'keycap', 'variant', 'mark', 'invisible', 'broken'] as const) {
      expect(droppedMessage(kind)).not.toMatch(/[\p{Cf}\p{Cc}\p{M}\p{Extended_Pictographic}]/u);
    }
  });

  it('names a character no font has: itself and its code, or only the code when it cannot be seen', () => {
    expect(undrawable('王𤭢 王', (cp) => cp < 0x20000)).toEqual(['𤭢']);
    expect(nameOfCharacter('𤭢')).toBe('“𤭢”（U+24B62）');
    expect(nameOfCharacter('\uE000')).toBe('U+E000');
  });
});
