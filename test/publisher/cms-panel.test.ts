import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { ADMIN, TEST_HOOK_SECRET } from '../support/cms';
import { startStack, waitForLive, type Stack } from '../support/stack';
import { adminLogin, contentManager, INTERPRETATION } from '../support/strapi-api';

/**
 * Authors see each channel's state at the publisher on the edit view (发布状态 panel), through a
 * CMS admin route that asks the publisher with the shared secret.
 */
let stack: Stack;
let browser: Browser;
let documentId: string;

beforeAll(async () => {
  stack = await startStack({ cmsEnv: { CMS_SERVE_ADMIN: 'true' } });
  const cm = contentManager(stack.cms.url, await adminLogin(stack.cms.url, ADMIN.email, ADMIN.password));
  const { body } = await cm.list(INTERPRETATION, 'page=1&pageSize=100');
  documentId = body.results.find((d: { slug: string }) => d.slug === 'jx-public-rental-housing').documentId;
  const token = await stack.token(['create', '--name', 'panel', '--channels', 'web,feeds']);
  await waitForLive(stack, token, documentId, 'web', undefined, 60_000);
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

it('lists each target channel\'s findings on the draft, with what to fix', async () => {
  const cm = contentManager(stack.cms.url, await adminLogin(stack.cms.url, ADMIN.email, ADMIN.password));
  const { body } = await cm.list(INTERPRETATION, 'page=1&pageSize=100');
  const long = body.results.find((d: { slug: string }) => d.slug === 'jx-high-quality-development');
  const response = await fetch(`${stack.url}/hooks/preflight/interpretation/${long.documentId}`, { headers: { 'x-tongyuan-hook-secret': TEST_HOOK_SECRET } });
  const { findings } = (await response.json()) as { findings: Array<{ channel: string; level: string; message: string }> };
  expect(findings).toContainEqual(expect.objectContaining({ channel: 'wechat', level: 'warning', message: expect.stringContaining('超过 64 字') }));
  expect((await fetch(`${stack.url}/hooks/preflight/interpretation/${long.documentId}`)).status).toBe(401);
  expect((await fetch(`${stack.cms.url}/tongyuan/preflight/interpretation/${long.documentId}`)).status).toBe(401);
});

it('refuses the status route without an admin login, and the publisher refuses it without the secret', async () => {
  expect((await fetch(`${stack.cms.url}/tongyuan/publication/${documentId}`)).status).toBe(401);
  expect((await fetch(`${stack.url}/hooks/publication/${documentId}`)).status).toBe(401);
});

it('shows 发布状态 with each channel live on the interpretation edit view', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(`${stack.cms.url}/admin/auth/login`);
  await page.fill('input[name="email"]', ADMIN.email);
  await page.fill('input[name="password"]', ADMIN.password);
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/admin(\/)?$/, { timeout: 60_000 });
  await page.goto(`${stack.cms.url}/admin/content-manager/collection-types/${INTERPRETATION}/${documentId}`);
  const panel = page.getByTestId('publication-status');
  await panel.waitFor({ timeout: 60_000 });
  await page.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-cms-panel.png') });
  await expect(page.getByText('发布状态').first().isVisible()).resolves.toBe(true);
  await expect(panel.locator('[data-channel="web"]').textContent()).resolves.toContain('已上线');
  await expect(panel.locator('[data-channel="web"]').textContent()).resolves.toContain('门户网站');
  await expect(panel.locator('[data-channel="feeds"]').textContent()).resolves.toContain('订阅源已上线');
  await expect(page.getByTestId('preflight').textContent()).resolves.toContain('发布前检查');
}, 120_000);
