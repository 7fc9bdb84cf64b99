import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::screening-region.screening-region');
