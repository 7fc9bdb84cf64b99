import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::norm-entry.norm-entry');
