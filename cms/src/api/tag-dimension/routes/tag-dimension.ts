import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::tag-dimension.tag-dimension');
