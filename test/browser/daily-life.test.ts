import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dateIn } from '../../web/src/zoned.js';
import {
  type BrowserDemo,
  checkAxe,
  inEnglish,
  nav,
  runBrowser,
  shot,
  signedIn,
  startBrowserDemo,
  writeAxeReport,
} from '../helpers/browser.js';

/**
 * The pages of daily life (visits, open air and time out of cell, activities) in a real browser
 * (Debian's Chromium through playwright-core), on the demo; every page checked with axe in both languages.
 */
describe.runIf(runBrowser)('the daily-life pages in a real browser', () => {
  let demo: BrowserDemo;
  let store: BrowserDemo['store'];
  const violations: Record<string, unknown[]> = {};

  beforeAll(async () => {
    demo = await startBrowserDemo(2_000);
    ({ store } = demo);
  });
  afterAll(async () => {
    writeAxeReport('axe-daily-life.json', violations);
    await demo?.close();
  });

  /** A signed-in browser (admin: every role the pages write with, unless told), in one language, on one facility. */
  const open = (locale: 'es-SV' | 'en-GB', facility: string, username = 'admin') =>
    signedIn(demo, locale, facility, username);

  /** axe-core on the page as it is: no serious or critical violation. */
  const axe = (page: Page, name: string) => checkAxe(page, name, violations);

  /** The page in English (the header's switch), checked again. */
  const english = (page: Page, heading: RegExp, name: string) => inEnglish(page, heading, name, violations);

  /** People held now in a facility, with what the picker finds them by. */
  const held = (facility: string, n: number) =>
    store.db
      .selectFrom('custody as c')
      .innerJoin('person as p', 'p.id', 'c.person_id')
      .select(['p.id', 'p.given_names', 'p.family_names', 'p.national_id'])
      .where('c.facility_code', '=', facility)
      .where('c.released_at', 'is', null)
      .where('p.national_id', 'is not', null)
      .orderBy('c.admitted_at', 'desc')
      .limit(n)
      .execute();

  /** Chooses a person in a picker by their national id (one match). */
  const pick = async (page: Page, testId: string, nationalId: string) => {
    await page.getByTestId(testId).fill(nationalId);
    await page.getByTestId(`${testId}-option`).first().click();
    await page.getByTestId(`${testId}-chosen`).waitFor();
  };

  it('books a visit (a refusal first, in words), lists it for the day and records its outcome', async () => {
    const { ctx, page } = await open('es-SV', 'CDP-SUR');
    const [person] = await held('CDP-SUR', 1);
    const f = await store.db
      .selectFrom('facility')
      .select('timezone')
      .where('code', '=', 'CDP-SUR')
      .executeTakeFirstOrThrow();
    const tomorrow = addDays(dateIn(Date.now(), f.timezone), 1)!;
    await nav(page, 'Visitas');
    await page.getByRole('heading', { level: 1, name: /^Visitas — / }).waitFor();
    await page.getByTestId('book-visit').waitFor();
    await axe(page, 'visits-es');
    await pick(page, 'visit-person', person!.national_id!);
    // a visitor registered, then enrolled for the person as their lawyer
    const register = page.getByTestId('register-visitor');
    await register.getByLabel('Nombres del visitante').fill('Javiera Paz');
    await register.getByLabel('Apellidos del visitante').fill('Rojas Saavedra');
    await register.getByLabel('Documento de identidad').fill('15.482.337-2');
    await register.getByRole('button', { name: 'Registrar' }).click();
    await expect.poll(() => page.getByTestId('register-visitor-result').textContent()).toMatch(/registrad/);
    const enrol = page.getByTestId('enrol-visitor');
    await enrol.getByTestId('enrol-visitor-chosen').waitFor();
    await enrol.getByLabel('Parentesco o relación').fill('Abogada defensora');
    await enrol.getByLabel('Tipo de visitante').selectOption('legal');
    await enrol.getByRole('button', { name: 'Inscribir' }).click();
    await expect.poll(() => page.getByTestId('enrol-visitor-result').textContent()).toMatch(/puede visitar/);
    // the lawyer among the person's visitors: a family visit with a lawyer only is refused (409), in words
    const book = page.getByTestId('book-visit');
    await book.getByRole('checkbox', { name: /Rojas Saavedra/ }).check();
    await book.getByLabel('Tipo de visita').selectOption('family');
    await book.getByTestId('visit-starts').fill(`${tomorrow}T10:00`);
    await book.getByTestId('visit-ends').fill(`${tomorrow}T11:00`);
    await book.getByRole('button', { name: 'Reservar' }).click();
    const refused = book.locator('[data-rule=visitor-legal-only]');
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/^Visitantes: /);
    await axe(page, 'visits-refused');
    await shot(page, 'visit-refused');
    expect(
      await store.db
        .selectFrom('visit')
        .select('id')
        .where('person_id', '=', person!.id)
        .where('kind', '=', 'legal')
        .execute(),
    ).toEqual([]);
    // a legal visit: booked, and listed for its day
    await book.getByLabel('Tipo de visita').selectOption('legal');
    await book.getByRole('button', { name: 'Reservar' }).click();
    await expect.poll(() => page.getByTestId('book-visit-result').textContent()).toMatch(/reservada/);
    expect(await page.getByTestId('visits-date').inputValue()).toBe(tomorrow);
    const row = page.getByTestId('visit-row').filter({ hasText: person!.family_names });
    await row.filter({ hasText: 'Rojas Saavedra' }).waitFor();
    expect(await row.getByTestId('visit-status').textContent()).toBe('Reservada');
    expect(await row.locator('td').first().textContent()).toBe('10:00–11:00');
    // the lawyer could not come: cancelled, with the reason
    await row.getByLabel(/^Motivo/).fill('Audiencia reprogramada');
    await row.getByRole('button', { name: 'Cancelada' }).click();
    await expect
      .poll(() => row.getByTestId('visit-status').textContent())
      .toBe('Cancelada — Audiencia reprogramada');
    await shot(page, 'visits-es');
    await english(page, /^Visits — /, 'visits');
    expect(await row.getByTestId('visit-status').textContent()).toMatch(/^Cancelled/);
    // the person's timeline says it in words
    await row.getByRole('link', { name: new RegExp(person!.family_names) }).click();
    const timeline = page.getByTestId('timeline');
    await timeline.locator('tr[data-kind="visit.booked"]').getByText('Visit booked').waitFor();
    expect(await timeline.locator('tr[data-kind="visit.booked"]').textContent()).toMatch(
      /Legal visit from .*one visitor/,
    );
    expect(await timeline.locator('tr[data-kind="visit.outcome-recorded"]').textContent()).toMatch(
      /Visit outcome.*Cancelled · Reason: Audiencia reprogramada/,
    );
    await ctx.close();
  });

  it('records open air for a block in a few clicks and shows the day’s total', async () => {
    const { ctx, page } = await open('es-SV', 'CECOT');
    await nav(page, 'Aire libre');
    await page.getByRole('heading', { level: 1, name: /^Aire libre/ }).waitFor();
    const table = page.getByTestId('open-air-day');
    await table.waitFor();
    await axe(page, 'open-air-es');
    // CECOT as reported: no open air (0 minutes recorded for every block)
    const first = table.locator('tbody tr').first();
    const block = (await first.getAttribute('data-block'))!;
    expect(await first.getByTestId('open-air-total').textContent()).toBe('0 min');
    // one of the block did not get it: in court
    const inBlock = await store.db
      .selectFrom('custody as c')
      .innerJoin('person as p', 'p.id', 'c.person_id')
      .innerJoin('unit as u', 'u.id', 'c.cell_id')
      .select(['p.id', 'p.national_id', 'p.family_names'])
      .where('c.facility_code', '=', 'CECOT')
      .where('c.released_at', 'is', null)
      .where('p.national_id', 'is not', null)
      .where('u.code', 'like', `${block}-%`)
      .orderBy('c.admitted_at')
      .executeTakeFirstOrThrow();
    await pick(page, 'exception-person', inBlock.national_id!);
    await page.getByTestId('exception-reason').fill('En audiencia');
    await page.getByRole('button', { name: 'Agregar excepción' }).click();
    await page.getByTestId('exceptions').getByText(`(módulo ${block}): En audiencia`).waitFor();
    await page.getByRole('button', { name: '90 min', exact: true }).click();
    expect(await page.getByTestId('open-air-minutes').inputValue()).toBe('90');
    await first.getByRole('button', { name: `Registrar 90 min en ${block}` }).click();
    await expect
      .poll(() => page.getByTestId('open-air-result').textContent())
      .toMatch(new RegExp(`módulo ${block}: 90 min \\(total del día: 90 min\\)`));
    await expect.poll(() => first.getByTestId('open-air-total').textContent()).toBe('90 min');
    expect(await first.locator('td').nth(3).textContent()).toMatch(/En audiencia/);
    expect(
      await store.db
        .selectFrom('unit_time_exception')
        .select(['reason'])
        .where('person_id', '=', inBlock.id)
        .execute(),
    ).toEqual([{ reason: 'En audiencia' }]);
    const recorded = await store.db
      .selectFrom('unit_time as t')
      .innerJoin('unit as u', 'u.id', 't.unit_id')
      .select((eb) => eb.fn.sum<number>('t.minutes').as('m'))
      .where('u.code', '=', block)
      .where('t.kind', '=', 'open-air')
      .where('t.day', '=', (await page.getByTestId('open-air-date').inputValue()) as never)
      .executeTakeFirstOrThrow();
    expect(Number(recorded.m)).toBe(90);
    // time out of cell for every block at once
    await page.getByLabel('Tiempo fuera de celda').check();
    await page.getByRole('button', { name: '60 min', exact: true }).click();
    await page.getByTestId('record-every-block').click();
    const blocks = await table.locator('tbody tr').count();
    await expect
      .poll(() => page.getByTestId('open-air-result').locator('li').count(), { timeout: 30_000 })
      .toBe(blocks);
    // a bad number: refused, the field named
    await page.getByTestId('open-air-minutes').fill('-5');
    await first.getByRole('button', { name: `Registrar -5 min en ${block}` }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/Minutos/);
    await shot(page, 'open-air-es');
    await english(page, /^Open air/, 'open-air');
    await ctx.close();
  });

  it('creates an activity, allocates someone, refuses a full one in words, keeps a waiting list', async () => {
    const { ctx, page } = await open('es-SV', 'CDP-SUR');
    const [a, b] = await held('CDP-SUR', 40).then((xs) => [xs[10], xs[30]]);
    await nav(page, 'Actividades');
    await page.getByRole('heading', { level: 1, name: /^Actividades — / }).waitFor();
    await page.getByTestId('activity-share').waitFor();
    await axe(page, 'activities-es');
    const create = page.getByTestId('new-activity');
    await create.getByLabel('Nombre de la actividad').fill('Taller de encuadernación');
    await create.getByLabel('Código de la actividad').fill('ENCUAD-1');
    await create.getByLabel('Tipo de actividad').selectOption('work');
    await create.getByLabel('Cupos de la actividad').fill('1');
    await create.getByRole('button', { name: 'Crear actividad' }).click();
    const row = page.locator('[data-activity="ENCUAD-1"]');
    await row.waitFor();
    expect(await row.locator('td').nth(2).textContent()).toBe('1');
    await row.getByRole('link', { name: 'Taller de encuadernación' }).click();
    await page.getByRole('heading', { level: 1, name: 'Taller de encuadernación (ENCUAD-1)' }).waitFor();
    await axe(page, 'activity-es');
    await pick(page, 'allocate-person', a!.national_id!);
    await page.getByRole('button', { name: 'Asignar', exact: true }).click();
    await page.getByTestId('allocations').filter({ hasText: a!.family_names }).waitFor();
    // one place, taken: the next is refused (409 activity-full), in words, and put on the waiting list
    await pick(page, 'allocate-person', b!.national_id!);
    await page.getByRole('button', { name: 'Asignar', exact: true }).click();
    const full = page.locator('[data-rule=activity-full]');
    await full.waitFor();
    expect((await full.textContent())!.length).toBeGreaterThan(10);
    await axe(page, 'activity-refused');
    await shot(page, 'activity-refused');
    await page.getByRole('button', { name: 'Agregar a la lista de espera' }).click();
    await page.getByTestId('waiting').filter({ hasText: b!.family_names }).waitFor();
    // the allocation ended, with its reason
    const allocated = page.getByTestId('allocations').locator('tbody tr').first();
    await allocated.getByLabel(/^Motivo del término/).fill('Terminó el taller');
    await allocated.getByRole('button', { name: 'Terminar' }).click();
    await expect.poll(() => page.getByText('Nadie asignado.').count()).toBe(1);
    const ended = await store.db
      .selectFrom('activity_allocation')
      .select(['end_reason'])
      .where('activity_code', '=', 'ENCUAD-1')
      .execute();
    expect(ended).toEqual([{ end_reason: 'Terminó el taller' }]);
    await shot(page, 'activity-es');
    await english(page, /Taller de encuadernación/, 'activity');
    await page.getByRole('link', { name: '← All activities' }).click();
    await page.getByRole('heading', { level: 1, name: /^Activities — / }).waitFor();
    await axe(page, 'activities-en');
    await ctx.close();
  });

  it('shows inspectors the day’s records without the forms their role may not use', async () => {
    const { ctx, page } = await open('en-GB', 'CDP-SUR', 'inspector');
    await nav(page, 'Visits');
    await page.getByText('Your role can read the visits').waitFor();
    expect(await page.getByTestId('book-visit').count()).toBe(0);
    await axe(page, 'visits-inspector');
    await nav(page, 'Open air');
    await page.getByTestId('open-air-day').waitFor();
    expect(await page.getByTestId('open-air-form').count()).toBe(0);
    // the Chilean centre's normal week: every block got open air today
    for (const total of await page.getByTestId('open-air-total').allTextContents())
      expect(total).toMatch(/^\d+ min/);
    await axe(page, 'open-air-inspector');
    await nav(page, 'Activities');
    await page.getByTestId('activity-share').waitFor();
    expect(await page.getByTestId('new-activity').count()).toBe(0);
    await ctx.close();
  });
});
