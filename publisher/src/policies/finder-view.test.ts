import { csvSafe, markRanges } from './finder-view';

describe('the finder pages\' text handling', () => {
  it('marks search terms and escapes everything else, so an item\'s text never becomes markup', () => {
    expect(markRanges('<img src=x onerror=alert(1)>免征增值税', [{ start: 28, end: 30 }]))
      .toBe('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;<mark>免征</mark>增值税');
    expect(markRanges('免征免征', [{ start: 0, end: 2 }, { start: 1, end: 3 }])).toBe('<mark>免征</mark>免征'); // overlaps: first wins
  });

  it('keeps an author\'s text from running as a spreadsheet formula in the CSV export', () => {
    expect(['=HYPERLINK("http://evil")', '+1', '-10%', '@SUM(A1)', '\tx', '小规模纳税人'].map(csvSafe))
      .toEqual(['\'=HYPERLINK("http://evil")', '\'+1', '\'-10%', '\'@SUM(A1)', '\'\tx', '小规模纳税人']);
  });
});
