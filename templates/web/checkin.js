/* global document, localStorage, navigator, window */
/* The door's check-in page: scans the registrants' QR codes with the phone camera (jsQR), marks
 * attendance, and keeps the door list on the phone (localStorage) so it works without a network;
 * marks made offline wait in a queue and are sent when the network is back. */
(function () {
  var event = document.body.getAttribute('data-event');
  var storeKey = 'tongyuan-door-' + event, queueKey = 'tongyuan-door-queue-' + event;
  var list = [], queue = JSON.parse(localStorage.getItem(queueKey) || '[]');
  var $ = function (id) { return document.getElementById(id); };

  function save() { localStorage.setItem(storeKey, JSON.stringify(list)); localStorage.setItem(queueKey, JSON.stringify(queue)); }
  function net() {
    $('net').textContent = navigator.onLine ? (queue.length ? '已联网，正在上传 ' + queue.length + ' 条签到…' : '已联网，签到实时上传') : '已断网：签到先记在本机（' + queue.length + ' 条待上传），联网后自动上传';
    $('net').className = navigator.onLine ? 'net' : 'net offline';
  }
  function render() {
    var q = $('filter').value.trim();
    var shown = list.filter(function (r) { return !q || r.name.indexOf(q) >= 0 || r.receipt.indexOf(q.toUpperCase()) >= 0 || r.phoneTail === q; });
    $('list').innerHTML = '';
    shown.forEach(function (r) {
      var li = document.createElement('li');
      li.className = (r.checkedInAt ? 'in ' : '') + r.status;
      li.setAttribute('data-receipt', r.receipt);
      var who = document.createElement('span');
      who.className = 'who';
      who.textContent = r.name + '（' + r.group + '，尾号 ' + r.phoneTail + '，' + r.receipt + '）';
      li.appendChild(who);
      if (!r.checkedInAt && r.status === 'confirmed') {
        var b = document.createElement('button'); b.type = 'button'; b.textContent = '签到';
        b.onclick = function () { mark(r.receipt); };
        li.appendChild(b);
      }
      $('list').appendChild(li);
    });
    var confirmed = list.filter(function (r) { return r.status === 'confirmed'; }).length;
    $('counts').textContent = '已签到 ' + list.filter(function (r) { return r.checkedInAt; }).length + ' / ' + confirmed + ' 人';
    net();
  }
  function show(text, kind) { $('result').textContent = text; $('result').className = 'result ' + kind; }

  /* Marks one receipt here at once (the list is the truth at the door), then tells the server. */
  function mark(receipt) {
    var r = list.filter(function (x) { return x.receipt === receipt; })[0];
    if (!r) return show('不是本活动的报名：' + receipt, 'refused');
    if (r.status !== 'confirmed') return show(r.name + '：候补中，尚未递补成功，不能入场', 'refused');
    if (r.checkedInAt) return show(r.name + '：已签到过（' + new Date(r.checkedInAt).toLocaleTimeString('zh-CN') + '）', 'again');
    r.checkedInAt = new Date().toISOString();
    queue.push({ receipt: receipt, at: r.checkedInAt });
    save(); render(); show(r.name + '：签到成功', 'ok');
    flush();
  }
  function flush() {
    if (!navigator.onLine || !queue.length) return net();
    var next = queue[0];
    fetch('/checkin/' + encodeURIComponent(event) + '/arrivals', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(next), credentials: 'same-origin' })
      .then(function (res) { if (res.ok || res.status === 404 || res.status === 409) { queue.shift(); save(); } })
      .then(function () { net(); if (queue.length) setTimeout(flush, 100); })
      .catch(function () { net(); });
  }
  function load() {
    list = JSON.parse(localStorage.getItem(storeKey) || '[]');
    render();
    fetch('/checkin/' + encodeURIComponent(event) + '/door.json', { credentials: 'same-origin', cache: 'no-store' })
      .then(function (res) { return res.json(); })
      .then(function (data) {
        var local = {};
        list.forEach(function (r) { if (r.checkedInAt) local[r.receipt] = r.checkedInAt; });
        list = data.registrations.map(function (r) { if (!r.checkedInAt && local[r.receipt]) r.checkedInAt = local[r.receipt]; return r; });
        save(); render(); flush();
      })
      .catch(function () { net(); });
  }

  var video = $('camera'), canvas = $('frame'), context = canvas.getContext('2d', { willReadFrequently: true }), last = '';
  function tick() {
    if (video.readyState >= 2) {
      canvas.width = video.videoWidth; canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var code = window.jsQR(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height, { inversionAttempts: 'dontInvert' });
      var receipt = code && code.data.replace(/^TYREG:/, '').trim();
      if (receipt && receipt !== last) { last = receipt; mark(receipt); setTimeout(function () { last = ''; }, 3000); }
    }
    setTimeout(tick, 150);
  }
  $('start').onclick = function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }).then(function (stream) {
      video.srcObject = stream; video.hidden = false; video.play(); $('start').hidden = true; tick();
    }).catch(function (error) { show('无法打开摄像头（' + error.name + '）：请在浏览器设置中允许使用摄像头，或用下面的名单签到', 'refused'); });
  };
  $('filter').oninput = render;
  window.addEventListener('online', flush);
  window.addEventListener('offline', net);
  load();
  // Reopened without a network (the browser closed it, the phone restarted): the worker serves the page.
  if (navigator.serviceWorker) navigator.serviceWorker.register('sw.js').catch(function () { /* the page still works while it stays open */ });
})();
