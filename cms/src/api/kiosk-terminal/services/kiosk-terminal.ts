import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::kiosk-terminal.kiosk-terminal');
