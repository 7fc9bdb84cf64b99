import { bootSharedStack } from '../support/shared-stack';
import { holidayCalendarTests } from './publishing/holiday-calendar';
import { interviewTests } from './publishing/interviews';
import { publishFlowTests } from './publishing/publish-flow';
import { registrationTests } from './publishing/registration';
import { suggestionAndSurveyTests } from './publishing/suggestions-and-surveys';
import { surfaceTests } from './publishing/surface';

/**
 * The publisher's surface, the holiday calendar, online interviews, suggestions and surveys, open-event
 * registration and the publish flow on one stack with the demo's web and feeds, booted once for the six
 * modules (a boot costs about 20 CPU s). The union of what they set: the CMS serves its admin panel
 * (the interviews' editor); 20 questions an hour per address (a suggestion, survey free text); an easy
 * proof of work and 100 registrations an hour (the registration module's many sign-ups from one address).
 * The surface goes first: it waits for every demo interpretation and counts them; the publish flow,
 * which adds and withdraws its own, goes last.
 */
const ctx = bootSharedStack({
  cmsEnv: { CMS_SERVE_ADMIN: 'true' },
  publisherEnv: { QUESTION_LIMIT_PER_HOUR: '20', QUESTION_POW_MAX_NUMBER: '1000', REGISTRATION_LIMIT_PER_HOUR: '100' },
});

surfaceTests(ctx);
holidayCalendarTests(ctx);
interviewTests(ctx);
suggestionAndSurveyTests(ctx);
registrationTests(ctx);
publishFlowTests(ctx);
