/** YYYY-MM-DD as Chinese readers write it on a card or image: 2026年11月23日. */
export function chineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
