import { launchChromium } from '../support/browser';
import { importFundFixture, type FundsStack } from '../support/fund-fixture';
import { waitFor } from '../support/processes';
import { startStack } from '../support/stack';
import { disclosureTests } from './funds/disclosure';
import { everyOutputTests } from './funds/every-output';
import { posterTests } from './funds/posters';
import { projectLedgerTests } from './funds/projects-ledgers';
import { reportTests } from './funds/reports';
import { housingTests } from './funds/housing';
import { uploadTests } from './funds/uploads';

/**
 * 民生资金公开 (issue 21) on one stack, started once for its three suites: the 码上监督 posters,
 * 我要监督 reports, then the disclosure pages, lookups, the touch screen and logs (last: it corrects
 * a batch and finally stops the CMS). The kiosk channel renders for 林城镇's terminal (ht-lincheng);
 * the publisher logs at info level, so the logs can be searched for the fixture's private values.
 */
const ctx = {} as FundsStack;

beforeAll(async () => {
  ctx.stack = await startStack({
    publisherEnv: { LOG_LEVEL: 'info', CHANNELS: 'web,feeds,kiosk', QUESTION_POW_MAX_NUMBER: '1000', FUND_LOOKUP_LIMIT_PER_HOUR: '4', FUND_LOOKUP_COUNTY_PER_MINUTE: '10' },
    cmsEnv: { CMS_SERVE_ADMIN: 'true' }, // the 民生资金 admin page (funds/uploads.ts)
  });
  await waitFor('the demo sites', async () => (await fetch(`${ctx.stack.url}/sites/huitong-portal/`)).ok && (await fetch(`${ctx.stack.url}/sites/juxian-portal/`)).ok, 120_000, 500);
  ctx.fixture = await importFundFixture(ctx.stack.env);
  await importFundFixture(ctx.stack.env, 'juxian'); // the enumeration test's county, so its counts are its own
  ctx.browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await ctx.browser?.close();
  await ctx.stack?.stop();
});

posterTests(ctx);
reportTests(ctx);
housingTests(ctx);
projectLedgerTests(ctx);
uploadTests(ctx);
everyOutputTests(ctx);
disclosureTests(ctx);
