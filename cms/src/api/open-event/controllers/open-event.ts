import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::open-event.open-event');
