import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::open-event.open-event');
