/* Offline for the kiosk: files (content-addressed, never change) from the cache first; the app
 * shell and manifest from the network first, from the cache when the network is gone. */
const CACHE = 'tongyuan-kiosk';

self.addEventListener('install', (event) => {
  self.skipWaiting();
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(['./', 'app.js', 'font.woff2', '/assets/altcha-lib.js'])));
});

self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  if (event.request.method !== 'GET') return;
  const url = new URL(event.request.url);
  if (url.pathname.startsWith('/files/')) {
    event.respondWith(caches.open(CACHE).then(async (cache) => {
      const hit = await cache.match(event.request);
      if (hit) return hit;
      const response = await fetch(event.request);
      if (response.ok) await cache.put(event.request, response.clone());
      return response;
    }));
    return;
  }
  event.respondWith(fetch(event.request).then(async (response) => {
    if (response.ok) await (await caches.open(CACHE)).put(event.request, response.clone());
    return response;
  }).catch(async () => (await caches.match(event.request, { ignoreSearch: true })) || Response.error()));
});
