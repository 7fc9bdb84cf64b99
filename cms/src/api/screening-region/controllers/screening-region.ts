import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::screening-region.screening-region');
