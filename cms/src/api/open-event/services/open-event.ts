import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::open-event.open-event');
