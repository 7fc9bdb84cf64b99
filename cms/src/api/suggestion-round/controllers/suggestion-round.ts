import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::suggestion-round.suggestion-round');
