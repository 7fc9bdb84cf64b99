import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::norm-entry.norm-entry');
