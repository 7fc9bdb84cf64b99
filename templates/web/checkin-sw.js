/* global self, caches, location */
/* The door page offline, even reopened without a network: the page and the scanner from the
 * network first, from the cache when the network is gone. The door list is the page's own
 * (localStorage, with the marks waiting to be sent); the worker never caches it or a mark. */
const CACHE = 'tongyuan-door';

self.addEventListener('install', (event) => {
  self.skipWaiting();
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(['./', '/checkin/assets/jsqr.js'])));
});

self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin || url.pathname.endsWith('/door.json')) return;
  event.respondWith(fetch(event.request).then(async (response) => {
    if (response.ok) await (await caches.open(CACHE)).put(event.request, response.clone());
    return response;
  }).catch(async () => (await caches.match(event.request, { ignoreSearch: true })) || Response.error()));
});
