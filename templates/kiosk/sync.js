/* The kiosk's sync: one manifest and every file it lists go into the Cache Storage together, and
 * only then does the terminal switch to that manifest and report it. The manifest kept in the
 * cache ("synced") therefore never lists a file the terminal lacks: a terminal that loses its
 * network right after a sync, or in the middle of one, starts from what it holds in full.
 * Files are checked against the manifest's sha256 and size before they are kept. */
window.kioskSync = (() => {
  const CACHE = 'tongyuan-kiosk';
  /* What starts the terminal without network; the font is cut to the text of the items, so it is refreshed with them. */
  const SHELL = ['./', 'app.js', 'sync.js', 'funds.js', 'font.woff2', '/assets/altcha-lib.js'];
  const SYNCED = new URL('synced-manifest.json', location.href).href; // a cache key, not a server address
  const REPORTED = 10; // failures named in a heartbeat (all are counted), each cut to 80 characters: a heartbeat stays within 8 KB
  const fileUrl = (file) => new URL(file.url, location.href).href; // the terminal's own origin, whatever PUBLIC_URL says

  /** The manifest the terminal last synced in full (null: never, or no Cache Storage). */
  async function syncedManifest() {
    if (!('caches' in window)) return null;
    const hit = await (await caches.open(CACHE)).match(SYNCED);
    return hit ? hit.json() : null;
  }

  const reason = (error) => {
    if (error && error.name === 'QuotaExceededError') return '终端存储空间不足';
    if (error instanceof TypeError) return '网络中断，未能下载';
    return (error && error.message) || String(error);
  };
  const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

  /** One listed file into the cache, unless it is there (content-addressed: what is there was checked). */
  async function cacheFile(cache, file) {
    const url = fileUrl(file);
    if (await cache.match(url)) return;
    const response = await fetch(url, { cache: 'no-store' });
    if (!response.ok) throw new Error(`服务器答复 HTTP ${response.status}`);
    const bytes = await response.arrayBuffer();
    const sha256 = hex(await crypto.subtle.digest('SHA-256', bytes));
    if (bytes.byteLength !== file.size || sha256 !== file.sha256) throw new Error('内容与清单的校验值不符（文件损坏或下载不完整）');
    await cache.put(url, new Response(bytes, { headers: { 'content-type': response.headers.get('content-type') || 'application/octet-stream' } }));
  }

  async function holdsAll(cache, item) {
    for (const file of item.files) if (!(await cache.match(fileUrl(file)))) return false;
    return true;
  }

  /**
   * Syncs `next` (the server's manifest): the app shell, then every item's files. An item whose files
   * did not all arrive keeps the revision the terminal holds in full, or waits for the next sync.
   * Resolves to what to show and what to report: { shown, cachedFiles, failedFiles, failures }.
   */
  async function sync(next, { ready, progress }) {
    const total = next.items.reduce((n, i) => n + i.files.length, 0);
    const report = { shown: next, cachedFiles: 0, failedFiles: 0, failures: [] };
    const failed = (name, why) => {
      report.failedFiles += 1;
      const cut = (text) => [...text].slice(0, 80).join('');
      if (report.failures.length < REPORTED) report.failures.push({ name: cut(name), reason: cut(why) });
    };
    if (!('caches' in window) || !('serviceWorker' in navigator)) {
      // Browsers give Cache Storage and service workers only to https:// and localhost addresses.
      report.failedFiles = total;
      report.failures.push({ name: '全部文件', reason: '此地址下浏览器不允许离线缓存：请用 https:// 地址（或在终端本机）打开' });
      return report;
    }
    const cache = await caches.open(CACHE);
    const previous = await syncedManifest();
    await ready.catch((error) => failed('离线启动程序（sw.js）', reason(error)));
    for (const path of SHELL) {
      const url = new URL(path, location.href).href;
      try {
        const response = await fetch(url, { cache: 'no-store' });
        if (!response.ok) throw new Error(`服务器答复 HTTP ${response.status}`);
        await cache.put(url, response);
      } catch (error) {
        failed(path, reason(error));
      }
    }
    const items = [];
    let done = 0;
    for (const item of next.items) {
      const results = await Promise.allSettled(item.files.map((file) => cacheFile(cache, file).finally(() => progress(++done, total))));
      results.forEach((result, i) => result.status === 'rejected' && failed(`${item.title}：${item.files[i].name}`, reason(result.reason)));
      if (results.every((r) => r.status === 'fulfilled')) items.push(item);
      else {
        const held = previous && previous.items.find((i) => i.id === item.id);
        if (held && (await holdsAll(cache, held))) items.push(held);
      }
    }
    report.shown = { ...next, items };
    // Only now does the terminal switch to it: the manifest it starts from lists only files it holds.
    await cache.put(SYNCED, new Response(JSON.stringify(report.shown), { headers: { 'content-type': 'application/json' } }));
    const wanted = new Set(items.flatMap((i) => i.files.map(fileUrl)));
    const listed = (url) => url.includes('/files/') || /\/funds\/[0-9a-f]{64}$/.test(url); // the 民生资金 screen's village files too
    for (const request of await cache.keys()) if (listed(request.url) && !wanted.has(request.url)) await cache.delete(request);
    for (const url of wanted) if (await cache.match(url)) report.cachedFiles += 1;
    return report;
  }

  /** The font subset fetched with the shell (after new items, it has their characters) in use at once. */
  async function refreshFont() {
    if (!('caches' in window) || !('FontFace' in window)) return;
    const hit = await (await caches.open(CACHE)).match(new URL('font.woff2', location.href).href);
    if (hit) document.fonts.add(await new FontFace('TY Kiosk', await hit.arrayBuffer()).load());
  }

  /** A file's bytes: from the cache when the terminal holds it, else from the network. */
  async function read(file) {
    const hit = 'caches' in window ? await caches.match(fileUrl(file)) : undefined;
    return hit || fetch(fileUrl(file));
  }

  return { syncedManifest, sync, refreshFont, read, fileUrl };
})();
