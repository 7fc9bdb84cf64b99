import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::kiosk-terminal.kiosk-terminal');
