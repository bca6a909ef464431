import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import { WEB_ROOT } from '../../src/api/web.js';
import { loadDemo } from '../../src/demo/load.js';
import type { Store } from '../../src/store/db.js';
import { freshStore, onPostgres } from './store.js';

/**
 * What the browser tests share (test/browser/): Debian's Chromium through playwright-core, the demo
 * served on a free port, sign-in, and axe-core on a page.
 */

export const CHROMIUM = '/usr/bin/chromium';
/** CI installs Chromium (.ci/run); elsewhere the browser tests run when it is there. */
export const haveBrowser = existsSync(CHROMIUM) || process.env.CI === 'true';
/**
 * The browser tests run on the PGlite run only: a page sees the database only through the API, whose
 * answers the API tests check on both databases, and the four browser files are about four minutes of
 * the PostgreSQL run, which CI's 30 minutes cannot spare on a 2-core machine.
 */
export const runBrowser = haveBrowser && !onPostgres;
export const OUT = 'test-results';

/**
 * Writes what axe found on a file's pages to OUT/`file`: at the end of the file's tests, also when its
 * set-up failed before OUT was made.
 */
export function writeAxeReport(file: string, violations: Record<string, unknown[]>): void {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(`${OUT}/${file}`, JSON.stringify(violations, null, 2));
}
export const PASSWORD = 'custodia-demo';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface BrowserDemo {
  browser: Browser;
  url: string;
  store: Store & { drop(): Promise<void> };
  close(): Promise<void>;
}

/** A fresh database with the demo of `people`, the server on a free port, and Chromium. */
export async function startBrowserDemo(people: number): Promise<BrowserDemo> {
  expect(existsSync(`${WEB_ROOT}/index.html`), 'the web app is built (npm run build)').toBe(true);
  const store = await freshStore();
  await loadDemo(store, { people });
  const app = await buildServer(store);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  mkdirSync(OUT, { recursive: true });
  return {
    browser,
    url,
    store,
    close: async () => {
      await browser.close();
      await app.close();
      await store.drop();
    },
  };
}

/**
 * A browser signed in as `username` (the demo's password), in one language, on one facility (axe
 * needs its script in the page: CSP bypassed).
 */
export async function signedIn(
  demo: BrowserDemo,
  locale: 'es-SV' | 'en-GB',
  facility: string,
  username = 'admin',
) {
  const ctx = await demo.browser.newContext({
    viewport: { width: 1400, height: 1000 },
    locale,
    bypassCSP: true,
  });
  const page = await ctx.newPage();
  await page.goto(demo.url);
  await page.evaluate(`localStorage.setItem('custodia.facility', '${facility}')`);
  const es = locale === 'es-SV';
  await page.getByLabel(es ? 'Usuario' : 'Username').fill(username);
  await page.getByLabel(es ? 'Contraseña' : 'Password').fill(PASSWORD);
  await page.getByRole('button', { name: es ? 'Iniciar sesión' : 'Sign in' }).click();
  await page.getByRole('button', { name: es ? 'Cerrar sesión' : 'Sign out' }).waitFor();
  return { ctx, page };
}

/** axe-core on the page as it is, kept in `found` under `name`: no serious or critical violation. */
export async function checkAxe(page: Page, name: string, found: Record<string, unknown[]>) {
  await page.addScriptTag({ path: AXE });
  const list = (await page.evaluate(
    "axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) })))",
  )) as { id: string; impact: string }[];
  found[name] = list;
  const serious = list.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${name}: ${JSON.stringify(serious, null, 1)}`).toEqual([]);
}

/** A page of the header's navigation (cell links elsewhere may share words with it). */
export const nav = (page: Page, name: string) =>
  page.locator('header nav').getByRole('link', { name, exact: true }).click();

/** A full-page screenshot in test-results/. */
export const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true });

/** The page in English (the header's switch), checked again with axe and photographed. */
export async function inEnglish(page: Page, heading: RegExp, name: string, found: Record<string, unknown[]>) {
  await page.getByLabel('Idioma').selectOption('en');
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await checkAxe(page, `${name}-en`, found);
  await shot(page, `${name}-en`);
}
