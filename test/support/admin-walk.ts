import type { Page } from 'playwright-core';
import { INTERPRETATION } from './strapi-api';

/**
 * Opens an admin address as a click in the admin does: through the app's router, without reloading. A reload parses
 * Strapi's admin bundle again (2–3 s a screen here); a page not yet in the admin is loaded.
 */
export async function openInAdmin(page: Page, url: string): Promise<void> {
  const target = new URL(url);
  const here = new URL(page.url());
  if (here.origin !== target.origin || !here.pathname.startsWith('/admin') || here.pathname.startsWith('/admin/auth')) {
    await page.goto(url);
    return;
  }
  await page.evaluate((to) => {
    window.history.pushState({ usr: null, key: Math.random().toString(36).slice(2, 10), idx: (window.history.state?.idx ?? 0) + 1 }, '', to);
    window.dispatchEvent(new PopStateEvent('popstate', { state: window.history.state }));
  }, target.pathname + target.search);
}

/**
 * The screens every author uses, walked after logging in (issue 18, as each role, in
 * test/publisher/full-preview.test.ts): the interpretations' list and its filters, an edit view
 * and its tag picker, a new entry (its address suggested in pinyin), the media library, their
 * profile. `look(where)` checks a screen; what goes wrong on the way is added to `found`.
 */
export async function walkAuthorScreens(page: Page, cmsUrl: string, look: (where: string) => Promise<void>, found: Record<string, string[]>, shot: (name: string) => Promise<void>): Promise<void> {
  await openInAdmin(page, `${cmsUrl}/admin/content-manager/collection-types/${INTERPRETATION}`);
  await page.locator('tbody tr').first().waitFor({ timeout: 30_000 });
  await look('list');
  await page.getByRole('button', { name: '筛选' }).click();
  await page.getByRole('dialog').waitFor({ timeout: 10_000 });
  await look('filters');
  // Every field the filter offers, then 审核阶段's values: labels, not codes.
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox').first().click();
  await page.getByRole('option').first().waitFor({ timeout: 10_000 });
  await look('filter-fields');
  await page.getByRole('option', { name: '审核阶段' }).click();
  await dialog.getByRole('combobox').nth(2).click();
  await page.getByRole('option', { name: '办公室签发' }).waitFor({ timeout: 10_000 });
  await look('filter-values');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');

  await page.locator('tbody tr').first().click();
  await page.locator('input[name="title"]').waitFor({ timeout: 30_000 });
  await look('edit');
  // The tag picker names each tag's dimension, and typing a dimension narrows it to its tags.
  const tags = page.getByRole('combobox', { name: '标签' });
  if (await tags.isEnabled().catch(() => false)) {
    await tags.scrollIntoViewIfNeeded();
    await tags.click();
    await tags.fill('行业');
    // the search goes to the server 300 ms after typing stops
    await page.getByRole('option', { name: /行业 · / }).first().waitFor({ timeout: 15_000 }).catch(() => undefined);
    const options = (await page.getByRole('option').allTextContents()).filter((o) => o !== '新建关联条目');
    if (options.length === 0 || !options.every((o) => o.includes('行业 · '))) found.tags = options;
    if (found.tags || process.env.TONGYUAN_SCREENSHOTS) await shot('tags');
    await page.keyboard.press('Escape');
  }

  await openInAdmin(page, `${cmsUrl}/admin/content-manager/collection-types/${INTERPRETATION}/create`);
  const title = page.locator('input[name="title"]');
  await title.waitFor({ timeout: 30_000 }).catch(() => undefined);
  // A role that may not create entries sees the form with every field disabled (无权查看此字段).
  if (await title.isEditable().catch(() => false)) {
    // A new entry's address is suggested when it opens; 重新生成 writes the title in pinyin.
    await title.fill('莒县城乡居民医保缴费提醒');
    await page.getByRole('button', { name: '重新生成' }).click();
    const slug = page.locator('input[name="slug"]');
    await page.waitForFunction(() => (document.querySelector('input[name="slug"]') as HTMLInputElement)?.value.startsWith('juxian'), undefined, { timeout: 15_000 }).catch(() => undefined);
    if (!(await slug.inputValue()).startsWith('juxian-chengxiangjumin-yibao-jiaofei')) found.slug = [`网址名 ${await slug.inputValue()}`];
  }
  await look('create');

  // Loaded, not routed: the new entry has unsaved changes, and the admin holds a routed navigation at its 'leave?' prompt.
  await page.goto(`${cmsUrl}/admin/plugins/upload`);
  await page.waitForTimeout(1000);
  await look('media');

  await openInAdmin(page, `${cmsUrl}/admin/me`);
  await page.locator('input[name="email"]').waitFor({ timeout: 30_000 });
  await look('profile');
}
