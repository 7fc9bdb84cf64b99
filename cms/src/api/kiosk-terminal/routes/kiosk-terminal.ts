import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::kiosk-terminal.kiosk-terminal');
