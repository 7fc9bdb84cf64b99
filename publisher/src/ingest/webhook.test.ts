import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NEW_ENTRY_IN_NO_DOCUMENT, readHook } from './webhook';

describe('readHook', () => {
  it('reads a published interpretation as a document to fetch again', () => {
    expect(readHook({ event: 'entry.publish', model: 'interpretation', uid: 'api::interpretation.interpretation', entry: { documentId: 'abc123', updatedAt: '2026-11-23T00:00:00.000Z' } }))
      .toEqual({ type: 'document', kind: 'interpretation', documentId: 'abc123', version: 'entry.publish.2026-11-23T00:00:00.000Z' });
  });

  it('re-reads everything when a department or site changes, but not for a workflow record', () => {
    expect(readHook({ event: 'entry.update', model: 'department', entry: { documentId: 'd1' } })).toEqual({ type: 'reference', model: 'department', refetch: true });
    expect(readHook({ event: 'entry.delete', model: 'tag', entry: { documentId: 't1' } })).toEqual({ type: 'reference', model: 'tag', refetch: true });
    expect(readHook({ event: 'entry.create', model: 'stage-transition', entry: { documentId: 's1' } })).toMatchObject({ type: 'ignored' });
    expect(readHook({ event: 'media.create' })).toMatchObject({ type: 'ignored' });
  });

  it('re-reads the 节假日安排 table when a clerk files or changes a year', () => {
    expect(readHook({ event: 'entry.update', model: 'holiday-arrangement', entry: { documentId: 'h1' } })).toEqual({ type: 'holidays' });
    expect(readHook({ event: 'entry.create', model: 'norm-entry', entry: { documentId: 'n1' } })).toEqual({ type: 'norms' });
  });

  it('re-reads nothing for a new tag, department or site, but everything for a new tag dimension or 政策清单', () => {
    expect(readHook({ event: 'entry.create', model: 'tag', entry: { documentId: 't2' } })).toEqual({ type: 'reference', model: 'tag', refetch: false });
    expect(readHook({ event: 'entry.create', model: 'site', entry: { documentId: 's2' } })).toEqual({ type: 'reference', model: 'site', refetch: false });
    expect(readHook({ event: 'entry.create', model: 'tag-dimension', entry: { documentId: 'd2' } })).toMatchObject({ refetch: true });
    expect(readHook({ event: 'entry.create', model: 'policy-list', entry: { documentId: 'l2' } })).toMatchObject({ refetch: true });
  });

  // The premise of skipping: a new entry of these can't already be linked from a document. It would fail if one of them
  // became draft-and-publish (a document's link resolves when its target is first published) or got the inverse
  // side of a relation (the entry could be made with links to existing entries or documents).
  it.each([...NEW_ENTRY_IN_NO_DOCUMENT])('finds in the CMS schema of %s nothing that could link a new entry to what is published', (model) => {
    const schema = JSON.parse(readFileSync(path.join(__dirname, '../../../cms/src/api', model, 'content-types', model, 'schema.json'), 'utf8'));
    expect(schema.options?.draftAndPublish ?? true).toBe(false);
    const inverse = Object.entries<any>(schema.attributes).filter(([, a]) => a.type === 'relation' && (a.mappedBy || a.inversedBy));
    // A tag's dimension is the owning side (the dimension lists its tags); what a tag links is only its own dimension.
    expect(inverse.filter(([name]) => !(model === 'tag' && name === 'dimension'))).toEqual([]);
  });
});
