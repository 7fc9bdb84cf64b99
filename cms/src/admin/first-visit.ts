/**
 * What a browser that never opened this admin starts with: Chinese, and none of Strapi's product
 * banners. Both live in the browser's localStorage under Strapi's own keys, so a user who picks
 * another language in their profile keeps it. Runs in the admin's bootstrap, before it reads them.
 */
const LANGUAGE_KEY = 'strapi-admin-language';

export function preferChinese(): void {
  if (!localStorage.getItem(LANGUAGE_KEY)) localStorage.setItem(LANGUAGE_KEY, 'zh-Hans');
}

/**
 * Strapi 5.54 shows "Introducing the new Media Library" above every page until it is closed, with
 * no setting to turn it off; closing it stores a flag per project id (false while telemetry is
 * off, undefined until the admin has loaded it, the uuid otherwise). Authors never need it.
 */
export function dismissMediaLibraryBanner(): void {
  for (const legacy of [true, false]) {
    for (const project of ['false', 'undefined', 'tongyuan-cms']) {
      localStorage.setItem(`STRAPI_MEDIA_LIBRARY_BANNER_DISMISSED_FOR_${legacy}:${project}`, 'true');
    }
  }
}
