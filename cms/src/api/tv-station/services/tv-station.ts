import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::tv-station.tv-station');
