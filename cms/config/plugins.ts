import { secretFromEnv } from '../lib/dev-secret';

export default () => ({
  // Authors' own GraphQL API (operators use the publisher's). Bounded like every public endpoint.
  graphql: {
    config: { endpoint: '/graphql', defaultLimit: 25, maxLimit: 100, depthLimit: 10, landingPage: false },
  },
  'users-permissions': {
    config: { jwtSecret: secretFromEnv('JWT_SECRET') },
  },
});
