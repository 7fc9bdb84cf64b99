import fc from 'fast-check';
import { renderSitePage, renderSitePageWhole } from '@tongyuan/channels';
import { textField } from '../support/adversarial-text';

/**
 * renderSitePage keeps the layout around a page (per site, title and column) and renders only the content into it:
 * every page must be exactly the page rendered whole, whatever the site's name, the title or the content hold —
 * markup, every CJK extension (the rare-character faces in the head change with the content), controls, and the
 * frame's own slot markers.
 */
const MARKERS = ['\u0000content\u0000', '\u0000rare-faces\u0000', '\u0000'];
const field = fc.oneof(textField, fc.constantFrom(...MARKERS), fc.tuple(textField, fc.constantFrom(...MARKERS), textField).map((p) => p.join('')));
const column = fc.constantFrom(undefined, 'interpretations', 'policies', 'lists', 'ask', 'events', 'nonexistent');

describe('a site page in its kept frame', () => {
  it('is the page rendered whole, the first time and from the kept frame', () => {
    fc.assert(fc.property(
      fc.record({ code: fc.constantFrom('huitong-portal', 'juxian-portal'), name: field }),
      fc.record({ title: field, description: fc.option(field, { nil: undefined }), column, content: field }),
      fc.array(field, { minLength: 1, maxLength: 3 }),
      (site, page, otherContents) => {
        expect(renderSitePage(site, page)).toBe(renderSitePageWhole(site, page));
        // Same frame, other content: nothing of the first page's content or rare faces stays behind.
        for (const content of otherContents) expect(renderSitePage(site, { ...page, content })).toBe(renderSitePageWhole(site, { ...page, content }));
      },
    ), { seed: 20261205, numRuns: 300 });
  });

  it('carries a rare character\'s face for this page only', () => {
    const site = { code: 'huitong-portal', name: '会同县人民政府' };
    const rare = renderSitePage(site, { title: '本人发放查询', content: '<p>王𤭢</p>' });
    const plain = renderSitePage(site, { title: '本人发放查询', content: '<p>王丰</p>' });
    expect(rare).toContain('/assets/fonts/rare/24B62.woff2');
    expect(plain).not.toContain('TY Rare";');
    expect(plain).toContain('<p>王丰</p>');
    expect(plain).not.toContain('王𤭢');
  });
});
