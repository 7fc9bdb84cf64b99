import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::stage-transition.stage-transition');
