import { bootSharedStack } from '../support/shared-stack';
import { listsAndExpiryTests } from './policies-and-questions/lists-and-expiry';
import { policyFinderTests, policyWithdrawalTests } from './policies-and-questions/policy-finder';
import { policyPushTests } from './policies-and-questions/policy-push';
import { questionDeskTests } from './policies-and-questions/question-desk';
import { validityPackageTests } from './policies-and-questions/validity-packages';

/**
 * 政策清单 and expiry, the packages' validity, the Q&A desk, 政策找人 and 政策推送 on one stack, booted once
 * for the six modules (a boot costs about 20 CPU s). The order is what their changes to the demo allow:
 * the lists and the packages end the Guangdong notice and lift the end again; the finder counts that
 * notice's items per site; policy push unpublishes it and needs the veterans' document, which the
 * withdrawal test unpublishes last, then stops the CMS. The union of their settings: kiosk for the lists'
 * and the desk's terminals, WeChat and Weibo for the packages, quick push retries, and four questions an
 * hour per address (the desk's flood; no other module asks).
 */
const ctx = bootSharedStack({
  publisherEnv: {
    CHANNELS: 'web,feeds,kiosk,policy-match,wechat,weibo', QUESTION_LIMIT_PER_HOUR: '4',
    PUSH_BACKOFF_MS: '200', PUSH_ATTEMPTS: '4', PUSH_TIMEOUT_MS: '3000',
  },
});

listsAndExpiryTests(ctx);
validityPackageTests(ctx);
questionDeskTests(ctx);
policyFinderTests(ctx);
policyPushTests(ctx);
policyWithdrawalTests(ctx);
