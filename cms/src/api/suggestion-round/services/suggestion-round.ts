import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::suggestion-round.suggestion-round');
