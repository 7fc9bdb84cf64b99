import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config';
import { registerChannelPages, type ChannelPagesDeps } from '../channel-routes';
import { registerFileRoutes } from '../routes/files';
import { registerFontRoutes } from '../routes/fonts';
import { registerProbeRoutes, type ProbeDeps } from '../routes/ops';
import { registerPolicyFinderRoutes } from '../routes/policy-finder';
import { registerRegistrationRoutes, type RegistrationRouteDeps } from '../routes/registrations';
import { registerQuestionRoutes, type QuestionRouteDeps } from '../routes/questions';
import { registerOpenFigureRoutes, type OpenFigureDeps } from '../routes/open-figures';
import { registerFundRoutes, type FundRouteDeps } from '../routes/funds';
import { registerKioskFundRoutes } from '../routes/kiosk-funds';
import { registerFundFeedRoutes } from '../routes/fund-feed';
import { registerFundReportRoutes } from '../routes/fund-reports';
import { registerFundPosterRoutes, type FundPosterDeps } from '../routes/fund-posters';
import { registerFundProjectRoutes } from '../routes/fund-projects';
import { registerHousingRoutes, type HousingRouteDeps } from '../routes/housing';
import { registerSurveyRoutes, type SurveyRouteDeps } from '../routes/surveys';
import { audienceScope } from './scope';

export type PublicDeps = ChannelPagesDeps & ProbeDeps & QuestionRouteDeps & SurveyRouteDeps & OpenFigureDeps & Parameters<typeof registerFileRoutes>[1]
  & Parameters<typeof registerPolicyFinderRoutes>[1] & RegistrationRouteDeps & FundRouteDeps & FundPosterDeps & HousingRouteDeps & { config: Pick<Config, 'STATIC_DIR'> };

/**
 * Readers, terminals and load balancers: no credential, so no guard of its own (the rate limit,
 * registered at the root before any plugin, counts these routes per address).
 */
export async function publicPlugin(app: FastifyInstance, deps: PublicDeps): Promise<void> {
  await audienceScope(app, 'public', null, async (scope) => {
    registerProbeRoutes(scope, deps);
    registerFileRoutes(scope, deps);
    registerFontRoutes(scope);
    registerPolicyFinderRoutes(scope, deps);
    registerRegistrationRoutes(scope, deps);
    registerQuestionRoutes(scope, deps);
    registerSurveyRoutes(scope, deps);
    registerOpenFigureRoutes(scope, deps);
    registerFundRoutes(scope, deps);
    registerKioskFundRoutes(scope, deps);
    registerFundFeedRoutes(scope, deps);
    registerFundReportRoutes(scope, deps);
    registerFundPosterRoutes(scope, deps);
    registerFundProjectRoutes(scope, deps);
    registerHousingRoutes(scope, deps);
    if (deps.config.STATIC_DIR) await scope.register(fastifyStatic, { root: deps.config.STATIC_DIR, prefix: '/static/' });
  });
  // Every channel's `routes` hook (portal, feeds, kiosk, cinema…): public by the Channel contract, so a new
  // channel's pages need no line in access.ts; one the table gives to another audience is refused there.
  await registerChannelPages(app, deps);
}
