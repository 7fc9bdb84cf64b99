import qs from 'qs';
import { SurveyCatalog } from './survey-source';

/** Which event a published survey belongs to: its 关联的开放活动, read from the CMS's REST answers. */
const row = (event: { documentId: string } | null) => ({ documentId: 's1', title: '开放日问卷', questions: [{ prompt: '评价', kind: 'rating', required: true }], event });

function catalogOf(published: object | null, draft: object | null) {
  const asked: Array<Record<string, any>> = [];
  const strapi = {
    get: async (path: string) => {
      const query = qs.parse(path.slice(path.indexOf('?') + 1)) as Record<string, any>;
      asked.push(query);
      const found = query.status === 'published' ? published : draft;
      return { data: found ? [found] : [] };
    },
  };
  return { catalog: new SurveyCatalog(strapi, () => new Date('2026-12-04T00:00:00Z')), asked };
}

it('takes the event of the published survey, populated with its documentId', async () => {
  const { catalog, asked } = catalogOf(row({ documentId: 'ev1' }), row({ documentId: 'ev2' }));
  expect((await catalog.get('s1'))?.eventId).toBe('ev1');
  expect(asked).toHaveLength(1);
  expect(asked[0].populate.event).toEqual({ fields: ['documentId'] });
});

it('takes the draft\'s event when the published survey has none (its event is not published): still an event survey', async () => {
  const { catalog, asked } = catalogOf(row(null), row({ documentId: 'ev2' }));
  expect((await catalog.get('s1'))?.eventId).toBe('ev2');
  expect(asked.map((q) => q.status)).toEqual(['published', 'draft']);
});

it('is a standing survey when neither version names an event', async () => {
  const { catalog } = catalogOf(row(null), row(null));
  expect((await catalog.get('s1'))?.eventId).toBeNull();
});

it('is null for a survey never published, without asking for its draft', async () => {
  const { catalog, asked } = catalogOf(null, row({ documentId: 'ev2' }));
  expect(await catalog.get('s1')).toBeNull();
  expect(asked).toHaveLength(1);
});
