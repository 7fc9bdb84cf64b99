/* 民生资金公开 on the terminal: the funds item (the publisher puts one in the manifest when the
 * terminal's county has live payments or projects) lists its township's villages; a village shows its
 * totals, per fund, and its payments ten to a screen with names and ID numbers already masked, then its
 * 民生项目 and 村级财务. Everything
 * is read from the files the sync cached, so the screen works without network. DOM text only. */
window.kioskFunds = (() => {
  const PER_SCREEN = 10;
  const yuan = (fen) => (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const button = (text, onClick, className = 'item-button') => {
    const node = el('button', className, text);
    node.type = 'button';
    node.addEventListener('click', onClick);
    return node;
  };

  const isFunds = (item) => item.files.length > 0 && item.files.every((f) => f.role === 'funds');

  /** The item's villages, each file read once from the cache (a township has a few dozen). */
  async function villagesOf(item, read) {
    return Promise.all(item.files.map(async (file) => (await read(file)).json()));
  }

  async function open(item, { read, show }) {
    const villages = await villagesOf(item, read);
    const list = el('div', 'funds-screen');
    list.append(el('h1', '', item.title), el('p', 'meta', '请选择您所在的村（社区），查看各项惠民资金的发放情况。姓名和身份证号已按规定部分隐去。'));
    for (const village of villages) {
      const what = village.payments > 0 ? `${village.payments} 笔，${yuan(village.totalFen)} 元` : `民生项目 ${(village.projects || []).length} 个`;
      list.append(button(`${village.township} ${village.village}　${what}`, () => openVillage(village, 0, { show, back: () => open(item, { read, show }) })));
    }
    show(list);
  }

  function openVillage(village, screen, { show, back }) {
    const view = el('div', 'funds-screen');
    view.append(button('← 返回村列表', back, 'back'), el('h1', '', `${village.township} ${village.village}`));
    const figures = el('p', 'funds-figures');
    figures.append(el('strong', '', `${village.payments}`), ' 笔　合计 ', el('strong', '', yuan(village.totalFen)), ' 元');
    view.append(figures);
    if (screen === 0) {
      const table = el('table', 'funds-table');
      table.dataset.table = 'funds';
      for (const fund of village.funds) {
        const row = el('tr');
        row.append(el('th', '', fund.name), el('td', 'num', `${yuan(fund.totalFen)} 元`), el('td', 'num', `${fund.payments} 笔`));
        table.append(row);
      }
      view.append(el('h2', '', '按资金项目'), table);
    }
    const pages = Math.max(1, Math.ceil(village.lines.length / PER_SCREEN));
    view.append(el('h2', '', `发放明细（第 ${screen + 1} / ${pages} 屏）`));
    const lines = el('table', 'funds-table');
    lines.dataset.table = 'payments';
    for (const [name, idNumber, fund, item, amountFen, paidOn] of village.lines.slice(screen * PER_SCREEN, (screen + 1) * PER_SCREEN)) {
      lines.append(...twoLines([el('td', 'name', name), el('td', 'num', `${yuan(amountFen)} 元`), el('td', 'id', idNumber), el('td', 'date', paidOn)],
        `${fund}${item && item !== fund ? `（${item}）` : ''}`));
    }
    view.append(lines);
    if (screen === 0) view.append(...projectsAndLedger(village));
    if (village.more) view.append(el('p', 'meta', '本村发放较多，终端只存最近的部分；全部明细请在网站“民生资金公开”查看。'));
    const paging = el('p', 'funds-paging');
    if (screen > 0) paging.append(button('上一屏', () => openVillage(village, screen - 1, { show, back }), 'back'));
    if (screen + 1 < pages) paging.append(button('下一屏', () => openVillage(village, screen + 1, { show, back }), 'back'));
    view.append(paging, el('p', 'meta', '如对发放有疑问，请到乡镇便民服务中心反映，或在网站的“民生资金公开”页面点“我要监督”。'));
    show(view);
  }

  /**
   * A payment or a project in two rows: who or what, the money, the rest; then what it was for, across the screen
   * (a column of its own left a fund's name four lines deep at 1080 px in large type).
   */
  function twoLines(cells, whatFor) {
    const row = el('tr', 'payment');
    row.append(...cells);
    const what = el('tr', 'payment-what');
    const cell = el('td', '', whatFor);
    cell.colSpan = cells.length;
    what.append(cell);
    return [row, what];
  }

  /** The village's 民生项目 and its 村级财务 per period (收入, 支出, 结余), under its payments' first screen. */
  function projectsAndLedger(village) {
    const parts = [];
    if (village.projects && village.projects.length > 0) {
      const table = el('table', 'funds-table');
      table.dataset.table = 'projects';
      for (const [name, fund, amountFen, status, content] of village.projects) {
        table.append(...twoLines([el('td', '', name), el('td', 'num', `${yuan(amountFen)} 元`), el('td', 'num', status)], `${content}（${fund}）`));
      }
      parts.push(el('h2', '', '民生项目'), table);
    }
    if (village.ledger && village.ledger.length > 0) {
      const table = el('table', 'funds-table');
      table.dataset.table = 'ledger';
      const head = el('tr');
      for (const label of ['期间', '收入', '支出', '结余']) head.append(el('th', '', label));
      table.append(head);
      for (const [period, incomeFen, expenseFen] of village.ledger) {
        const row = el('tr');
        row.append(el('th', '', period), el('td', 'num', `${yuan(incomeFen)} 元`), el('td', 'num', `${yuan(expenseFen)} 元`), el('td', 'num', `${yuan(incomeFen - expenseFen)} 元`));
        table.append(row);
      }
      parts.push(el('h2', '', '村级财务'), table);
    }
    return parts;
  }

  return { isFunds, open };
})();
