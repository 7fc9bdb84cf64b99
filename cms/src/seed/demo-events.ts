import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The demo 开放活动 (demo-events.json beside this file): Shanghai's 政府开放月, Juxian's 政府开放日 and
 * Yichun's 政府部门开放周 from the seed newsletters. Loaded after the reference data they name, through
 * the document service (the workflow and rules apply), keyed by slug: loading twice updates in place.
 * They leave out the short video: every stack that turns the video channels on would encode them
 * (test/publisher/open-events.test.ts makes one for an event it authors).
 */
const code = z.string().regex(/^[a-z0-9][a-z0-9-]*$/);
const instant = z.string().datetime();
const demoEventsSchema = z.object({
  events: z.array(z.object({
    slug: code, title: z.string().min(1), digest: z.string(), body: z.string(), department: code, county: code,
    startsAt: instant, endsAt: instant, place: z.string().nullable(), liveUrl: z.string().nullable(), vrUrl: z.string().nullable(),
    audience: z.string(), capacity: z.number().int().positive().nullable(),
    registrationOpensAt: instant.nullable(), registrationClosesAt: instant.nullable(), bring: z.string(), accessibility: z.string(),
    channels: z.array(code), sites: z.array(code), kioskTerminals: z.array(code),
  })),
});
export type DemoEvent = z.output<typeof demoEventsSchema>['events'][number];

export function readDemoEvents(): DemoEvent[] {
  const file = path.join(__dirname, 'demo-events.json');
  const parsed = demoEventsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`示例开放活动格式错误（${file} 中 ${first.path.join('.')}）：${first.message}`);
  }
  return parsed.data.events;
}

type Upsert = (type: string, key: string, filters: object, data: object, draftAndPublish?: boolean) => Promise<string>;

/** Files each event at 办公室签发 and publishes it; returns how many were published. */
export async function loadDemoEvents(strapi: any, upsert: Upsert, idOf: (type: string, key: string) => string): Promise<number> {
  const events = readDemoEvents();
  for (const event of events) {
    const { department, county, channels, sites, kioskTerminals, ...fields } = event;
    const documentId = await upsert('open-event', event.slug, { slug: event.slug }, {
      ...fields,
      department: idOf('department', department),
      county: idOf('county', county),
      channels: channels.map((c) => idOf('channel', c)),
      sites: sites.map((c) => idOf('site', c)),
      kioskTerminals: kioskTerminals.map((c) => idOf('kiosk-terminal', c)),
      stage: 'office_signoff',
    }, true);
    await strapi.documents('api::open-event.open-event').publish({ documentId });
  }
  return events.length;
}
