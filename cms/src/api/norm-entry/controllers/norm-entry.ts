import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::norm-entry.norm-entry');
