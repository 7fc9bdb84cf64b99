import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::screening-region.screening-region');
