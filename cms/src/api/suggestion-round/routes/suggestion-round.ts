import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::suggestion-round.suggestion-round');
