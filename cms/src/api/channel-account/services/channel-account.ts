import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::channel-account.channel-account');
