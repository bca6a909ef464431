import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import { loadDemo } from '../../src/demo/load.js';
import { freshStore } from '../helpers/store.js';

const CHROMIUM = '/usr/bin/chromium';
// CI installs Chromium (.ci/run); elsewhere the browser tests run when it is there
const haveBrowser = existsSync(CHROMIUM) || process.env.CI === 'true';

describe.runIf(haveBrowser)('the web page in a real browser', () => {
  let browser: Browser;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const store = await freshStore();
    await loadDemo(store, { people: 16_500 });
    const app = await buildServer(store);
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    close = async () => {
      await browser.close();
      await app.close();
      await store.drop();
    };
  });
  afterAll(() => close?.());

  it('signs in, switches language and shows every CECOT cell', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'es-SV' });
    await page.goto(url);
    await expect.poll(() => page.getByRole('button', { name: 'Iniciar sesión' }).count()).toBe(1);
    await page.getByLabel('Usuario').fill('admin');
    await page.getByLabel('Contraseña').fill('wrong password');
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('No se pudo iniciar sesión.');
    await page.getByLabel('Contraseña').fill('custodia-demo');
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.waitForSelector('.cell');
    expect(await page.locator('.cell').count()).toBe(120); // CDP-SUR comes first
    await page.selectOption('#fac', 'CECOT');
    await expect.poll(() => page.locator('.cell').count()).toBe(256);
    expect(await page.locator('.block h3').count()).toBe(8);
    await expect
      .poll(() => page.locator('.card').first().textContent())
      .toMatch(/Bajo custodia\s*16[.,\s]?\d{3}/);
    await page.selectOption('#lang', 'en');
    await page.waitForSelector('text=In custody');
    expect(await page.locator('#fac').inputValue()).toBe('CECOT');
    expect(await page.locator('.cell').count()).toBe(256);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/roll-cecot.png', fullPage: true });
    // the session is an HttpOnly cookie: scripts cannot read it, a reload keeps it, sign-out ends it
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'custodia_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
    expect(await page.evaluate('document.cookie')).not.toMatch(/custodia_session/);
    await page.reload();
    await expect.poll(() => page.locator('.cell').count()).toBeGreaterThan(0);
    await page.locator('#logout').click();
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).count()).toBe(1);
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).count()).toBe(1);
  });
});
