import { interpretationDefaults, policyDocumentDefaults } from './defaults';
import { DOCUMENT_POPULATE } from './populate';
import { interpretationSchema } from './schema';

describe('the document schema', () => {
  const minimal = { documentId: 'd1', slug: 'a', title: '标题', publishedAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' };

  it('fills what authors left empty with the values channels expect', () => {
    const parsed = interpretationSchema.parse({ ...minimal, digest: null, cover: null, kioskTerminals: [{ code: 'k', name: '终端' }] });
    expect(parsed).toMatchObject({ digest: '', body: '', cover: null, department: null, format: 'graphic_text', images: [], basis: [] });
    expect(parsed.kioskTerminals).toEqual([{ code: 'k', name: '终端', orientation: 'portrait', staleAfterHours: null }]);
  });

  it('refuses a document without a title, with the message authors see', () => {
    const result = interpretationSchema.safeParse({ ...minimal, title: '' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['title'], message: '解读缺少标题' });
  });

  it('asks Strapi for every relation and component the schema reads, nested as deep as it reads them', () => {
    expect(DOCUMENT_POPULATE.interpretation.basis).toEqual({ populate: { policy: { populate: { clauses: true } } } });
    expect(DOCUMENT_POPULATE.interpretation.tags).toEqual({ populate: { dimension: true } });
    expect(DOCUMENT_POPULATE.interpretation.cover).toBe(true);
    expect(DOCUMENT_POPULATE.interpretation).not.toHaveProperty('title');
    expect(DOCUMENT_POPULATE['policy-document']).toMatchObject({ clauses: true, supersedes: true, lists: true });
  });
});

describe('defaults', () => {
  it('give every field an author may leave empty the value a parsed document has', () => {
    const defaults = interpretationDefaults();
    expect(defaults).toMatchObject({ digest: '', body: '', basis: [], channels: [], department: null, cover: null, format: 'graphic_text', goLiveAt: null });
    expect(defaults).not.toHaveProperty('title'); // required: nothing to default to
    expect(defaults).not.toHaveProperty('coverFocusX'); // read into coverFocus by the publisher
    expect(policyDocumentDefaults()).toMatchObject({ validFrom: null, supersedes: null, clauses: [], lists: [], fullText: '' });
  });
});
