import { defaultTreeAdapter, html as spec, parseFragment, serialize, type DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['childNode'];

/**
 * Sanitized HTML as a browser builds it. The sanitizer's parser (htmlparser2) keeps what the HTML
 * standard's parser restructures: a stray </p> becomes an empty paragraph, a block inside a <p> or
 * a <td> without a table survives, so a body with stray tags came out malformed (seen on the
 * kiosk). Parsed by parse5 (the standard's algorithm) and serialized again, the markup is exactly
 * the tree every browser makes of it; paragraphs the recovery left empty are dropped.
 */
export function wellFormedHtml(html: string): string {
  // As the content of a <div> (where templates put a body), not of a <template>, which keeps a lone <td>.
  const fragment = parseFragment<DefaultTreeAdapterMap>(defaultTreeAdapter.createElement('div', spec.NS.HTML, []), html, {});
  dropEmptyParagraphs(fragment.childNodes);
  return serialize(fragment).trim();
}

function dropEmptyParagraphs(nodes: Node[]): void {
  for (let i = nodes.length - 1; i >= 0; i -= 1) {
    const node = nodes[i];
    if (!('childNodes' in node)) continue;
    dropEmptyParagraphs(node.childNodes);
    if (node.nodeName === 'p' && blank(node)) nodes.splice(i, 1);
  }
}

/** Nothing a reader would see: no text but white space, no line break, rule or image. */
function blank(node: Node): boolean {
  if (node.nodeName === '#text') return !('value' in node && node.value.trim());
  if (['br', 'hr', 'img'].includes(node.nodeName)) return false;
  return !('childNodes' in node) || node.childNodes.every(blank);
}
