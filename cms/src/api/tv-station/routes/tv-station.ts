import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::tv-station.tv-station');
