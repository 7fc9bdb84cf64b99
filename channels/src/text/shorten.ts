/**
 * Shortens text to at most `max` characters (code points: 𠮷 is one) at a sensible boundary — the
 * last sentence or clause end in the final 40 % — else mid-text, ending with "…".
 */
export function shortenText(text: string, max: number): { text: string; shortened: boolean } {
  const chars = [...text.trim()];
  if (chars.length <= max) return { text: chars.join(''), shortened: false };
  const room = chars.slice(0, max - 1);
  for (let i = room.length - 1; i >= Math.floor(max * 0.6); i -= 1) {
    if (/[。！？；!?;]/u.test(room[i])) return { text: room.slice(0, i + 1).join(''), shortened: true };
  }
  for (let i = room.length - 1; i >= Math.floor(max * 0.6); i -= 1) {
    if (/[，、：,:\s]/u.test(room[i])) return { text: `${room.slice(0, i).join('')}…`, shortened: true };
  }
  return { text: `${room.join('')}…`, shortened: true };
}
