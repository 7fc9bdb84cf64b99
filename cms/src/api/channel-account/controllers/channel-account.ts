import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::channel-account.channel-account');
