import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::channel-account.channel-account');
