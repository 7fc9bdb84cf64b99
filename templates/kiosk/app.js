/* The kiosk app: lists a terminal's interpretations in large type, opens one on a tap, and after a
 * while without touches cycles the 一图读懂 slides. It shows the manifest it last synced in full
 * (sync.js: the manifest and every file it lists cached together, checked by sha256), syncs
 * every 5 minutes, and reports what it holds and what failed in a heartbeat after each sync. */
(() => {
  const $ = (id) => document.getElementById(id);
  const idleSeconds = Number(new URLSearchParams(location.search).get('idle') || document.body.dataset.idle || 60);
  const { syncedManifest, sync, refreshFont, read, fileUrl } = window.kioskSync;
  let manifest = null; // what the screen shows: a manifest whose files the terminal holds (without Cache Storage: the server's, read online)
  let slides = [];
  let slideIndex = 0;
  let idleTimer = null;
  let slideTimer = null;
  let syncing = false;

  const worker = 'serviceWorker' in navigator
    ? Promise.race([
      navigator.serviceWorker.register('sw.js').then(() => navigator.serviceWorker.ready),
      new Promise((_, reject) => setTimeout(() => reject(new Error('15 秒内未能启动')), 15_000)),
    ])
    : Promise.reject(new Error('浏览器不支持'));
  worker.catch(() => undefined);

  async function load() {
    if (syncing) return;
    syncing = true;
    try {
      if (!manifest) {
        manifest = await syncedManifest().catch(() => null);
        if (manifest) render();
      }
      let next;
      try {
        const response = await fetch('manifest.json', { cache: 'no-store' });
        if (!response.ok) throw new Error(String(response.status));
        next = await response.json();
      } catch {
        if (!manifest) $('status').textContent = '暂时无法同步，请稍后再试';
        return;
      }
      const shownBefore = manifest && manifest.version;
      const report = await sync(next, {
        ready: worker,
        progress: (done, total) => { if (!manifest) $('status').textContent = `正在同步：${done} / ${total} 个文件`; },
      });
      manifest = report.shown;
      if (shownBefore && shownBefore !== manifest.version) await refreshFont().catch(() => undefined);
      render();
      if (!manifest.items.length && report.failedFiles) $('status').textContent = '暂时无法同步，请稍后再试';
      await heartbeat(next.version, report);
    } finally {
      syncing = false;
    }
  }

  function render() {
    const when = new Date(manifest.generatedAt).toLocaleString('zh-CN', { hour12: false });
    const interpretations = manifest.items.filter((i) => !window.kioskFunds.isFunds(i)).length;
    $('status').textContent = manifest.items.length ? `共 ${interpretations} 条政策解读 · 同步于 ${when}` : '暂无政策解读';
    const list = $('items');
    list.textContent = '';
    for (const item of manifest.items) {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = window.kioskFunds.isFunds(item) ? 'item-button funds-button' : 'item-button';
      button.textContent = item.title;
      button.addEventListener('click', () => open(item));
      li.append(button);
      list.append(li);
    }
    slides = manifest.items.flatMap((i) => i.files.filter((f) => f.role === 'slide').map((f, n) => ({ url: fileUrl(f), alt: `${i.title}（一图读懂 第 ${n + 1} 幅）` })));
  }

  function show(node) {
    $('content').replaceChildren(node);
    $('list').hidden = true;
    $('detail').hidden = false;
    window.scrollTo(0, 0);
  }

  async function open(item) {
    if (window.kioskFunds.isFunds(item)) return window.kioskFunds.open(item, { read, show });
    const file = (role) => item.files.find((f) => f.role === role);
    // item.html is the publisher's own template output (escaped text, allow-listed body). Parsed in an
    // inert <template> first, so the QR's placeholder address is replaced before anything is fetched.
    const parsed = document.createElement('template');
    parsed.innerHTML = await (await read(file('item'))).text();
    const qr = parsed.content.querySelector('img[src="qr.svg"]');
    if (qr && file('qr')) qr.src = fileUrl(file('qr'));
    show(parsed.content);
  }

  $('back').addEventListener('click', () => {
    $('detail').hidden = true;
    $('list').hidden = false;
  });

  function attract() {
    if (!slides.length) return;
    $('detail').hidden = true;
    $('list').hidden = false;
    $('attract').hidden = false;
    showSlide();
  }
  function showSlide() {
    // Made here, with its address: an <img> without src in the page would be invalid (and fetch the page itself in old browsers).
    let img = $('slide');
    if (!img) {
      img = document.createElement('img');
      img.id = 'slide';
      $('attract').prepend(img);
    }
    const slide = slides[slideIndex % slides.length];
    img.src = slide.url;
    img.alt = slide.alt;
    slideIndex += 1;
    slideTimer = setTimeout(showSlide, 6000);
  }
  function wake(event) {
    clearTimeout(idleTimer);
    if (!$('attract').hidden) {
      // The touch that ends the loop only ends the loop.
      $('attract').hidden = true;
      clearTimeout(slideTimer);
      event.preventDefault();
      event.stopPropagation();
    }
    idleTimer = setTimeout(attract, idleSeconds * 1000);
  }
  for (const type of ['pointerdown', 'keydown']) document.addEventListener(type, wake, { capture: true });

  /* Questions: sent at once when the network is there, otherwise kept on the terminal (localStorage)
   * and sent when it returns — a village connection never loses one. */
  const OUTBOX = 'tongyuan-kiosk-questions';
  const outbox = () => JSON.parse(localStorage.getItem(OUTBOX) || '[]');
  /* Each question carries a fresh proof of work (ALTCHA's solver, /assets/altcha-lib.js): a second
   * of the terminal's time, so nobody can flood the desk by posting as a terminal. */
  async function post(question) {
    const challenge = await (await fetch('/questions/challenge')).json();
    const solution = await window.lib.solveChallenge({ challenge, deriveKey: window.lib.sha.deriveKey });
    return fetch('questions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...question, altcha: btoa(JSON.stringify({ challenge, solution })) }) });
  }
  async function sendQuestions() {
    const waiting = outbox();
    const left = [];
    for (const question of waiting) {
      try {
        const response = await post(question);
        // Later: the server or the network, a full allowance, a proof that did not pass. A question the desk refuses never will.
        const refused = response.status === 400 && (await response.json().catch(() => ({}))).error === 'QUESTION_INVALID';
        if (!response.ok && !refused) left.push(question);
      } catch {
        left.push(question);
      }
    }
    localStorage.setItem(OUTBOX, JSON.stringify(left));
  }
  $('ask-open').addEventListener('click', () => {
    $('list').hidden = true;
    $('detail').hidden = true;
    $('ask').hidden = false;
    $('ask-result').textContent = '';
  });
  $('ask-back').addEventListener('click', () => {
    $('ask').hidden = true;
    $('list').hidden = false;
  });
  $('ask-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const question = { body: $('ask-body').value, askerContact: $('ask-contact').value || null };
    try {
      const response = await post(question);
      const answer = await response.json();
      if (response.ok) {
        $('ask-result').textContent = `已受理，受理编号 ${answer.receipt}`;
        $('ask-body').value = '';
        $('ask-contact').value = '';
      } else if (response.status >= 500) {
        throw new Error(answer.message);
      } else {
        $('ask-result').textContent = answer.message; // what to fix; the text stays in the box
      }
    } catch {
      localStorage.setItem(OUTBOX, JSON.stringify([...outbox(), question]));
      $('ask-result').textContent = '网络暂时不通：问题已保存在本机，联网后自动提交';
      $('ask-body').value = '';
      $('ask-contact').value = '';
    }
  });
  window.addEventListener('online', sendQuestions);
  setInterval(sendQuestions, 60 * 1000);

  /** After each sync: the version it fetched, the items it shows, the files it holds and the ones it could not cache. */
  function heartbeat(version, report) {
    const body = { version, items: report.shown.items.length, cachedFiles: report.cachedFiles, failedFiles: report.failedFiles, failures: report.failures };
    return fetch('heartbeat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(() => undefined);
  }

  setInterval(load, 5 * 60 * 1000);
  idleTimer = setTimeout(attract, idleSeconds * 1000);
  load();
})();
