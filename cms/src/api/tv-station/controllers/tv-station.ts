import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::tv-station.tv-station');
