import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::brand-column.brand-column');
