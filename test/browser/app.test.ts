import { mkdirSync, writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dateIn } from '../../web/src/zoned.js';
import {
  type BrowserDemo,
  checkAxe,
  nav,
  OUT,
  PASSWORD,
  runBrowser,
  shot,
  startBrowserDemo,
  writeAxeReport,
} from '../helpers/browser.js';

/**
 * The staff web app in a real browser (Debian's Chromium through playwright-core), on the demo:
 * CECOT with 16,500 synthetic people and a Chilean remand centre. Every page is checked with axe.
 */
describe.runIf(runBrowser)('the web app in a real browser', () => {
  let demo: BrowserDemo;
  let browser: Browser;
  let url: string;
  let store: BrowserDemo['store'];
  const violations: Record<string, unknown[]> = {};

  beforeAll(async () => {
    demo = await startBrowserDemo(16_500);
    ({ browser, url, store } = demo);
    // the demo of 16,500 people takes one to three minutes beside another test file
  }, 600_000);
  afterAll(async () => {
    writeAxeReport('axe.json', violations);
    await demo?.close();
  });

  /** A new signed-out browser, in one language (axe needs its script in the page: CSP bypassed). */
  const open = async (locale: 'es-SV' | 'en-GB'): Promise<{ ctx: BrowserContext; page: Page }> => {
    const ctx = await browser.newContext({
      viewport: { width: 1400, height: 1000 },
      locale,
      bypassCSP: true,
    });
    const page = await ctx.newPage();
    await page.goto(url);
    return { ctx, page };
  };

  const signIn = async (page: Page, username: string, es = true) => {
    await page.getByLabel(es ? 'Usuario' : 'Username').fill(username);
    await page.getByLabel(es ? 'Contraseña' : 'Password').fill(PASSWORD);
    await page.getByRole('button', { name: es ? 'Iniciar sesión' : 'Sign in' }).click();
    await page.getByRole('button', { name: es ? 'Cerrar sesión' : 'Sign out' }).waitFor();
  };

  /** axe-core on the page as it is: no serious or critical violation. */
  const axe = (page: Page, name: string) => checkAxe(page, name, violations);

  it('signs in (a wrong password is refused in words), shows the CECOT dashboard, switches language', async () => {
    const { ctx, page } = await open('es-SV');
    await page.getByRole('button', { name: 'Iniciar sesión' }).waitFor();
    await axe(page, 'sign-in');
    await page.getByLabel('Usuario').fill('admin');
    await page.getByLabel('Contraseña').fill('wrong password');
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/Usuario o contraseña incorrectos/);
    await shot(page, 'sign-in-refused');
    await page.getByLabel('Contraseña').fill(PASSWORD);
    // the dashboard of the demo CECOT: from the click to all 256 cells drawn
    await page.evaluate("localStorage.setItem('custodia.facility', 'CECOT')");
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await expect.poll(() => page.getByTestId('cell').count(), { timeout: 30_000, interval: 20 }).toBe(256);
    const ms = Date.now() - t0;
    console.log(`dashboard of the demo CECOT rendered ${ms} ms after sign-in`);
    writeFileSync(`${OUT}/dashboard-timing.json`, JSON.stringify({ cells: 256, msAfterSignIn: ms }));
    await axe(page, 'dashboard');
    await shot(page, 'dashboard-cecot-es');
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.getByTestId('cell').count()).toBe(256);
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    await shot(page, 'dashboard-cecot-en');
    mkdirSync('docs/img', { recursive: true });
    await page.screenshot({ path: 'docs/img/dashboard-cecot.png' });
    // the choice is remembered, and the session survives a reload (an HttpOnly cookie)
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const cookie = (await ctx.cookies()).find((c) => c.name === 'custodia_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate('document.cookie')).not.toMatch(/custodia_session/);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await ctx.close();
  });

  it('runs under its strict Content-Security-Policy (nothing blocked)', async () => {
    // the other tests bypass the policy to inject axe; this one keeps it
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-GB' });
    const page = await ctx.newPage();
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) blocked.push(m.text());
    });
    page.on('pageerror', (e) => blocked.push(e.message));
    const res = await page.goto(url);
    expect(res!.headers()['content-security-policy']).toMatch(/script-src 'self'; style-src 'self';/);
    await page.evaluate("localStorage.setItem('custodia.facility', 'CECOT')");
    await signIn(page, 'governor', false);
    await expect.poll(() => page.getByTestId('cell').count(), { timeout: 30_000 }).toBe(256);
    // the colours are set through the DOM, which the policy allows
    const colour = (await page.evaluate(
      "getComputedStyle(document.querySelector('[data-testid=cell]')).backgroundColor",
    )) as string;
    expect(colour).toMatch(/^rgb\(/);
    expect(colour).not.toBe('rgba(0, 0, 0, 0)');
    expect(blocked).toEqual([]);
    await ctx.close();
  });

  it('shows the roll as it stood at a past moment, and a cell with its occupants and history', async () => {
    const { ctx, page } = await open('es-SV');
    await signIn(page, 'officer'); // CECOT only
    await page.getByTestId('cell').first().waitFor();
    await page.getByTestId('cell').first().click();
    await page.getByRole('heading', { level: 1, name: /Celda M1-C01/ }).waitFor();
    await page.getByTestId('occupants').waitFor();
    expect(await page.getByTestId('occupants').locator('tbody tr').count()).toBeGreaterThan(0);
    await axe(page, 'cell');
    await shot(page, 'cell');
    await nav(page, 'Recuento');
    await page.getByTestId('roll-table').waitFor();
    const live = await page.getByTestId('roll-total').textContent();
    await axe(page, 'roll');
    // a moment long past, in the facility's time zone: the roll then was not today's
    await page.getByTestId('roll-at-input').fill('2024-01-15T12:00');
    await page.getByRole('button', { name: 'Mostrar' }).click();
    await expect.poll(() => page.getByTestId('roll-at').textContent()).toMatch(/2024/);
    await expect.poll(() => page.getByTestId('roll-total').textContent()).not.toBe(live);
    await shot(page, 'roll-past');
    await ctx.close();
  });

  it('finds a person without their accents, opens the record, and moves them to another cell', async () => {
    const accented = await store.db
      .selectFrom('person as p')
      .innerJoin('custody as c', 'c.person_id', 'p.id')
      .select(['p.id', 'p.given_names', 'p.family_names'])
      .where('c.facility_code', '=', 'CECOT')
      .where('c.released_at', 'is', null)
      .where('p.family_names', '~', '[áéíóúñÁÉÍÓÚÑ]')
      .orderBy('p.id')
      .executeTakeFirstOrThrow();
    const fold = (x: string) =>
      x
        .normalize('NFD')
        .replace(/\p{Diacritic}/gu, '')
        .toLowerCase();
    const { ctx, page } = await open('es-SV');
    await signIn(page, 'admin');
    await nav(page, 'Personas');
    await page.getByLabel('Buscar').fill(fold(`${accented.given_names} ${accented.family_names}`));
    const link = page.locator(`[data-testid=person-link][href$="${accented.id}"]`);
    await link.waitFor({ timeout: 30_000 });
    await axe(page, 'people-search');
    await shot(page, 'people-search');
    await link.click();
    await page.getByTestId('person-record').waitFor();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toContain(accented.family_names);
    await page.getByTestId('timeline').waitFor();
    await axe(page, 'person-record');
    // to another cell of the same block (the same rivals and security level), those holding people of
    // the same category first; the housing rules may still refuse one (separation, a non-association,
    // a rival at cell scope): then the refusal is shown, in words, and the next is tried
    const cell = (await page.getByTestId('custody-cell').textContent())!.trim();
    const block = cell.split('-C')[0]!;
    const mine = await store.db
      .selectFrom('custody')
      .select(['status', 'young'])
      .where('person_id', '=', accented.id)
      .where('released_at', 'is', null)
      .executeTakeFirstOrThrow();
    const candidates = (
      await sql<{ code: string }>`select u.code from unit u join cell_occupancy o on o.unit_id = u.id
        where u.facility_code = 'CECOT' and u.kind = 'cell' and u.code like ${`${block}-C%`} and u.code <> ${cell}
          and o.occupants < u.operational
        -- cells already holding people of the same category first
        order by exists (select 1 from custody c where c.cell_id = u.id and c.released_at is null
          and c.status = ${mine.status} and c.young = ${mine.young}) desc, u.code`.execute(store.db)
    ).rows.map((r) => r.code);
    expect(candidates.length).toBeGreaterThan(0);
    let target = '';
    for (const candidate of candidates.slice(0, 10)) {
      await page.getByLabel('Celda de destino').fill(candidate);
      await page.getByLabel('Motivo del cambio de celda').fill('Redistribución del módulo');
      const [answer] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/moves')),
        page.getByRole('button', { name: 'Trasladar de celda', exact: true }).click(),
      ]);
      if (answer.ok()) {
        target = candidate;
        await page.getByTestId('move-result').filter({ hasText: /\S/ }).waitFor();
        break;
      }
      // refused: the reason is shown, in words
      await page.getByTestId('move-form').getByRole('alert').waitFor();
      console.log(
        `move to ${candidate} refused: ${await page.getByTestId('move-form').getByRole('alert').textContent()}`,
      );
    }
    expect(target, 'a move to one of the candidate cells succeeded').not.toBe('');
    await expect.poll(() => page.getByTestId('custody-cell').textContent()).toContain(target);
    await shot(page, 'person-moved');
    const stay = await store.db
      .selectFrom('custody as c')
      .innerJoin('unit as u', 'u.id', 'c.cell_id')
      .select('u.code')
      .where('c.person_id', '=', accented.id)
      .where('c.released_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(stay.code).toBe(target);
    await ctx.close();
  });

  it('admits one person into the suggested cell, and shows a refusal in words', async () => {
    const { ctx, page } = await open('es-SV');
    await page.evaluate("localStorage.setItem('custodia.facility', 'CDP-SUR')");
    await signIn(page, 'records');
    await nav(page, 'Ingreso');
    const form = page.getByTestId('admit-form');
    await form.waitFor();
    await axe(page, 'admit');
    const person = async (family: string) => {
      await page.getByLabel('Nombres').fill('Matías Ignacio');
      await page.getByLabel('Apellidos').fill(family);
      await page.getByLabel('Fecha de nacimiento').fill('1994-03-08');
      await page.getByLabel('Sexo').selectOption('male');
      await page.getByLabel('Situación procesal').selectOption('pretrial');
    };
    await person('Fuentealba Carrasco');
    await page.getByLabel('Tipo de base legal').selectOption('pretrial-detention-order');
    await page.getByLabel('Referencia').fill('RIT 4821-2026');
    await page.getByLabel('Emitida por').fill('Juzgado de Garantía de Puente Alto');
    await page.getByLabel('Emitida el').fill('2026-11-20T10:30');
    await page.getByRole('button', { name: 'Sugerir celda' }).click();
    await page.getByTestId('admit-suggestion').waitFor();
    const suggested = (await page.getByLabel('Celda (opcional)').inputValue()).trim();
    expect(suggested).toMatch(/^[A-D]-\d+$/);
    await page.getByRole('button', { name: 'Ingresar', exact: true }).click();
    await page.getByTestId('admit-result').waitFor();
    await shot(page, 'admitted');
    const admitted = await store.db
      .selectFrom('person as p')
      .innerJoin('custody as c', 'c.person_id', 'p.id')
      .innerJoin('unit as u', 'u.id', 'c.cell_id')
      .select(['u.code', 'c.facility_code'])
      .where('p.family_names', '=', 'Fuentealba Carrasco')
      .executeTakeFirstOrThrow();
    expect(admitted).toEqual({ code: suggested, facility_code: 'CDP-SUR' });
    // no legal basis: the server's refusal, in Spanish, in words
    await page.getByRole('button', { name: 'Vaciar formulario' }).click();
    await person('Sin Orden Judicial');
    await page.getByRole('button', { name: 'Ingresar', exact: true }).click();
    const refusal = page.locator('[data-rule=legal-basis-required]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/base legal/i);
    await axe(page, 'admit-refused');
    await shot(page, 'admission-refused');
    expect(
      await store.db
        .selectFrom('person')
        .select('id')
        .where('family_names', '=', 'Sin Orden Judicial')
        .execute(),
    ).toEqual([]);
    // bulk admission from a CSV file: a preview, then all at once
    await page.getByRole('link', { name: 'Ingreso masivo (CSV)' }).click();
    await page.getByTestId('csv-file').waitFor();
    await axe(page, 'admit-bulk');
    const header =
      'givenNames,familyNames,dateOfBirth,sex,nationalId,legalBasisKind,legalBasisReference,legalBasisIssuedBy,legalBasisIssuedAt,status,securityLevel,groups';
    const rows = [1, 2, 3].map(
      (i) =>
        `Tomás,Lagos Vidal ${i},199${i}-02-1${i},male,,pretrial-detention-order,RIT ${900 + i}-2026,Juzgado de Garantía de San Bernardo,2026-11-2${i} 09:00,pretrial,medium,`,
    );
    await page.getByTestId('csv-file').setInputFiles({
      name: 'ingresos.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from([header, ...rows].join('\n')),
    });
    await page.getByTestId('csv-preview').waitFor();
    expect(await page.getByTestId('csv-preview').locator('tbody tr').count()).toBe(3);
    await shot(page, 'bulk-preview');
    await page.getByRole('button', { name: 'Ingresar a todos' }).click();
    await page.getByTestId('csv-result').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('csv-result').textContent()).toMatch(/3/);
    const bulk = await store.db
      .selectFrom('person')
      .select('family_names')
      .where('family_names', 'like', 'Lagos Vidal %')
      .execute();
    expect(bulk).toHaveLength(3);
    await ctx.close();
  });

  it('records a sentence on a person’s record, explains the dates, and lists the release as due', async () => {
    const { ctx, page } = await open('es-SV');
    await page.evaluate("localStorage.setItem('custodia.facility', 'CDP-SUR')");
    await signIn(page, 'records');
    // a person of our own, admitted today through the API (in the page's session, with its CSRF token)
    const santiago = 'America/Santiago';
    const today = dateIn(Date.now(), santiago);
    const body = {
      facility: 'CDP-SUR',
      person: {
        givenNames: 'Benjamín',
        familyNames: 'Quiroga Letelier',
        dateOfBirth: '1988-11-02',
        sex: 'male',
      },
      legalBasis: {
        kind: 'pretrial-detention-order',
        reference: 'RIT 7311-2026',
        issuedBy: 'Juzgado de Garantía de San Miguel',
        issuedAt: new Date(Date.now() - 86_400_000).toISOString(),
      },
      status: 'pretrial',
    };
    const admitted = (await page.evaluate(
      `fetch('/api/v1/admissions', { method: 'POST', headers: { 'content-type': 'application/json',
        'x-csrf-token': sessionStorage.getItem('custodia.csrf') }, body: ${JSON.stringify(JSON.stringify(body))} })
        .then(async (r) => ({ status: r.status, body: await r.json() }))`,
    )) as { status: number; body: { personId: string } };
    expect(admitted.status, JSON.stringify(admitted.body)).toBe(201);
    const personId = admitted.body.personId;
    await page.evaluate(`location.hash = '#/people/${personId}'`);
    await page.getByTestId('no-sentence').waitFor();
    const form = page.getByTestId('sentence-form');
    // a judgment dated after today: refused, in words, the field named and marked
    const tomorrow = addDays(today, 1)!;
    await form.getByLabel('Causa (RIT/RUC)').fill('RIT 7311-2026');
    await form.getByLabel('Tribunal').fill('Tribunal de Juicio Oral en lo Penal de San Miguel');
    await form.getByLabel('Fecha de la sentencia').fill(tomorrow);
    await form.getByLabel('Días').fill('5');
    await form.getByRole('button', { name: 'Registrar condena' }).click();
    const refusal = form.locator('[data-rule=sentence-in-future]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/^Fecha de la sentencia: .*después de hoy/);
    expect(await form.getByLabel('Fecha de la sentencia').getAttribute('aria-invalid')).toBe('true');
    // imposed yesterday, five days: released on the fourth day from today (no pretrial day to credit)
    const imposed = addDays(today, -1)!;
    await form.getByLabel('Fecha de la sentencia').fill(imposed);
    await form.getByRole('button', { name: 'Registrar condena' }).click();
    await page
      .getByTestId('sentence-result')
      .filter({ hasText: /registrada/ })
      .waitFor();
    const release = addDays(imposed, 5)!;
    await page.getByTestId('release-steps').waitFor();
    await expect.poll(() => page.getByTestId('release-steps').textContent()).toContain(release);
    expect(await page.getByTestId('release-date').textContent()).not.toBe('—');
    expect(await page.getByTestId('parole-date').textContent()).toBe('—');
    const rules = await page
      .getByTestId('release-steps')
      .locator('li')
      .evaluateAll((li) => li.map((x) => x.getAttribute('data-rule')));
    expect(rules).toEqual(
      expect.arrayContaining(['sentence-length', 'release-date', 'cl-dl321-2-threshold']),
    );
    expect(await page.getByTestId('sentences').textContent()).toMatch(/RIT 7311-2026.*5 días/);
    // a day of reduction, granted today: the release a day earlier, and both events on the timeline
    const reduction = page.getByTestId('reduction-form');
    await reduction.getByLabel('Días de rebaja').fill('1');
    await reduction.getByLabel('Concedida el').fill(today);
    await reduction.getByLabel('Referencia (decreto)').fill('Decreto 19.856/2026');
    await reduction.getByRole('button', { name: 'Registrar rebaja' }).click();
    await page
      .getByTestId('reduction-result')
      .filter({ hasText: /registrada/ })
      .waitFor();
    const earlier = addDays(release, -1)!;
    await expect.poll(() => page.getByTestId('release-steps').textContent()).toContain(earlier);
    await expect
      .poll(() => page.locator('[data-testid=timeline] tr[data-kind="sentence.imposed"]').textContent())
      .toMatch(/Condena impuesta.*RIT 7311-2026.*5 días/);
    await page.locator('[data-testid=timeline] tr[data-kind="sentence.reduced"]').waitFor();
    // in English: the page at once; the steps (a read the access log records) when asked again
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('heading', { name: 'Sentence and release dates' }).waitFor();
    expect(await page.getByTestId('sentences').textContent()).toMatch(/5 days/);
    await page.getByRole('button', { name: 'Load it again' }).click();
    await expect.poll(() => page.getByTestId('release-steps').textContent()).toMatch(/release on/);
    expect(await page.getByRole('button', { name: 'Load it again' }).count()).toBe(0);
    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('heading', { name: 'Condena y fechas de libertad' }).waitFor();
    await axe(page, 'person-sentence');
    await shot(page, 'person-sentence');
    // the releases due of CDP-SUR: today and the next 7 days by default
    await nav(page, 'Libertades próximas');
    const due = page.locator(`[data-testid=release-person][href$="${personId}"]`);
    await due.waitFor();
    expect(await page.locator(`tr[data-person="${personId}"]`).textContent()).toMatch(/RIT 7311-2026/);
    await axe(page, 'releases-due');
    await shot(page, 'releases-due');
    // a range after it: not listed
    await page.getByTestId('releases-from').fill(addDays(today, 10)!);
    await page.getByTestId('releases-to').fill(addDays(today, 20)!);
    await page.getByRole('button', { name: 'Mostrar' }).click();
    await expect.poll(() => due.count()).toBe(0);
    // a range that ends before it starts: the server's refusal, the field named
    await page.getByTestId('releases-to').fill(addDays(today, 5)!);
    await page.getByRole('button', { name: 'Mostrar' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Hasta:/);
    // back to the next 7 days, and from the list to the record
    await page.getByRole('button', { name: 'Próximos 7 días' }).click();
    await due.click();
    await page.getByTestId('person-record').waitFor();
    await ctx.close();
  });

  it('shows the compliance report with a second profile side by side', async () => {
    const { ctx, page } = await open('en-GB');
    await signIn(page, 'inspector', false);
    await page.getByLabel('Facility').selectOption('CECOT');
    await nav(page, 'Compliance');
    await page.getByTestId('compliance-summary').waitFor();
    const rules = await page.getByTestId('compliance-summary').locator('tbody th').allTextContents();
    expect(rules).toEqual(expect.arrayContaining(['mandela-13', 'mandela-23', 'mandela-43']));
    await page.getByLabel('Compare with').selectOption('cl');
    await page.getByTestId('compliance-comparison').waitFor();
    await axe(page, 'compliance');
    await shot(page, 'compliance-cecot');
    await ctx.close();
  });

  it('shows inspectors the register’s verification and the access log', async () => {
    const { ctx, page } = await open('es-SV');
    await signIn(page, 'inspector');
    // a read of a person's file, which the access log must show
    const someone = await store.db.selectFrom('person').select('id').limit(1).executeTakeFirstOrThrow();
    expect(await page.evaluate(`fetch('/api/v1/people/${someone.id}').then((r) => r.status)`)).toBe(200);
    // the verification held half way (its progress as the server tells it, still running): a
    // progress bar named in words, accessible; then let go, it ends with the result
    let hold = true;
    await page.route('**/api/v1/audit/verifications/*', async (route) => {
      const response = await route.fetch();
      const job = await response.json();
      const half = {
        ...job,
        state: 'running',
        checked: Math.floor(job.total / 2),
        finishedAt: null,
        result: null,
      };
      await route.fulfill({ response, json: hold ? half : job });
    });
    await nav(page, 'Auditoría');
    const bar = page.getByRole('progressbar', { name: /Verificando: [\d.,\s]+ de [\d.,\s]+ eventos/ });
    await bar.waitFor();
    // the first answer (the start) may show none checked yet; the held one shows half
    await expect.poll(async () => Number(await bar.getAttribute('value'))).toBeGreaterThan(0);
    await axe(page, 'audit-verifying');
    hold = false;
    await expect.poll(() => page.getByTestId('verify-result').textContent()).toMatch(/La cadena verifica/);
    expect(await bar.count()).toBe(0);
    await page.getByTestId('access-log').waitFor();
    expect(await page.getByTestId('access-log').textContent()).toMatch(/inspector.*leyó el expediente/);
    await axe(page, 'audit');
    await shot(page, 'audit');
    await ctx.close();
  });

  it('projects El Salvador’s state of exception across workers (progress, cancel), with a chart and a summary in words', async () => {
    const { ctx, page } = await open('es-SV');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, 'admin');
    await nav(page, 'Proyección');
    const scenario = page.getByLabel('Escenario');
    await expect.poll(() => scenario.locator('option').count()).toBeGreaterThanOrEqual(3);
    await scenario.selectOption('el-salvador-2022');
    // a long projection: runs done of total in a progress bar, split across the workers, and a cancel
    await page.getByLabel('Meses a proyectar').fill('600');
    await page.getByLabel('Corridas').fill('200');
    await page.getByRole('button', { name: 'Proyectar' }).click();
    const bar = page.getByRole('progressbar');
    await bar.waitFor();
    expect(await bar.getAttribute('aria-valuemax')).toBe('200');
    expect(await bar.getAttribute('aria-valuemin')).toBe('0');
    expect(Number(await bar.getAttribute('aria-valuenow'))).toBeLessThan(200);
    expect(await page.getByTestId('projection-progress').textContent()).toMatch(
      /Corridas terminadas: \d+ de 200, en \d+ hilos? de cálculo/,
    );
    await expect
      .poll(() => bar.getAttribute('aria-valuenow').then(Number), { timeout: 60_000 })
      .toBeGreaterThan(0);
    await axe(page, 'projection-progress');
    await page.getByRole('button', { name: 'Cancelar' }).click();
    await page.getByText('Proyección cancelada.').waitFor();
    expect(await bar.count()).toBe(0);
    expect(await page.getByTestId('projection-chart').count()).toBe(0);
    // the study itself: 34 months, 20 runs
    await page.getByLabel('Meses a proyectar').fill('34');
    await page.getByLabel('Corridas').fill('20');
    await page.getByRole('button', { name: 'Proyectar' }).click();
    await page.getByTestId('projection-chart').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('progressbar').count()).toBe(0);
    expect(await page.getByTestId('projection-summary').textContent()).toMatch(
      /La mediana supera la capacidad en 2022-\d\d\..*Plazas necesarias/,
    );
    await page.getByText('Tabla por mes').click();
    expect(await page.getByTestId('projection-table').locator('tbody tr').count()).toBe(34);
    expect(errors).toEqual([]);
    await axe(page, 'projection');
    await shot(page, 'projection-el-salvador');
    await ctx.close();
  });

  it('backtests the projection on England and Wales (chart, table, summary in words), and names a bad line of a file', async () => {
    const { ctx, page } = await open('en-GB');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, 'admin', false);
    await nav(page, 'Projection');
    await page.getByRole('link', { name: 'Backtest against real series' }).click();
    const series = page.getByLabel('Series');
    await expect.poll(() => series.locator('option').count()).toBeGreaterThanOrEqual(4);
    await series.selectOption('england-wales');
    await page.getByLabel('Horizon (months, 1 to 36)').fill('12');
    await page.getByLabel('Runs per origin (1 to 200)').fill('20');
    await page.getByRole('button', { name: 'Run the backtest' }).click();
    await page.getByTestId('backtest-chart').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('backtest-chart').locator('path.recharts-curve').count()).toBeGreaterThan(
      84,
    );
    expect(await page.getByTestId('backtest-table').locator('tbody tr').count()).toBe(84);
    const summary = page.getByTestId('backtest-summary');
    expect(await summary.textContent()).toMatch(/MAPE \d+\.\d % .* persistence 3\.0 %/);
    expect(await summary.textContent()).toMatch(/The model (beat|did not beat|tied with) persistence/);
    // another origin, from the table: its row and band highlighted
    await page.getByTestId('backtest-table').getByRole('button', { name: '2017-01' }).click();
    expect(await page.getByLabel('Origin highlighted in the chart').inputValue()).toBe('1');
    // for the docs: the page from its top to the chart's legend
    await page.evaluate('window.scrollTo(0, 0)');
    const figure = await page.locator('figure').boundingBox();
    await page.screenshot({
      path: 'docs/img/backtest-england-wales.png',
      fullPage: true,
      clip: { x: 0, y: 0, width: 1400, height: Math.ceil(figure!.y + figure!.height + 10) },
    });
    await page.getByLabel('Language').selectOption('es');
    await expect.poll(() => summary.textContent()).toMatch(/MAPE \d+,\d % · persistencia 3,0 % · deriva/);
    expect(await summary.textContent()).toMatch(/El modelo (superó|no superó|empató)/);
    await axe(page, 'backtest');
    await shot(page, 'backtest-england-wales');
    // a file of one's own with a bad month: refused, the line named
    await page.getByLabel('Serie').selectOption('file');
    await page.getByLabel(/Archivo CSV/).setInputFiles({
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('month,population\n2020-01,100\n2020-13,120\n'),
    });
    await page.getByRole('button', { name: 'Contrastar' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/Línea 3: «2020-13» no es un mes AAAA-MM/);
    await axe(page, 'backtest-refused');
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
