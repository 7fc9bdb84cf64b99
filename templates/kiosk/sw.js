/* Offline for the kiosk. Files (content-addressed, never change) from the cache first; the app
 * shell from the network first, from the cache when the network is gone. The worker never puts a
 * file or a manifest into the cache: the app's sync (sync.js) does, after checking each file, and
 * switches manifests only once every file is there. manifest.json always goes to the network, so
 * the app knows when it is offline and starts from the manifest it synced in full. */
const CACHE = 'tongyuan-kiosk';

self.addEventListener('install', (event) => {
  self.skipWaiting();
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(['./', 'app.js', 'sync.js', 'funds.js', 'font.woff2', '/assets/altcha-lib.js'])));
});

self.addEventListener('activate', (event) => event.waitUntil((async () => {
  // Before the sync kept its own manifest, the worker cached the server's: it could list files the terminal lacked.
  await (await caches.open(CACHE)).delete('manifest.json', { ignoreSearch: true });
  await self.clients.claim();
})()));

self.addEventListener('fetch', (event) => {
  if (event.request.method !== 'GET') return;
  const url = new URL(event.request.url);
  if (url.origin !== location.origin || url.pathname.endsWith('/manifest.json')) return;
  // The 民生资金 screen's village files are content-addressed too (/kiosk/<terminal>/funds/<sha256>).
  if (url.pathname.startsWith('/files/') || /\/funds\/[0-9a-f]{64}$/.test(url.pathname)) {
    event.respondWith(caches.match(event.request).then((hit) => hit || fetch(event.request)));
    return;
  }
  event.respondWith(fetch(event.request).then(async (response) => {
    if (response.ok) await (await caches.open(CACHE)).put(event.request, response.clone());
    return response;
  }).catch(async () => (await caches.match(event.request, { ignoreSearch: true })) || Response.error()));
});
