import { readHook } from './webhook';

describe('readHook', () => {
  it('reads a published interpretation as a document to fetch again', () => {
    expect(readHook({ event: 'entry.publish', model: 'interpretation', uid: 'api::interpretation.interpretation', entry: { documentId: 'abc123', updatedAt: '2026-11-23T00:00:00.000Z' } }))
      .toEqual({ type: 'document', kind: 'interpretation', documentId: 'abc123', version: 'entry.publish.2026-11-23T00:00:00.000Z' });
  });

  it('re-reads everything when a department or site changes, but not for a workflow record', () => {
    expect(readHook({ event: 'entry.update', model: 'department', entry: { documentId: 'd1' } })).toEqual({ type: 'reference', model: 'department' });
    expect(readHook({ event: 'entry.create', model: 'stage-transition', entry: { documentId: 's1' } })).toMatchObject({ type: 'ignored' });
    expect(readHook({ event: 'media.create' })).toMatchObject({ type: 'ignored' });
  });

  it('re-reads the 节假日安排 table when a clerk files or changes a year', () => {
    expect(readHook({ event: 'entry.update', model: 'holiday-arrangement', entry: { documentId: 'h1' } })).toEqual({ type: 'holidays' });
    expect(readHook({ event: 'entry.create', model: 'norm-entry', entry: { documentId: 'n1' } })).toEqual({ type: 'norms' });
  });
});
