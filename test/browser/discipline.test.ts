import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disciplineCatalogue } from '../../src/store/discipline.js';
import { localValue } from '../../web/src/zoned.js';
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
 * The discipline and complaints pages in a real browser (Debian's Chromium through playwright-core),
 * on the demo: a charge laid, refused at its hearing for want of notice and for too long an isolation
 * (in words, nothing recorded), noticed, heard, appealed and quashed; complaints lodged (a confidential
 * one to a governor refused), the staff's list without the confidential one, the inspector's inbox with
 * it marked, answers. Every page checked with axe, in both languages.
 */
describe.runIf(runBrowser)('the discipline and complaints pages in a real browser', () => {
  let demo: BrowserDemo;
  let url: string;
  let store: BrowserDemo['store'];
  const violations: Record<string, unknown[]> = {};

  beforeAll(async () => {
    demo = await startBrowserDemo(2_000);
    ({ url, store } = demo);
  });
  afterAll(async () => {
    writeAxeReport('axe-discipline.json', violations);
    await demo?.close();
  });

  /** A signed-in browser (admin: every role but the inspector's, unless told), in one language, on one facility. */
  const open = (locale: 'es-SV' | 'en-GB', facility: string, username = 'admin') =>
    signedIn(demo, locale, facility, username);

  /** axe-core on the page as it is: no serious or critical violation. */
  const axe = (page: Page, name: string) => checkAxe(page, name, violations);

  /** The page in English (the header's switch), checked again. */
  const english = (page: Page, heading: RegExp, name: string) => inEnglish(page, heading, name, violations);

  /** People held a day or more in a facility and in no segregation, with what the picker finds them by. */
  const held = (facility: string, n: number) =>
    store.db
      .selectFrom('custody as c')
      .innerJoin('person as p', 'p.id', 'c.person_id')
      .select(['p.id', 'p.given_names', 'p.family_names', 'p.national_id'])
      .where('c.facility_code', '=', facility)
      .where('c.released_at', 'is', null)
      .where('p.national_id', 'is not', null)
      // held since before the act charged
      .where('c.admitted_at', '<', new Date(Date.now() - 86_400_000))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('segregation as s')
              .select('s.id')
              .whereRef('s.person_id', '=', 'p.id')
              .where('s.ended_at', 'is', null),
          ),
        ),
      )
      .orderBy('c.admitted_at', 'desc')
      .limit(n)
      .execute();

  /** Chooses a person in a picker by their national id (one match). */
  const pick = async (page: Page, testId: string, nationalId: string) => {
    await page.getByTestId(testId).fill(nationalId);
    await page.getByTestId(`${testId}-option`).first().click();
    await page.getByTestId(`${testId}-chosen`).waitFor();
  };

  const timezone = async (facility: string) =>
    (
      await store.db
        .selectFrom('facility')
        .select('timezone')
        .where('code', '=', facility)
        .executeTakeFirstOrThrow()
    ).timezone;

  it('lays a charge, refuses its hearing in words until noticed, hears it, and quashes it on appeal', async () => {
    const { ctx, page } = await open('es-SV', 'CDP-SUR');
    const [person] = await held('CDP-SUR', 1);
    const tz = await timezone('CDP-SUR');
    const catalogue = await disciplineCatalogue(store.db, 'CDP-SUR');
    const grave = catalogue.offences.find((o) => o.severity === 'grave');
    await nav(page, 'Disciplina');
    await page.getByRole('heading', { level: 1, name: /^Disciplina — / }).waitFor();
    await page.getByTestId('lay-charge').waitFor();
    await axe(page, 'discipline-es');
    // (a select's label reads on into its chosen option: matched by its start)
    // the charge: a grave offence of the national catalogue (or typed, when the profile has none)
    const lay = page.getByTestId('lay-charge');
    await pick(page, 'charge-person', person!.national_id!);
    await lay.getByLabel('Referencia del incidente').fill('INC-DISC-1');
    if (grave) await lay.getByLabel(/^Falta/).selectOption(grave.code);
    else {
      await lay.getByLabel('Código de la falta').fill('G-1');
      await lay.getByLabel('Gravedad').selectOption('grave');
    }
    const code = grave?.code ?? 'G-1';
    await lay.getByLabel('Descripción de los hechos').fill('Agresión a otro interno en el patio');
    await lay.getByLabel('Fecha y hora de los hechos').fill(localValue(Date.now() - 3 * 3600_000, tz));
    await lay.getByRole('button', { name: 'Formular el cargo' }).click();
    await expect.poll(() => page.getByTestId('lay-charge-result').textContent()).toMatch(/Cargo formulado/);
    const row = page
      .getByTestId('charge-row')
      .filter({ hasText: person!.family_names })
      .filter({ hasText: 'INC-DISC-1' });
    await row.waitFor();
    expect(await row.getByTestId('charge-status').textContent()).toBe('Por notificar');
    expect(await row.getByTestId('charge-due').textContent()).toMatch(/\d/);
    const charges = () =>
      store.db
        .selectFrom('disciplinary_charge')
        .select(['id', 'notice_at', 'heard_at', 'outcome', 'appeal_outcome'])
        .where('person_id', '=', person!.id)
        .where('incident_reference', '=', 'INC-DISC-1')
        .execute();
    const [charge] = await charges();
    expect(charge).toMatchObject({ notice_at: null, heard_at: null });
    await shot(page, 'discipline-es');

    // the charge's page: a hearing before any notice, with an isolation beyond the maximum, is refused
    await row.getByRole('link', { name: new RegExp(`^${code}`) }).click();
    await page.getByTestId('charge').waitFor();
    await page.getByTestId('hearing-no-notice').waitFor();
    const hearing = page.getByTestId('charge-hearing-form');
    await hearing.getByLabel('Quien resuelve').fill('Alcaide Soto');
    await hearing.getByLabel('Declaración').selectOption('admitted');
    await hearing.getByRole('button', { name: 'Agregar una sanción' }).click();
    await hearing.getByLabel(/^Sanción 1/).selectOption('isolation');
    await hearing.getByLabel('Días (sanción 1)').fill(String(catalogue.isolation.maxDays + 10));
    await hearing.getByRole('button', { name: 'Registrar la audiencia' }).click();
    await hearing.locator('[data-rule=mandela-41]').waitFor();
    const tooLong = hearing.locator(`[data-rule="${catalogue.isolation.rule}"]`);
    await tooLong.waitFor();
    expect(await tooLong.textContent()).toMatch(/^Sanciones: /);
    await axe(page, 'charge-refused-es');
    await shot(page, 'charge-refused-es');
    expect(await charges()).toEqual([charge]);
    expect(
      await store.db.selectFrom('sanction').select('id').where('charge_id', '=', charge!.id).execute(),
    ).toEqual([]);

    // the notice, in Spanish; then the hearing with an isolation within the limit
    const notice = page.getByTestId('charge-notice-form');
    await notice.getByLabel('Idioma de la notificación').fill('es');
    await notice.getByRole('button', { name: 'Registrar la notificación' }).click();
    await expect
      .poll(() => page.getByTestId('charge-status').textContent())
      .toBe('Por resolver en audiencia');
    expect(await page.getByTestId('charge-notice').textContent()).toMatch(/^Notificado el .*, en es/);
    await hearing.getByLabel('Días (sanción 1)').fill('5');
    await hearing.getByRole('button', { name: 'Registrar la audiencia' }).click();
    await expect.poll(() => page.getByTestId('charge-status').textContent()).toBe('Acreditado');
    const isolation = page.getByTestId('sanctions').locator('tr[data-kind=isolation]');
    expect(await isolation.locator('td').first().textContent()).toBe('5');
    expect(await isolation.textContent()).toMatch(/abrió una separación/);
    const segregations = () =>
      store.db
        .selectFrom('segregation')
        .select(['authority', 'ended_at'])
        .where('person_id', '=', person!.id)
        .where('authority', 'like', `%${charge!.id}%`)
        .execute();
    expect(await segregations()).toEqual([
      { authority: expect.stringContaining('Alcaide Soto'), ended_at: null },
    ]);
    await axe(page, 'charge-proved-es');

    // appealed, and quashed: the sanction lifted, the segregation ended
    const appeal = page.getByTestId('charge-appeal-form');
    await appeal.getByLabel('Fundamentos').fill('Actuó en defensa propia según dos testigos');
    await appeal.getByRole('button', { name: 'Registrar la apelación' }).click();
    const decision = page.getByTestId('charge-decision-form');
    await decision.waitFor();
    await decision.getByLabel('Decidida por').fill('Director regional');
    await decision.getByLabel(/^Decisión/).selectOption('quashed');
    await decision.getByLabel('Motivo de la decisión').fill('Legítima defensa acreditada');
    await decision.getByRole('button', { name: 'Registrar la decisión' }).click();
    await expect.poll(() => page.getByTestId('charge-status').textContent()).toBe('Anulado en apelación');
    expect(await isolation.textContent()).toMatch(/Anulada el/);
    expect((await charges())[0]).toMatchObject({ outcome: 'proved', appeal_outcome: 'quashed' });
    const [ended] = await segregations();
    expect(ended?.ended_at).not.toBeNull();
    await shot(page, 'charge-es');
    await english(page, /^Charge /, 'charge');
    expect(await page.getByTestId('charge-status').textContent()).toBe('Quashed on appeal');

    // the person's timeline says it all in words
    await page
      .getByTestId('charge')
      .getByRole('link', { name: new RegExp(person!.family_names) })
      .click();
    const timeline = page.getByTestId('timeline');
    await timeline.locator('tr[data-kind="discipline.charged"]').getByText('Disciplinary charge').waitFor();
    expect(await timeline.locator('tr[data-kind="discipline.charged"]').textContent()).toMatch(
      new RegExp(`Offence ${code} \\(grave\\), incident INC-DISC-1`),
    );
    expect(await timeline.locator('tr[data-kind="discipline.notice-given"]').textContent()).toMatch(/In es/);
    expect(await timeline.locator('tr[data-kind="discipline.heard"]').textContent()).toMatch(
      /Proved; adjudicator Alcaide Soto; heard: yes · Isolation \(solitary cell\), 5 days/,
    );
    expect(await timeline.locator('tr[data-kind="discipline.appeal-decided"]').textContent()).toMatch(
      /Quashed by Director regional · one sanction lifted · Reason: Legítima defensa acreditada/,
    );
    // and the record lists the charge, quashed, with its lifted sanction
    const listed = page.getByTestId('person-charges').locator(`tr[data-charge="${charge!.id}"]`);
    expect(await listed.textContent()).toMatch(
      /Quashed on appeal.*Isolation \(solitary cell\) \(5 days\) — quashed/,
    );
    await ctx.close();
  });

  it('keeps a confidential complaint to the inspector from the staff, and lets each answer their own', async () => {
    const { ctx, page } = await open('es-SV', 'CDP-SUR');
    const [person] = await held('CDP-SUR', 20).then((xs) => [xs[10]]);
    const complaints = () =>
      store.db
        .selectFrom('complaint')
        .selectAll()
        .where('person_id', '=', person!.id)
        .where('subject', 'in', ['Malos tratos en el módulo 3', 'Comida fría'])
        .orderBy('received_at')
        .execute();
    await nav(page, 'Quejas');
    await page.getByRole('heading', { level: 1, name: /^Peticiones y quejas — / }).waitFor();
    await page.getByTestId('lodge-complaint').waitFor();
    await axe(page, 'complaints-es');
    const lodge = page.getByTestId('lodge-complaint');
    await pick(page, 'complaint-person', person!.national_id!);
    // confidential to the governor: refused (only to the inspector), in words, nothing recorded
    await lodge.getByLabel('Dirigida a').selectOption('governor');
    await lodge.getByLabel('Confidencial (solo al inspector)').check();
    await lodge.getByLabel('Asunto').fill('Malos tratos en el módulo 3');
    await lodge.getByLabel('Texto de la petición o queja').fill('Un funcionario me golpeó el martes.');
    await lodge.getByRole('button', { name: 'Registrar', exact: true }).click();
    await lodge.locator('[data-rule=confidential-to-inspector]').waitFor();
    await axe(page, 'complaint-refused-es');
    expect(await complaints()).toEqual([]);
    // to the inspector, in confidence
    await lodge.getByLabel('Dirigida a').selectOption('inspector');
    await lodge.getByRole('button', { name: 'Registrar', exact: true }).click();
    await expect.poll(() => page.getByTestId('lodge-complaint-result').textContent()).toMatch(/registrada/);
    // and one to the governor, for anyone to see
    await pick(page, 'complaint-person', person!.national_id!);
    await lodge.getByLabel('Dirigida a').selectOption('governor');
    await lodge.getByLabel('Asunto').fill('Comida fría');
    await lodge.getByLabel('Texto de la petición o queja').fill('La cena llega fría todos los días.');
    await lodge.getByRole('button', { name: 'Registrar', exact: true }).click();
    await expect.poll(() => page.getByTestId('lodge-complaint-result').textContent()).toMatch(/registrada/);
    const [secret, toGovernor] = await complaints();
    expect(secret).toMatchObject({ addressee: 'inspector', confidential: true });
    expect(toGovernor).toMatchObject({ addressee: 'governor', confidential: false });
    // the staff's list: the governor's complaint, never the confidential one
    const mine = page.getByTestId('complaint-row').filter({ hasText: person!.family_names });
    await mine.filter({ hasText: 'Comida fría' }).waitFor();
    expect(await page.getByTestId('complaints').textContent()).not.toMatch(/Malos tratos/);
    await shot(page, 'complaints-es');
    // the governor answers it
    await mine.getByRole('link', { name: 'Comida fría' }).click();
    const answer = page.getByTestId('complaint-answer');
    await answer.getByLabel('Texto de la respuesta').fill('Se revisará el carro térmico.');
    await answer.getByRole('button', { name: 'Registrar la respuesta' }).click();
    await expect.poll(() => page.getByTestId('complaint-response').textContent()).toMatch(/^Respondida el/);
    await axe(page, 'complaint-es');
    await english(page, /^Complaint: Comida fría/, 'complaint');
    // the confidential one does not exist for the staff
    await page.goto(`${url}#/complaints/${secret!.id}`);
    await page.locator('.problem').waitFor();
    expect(await page.getByTestId('complaint').count()).toBe(0);
    await ctx.close();

    // the inspector's inbox: the confidential complaint, marked, and the answer
    const inspector = await open('en-GB', 'CDP-SUR', 'inspector');
    const p = inspector.page;
    await nav(p, 'Complaints');
    await p.getByRole('heading', { level: 1, name: /^Requests and complaints — / }).waitFor();
    const row = p.getByTestId('complaint-row').filter({ hasText: 'Malos tratos en el módulo 3' });
    await row.waitFor();
    expect(await row.getAttribute('data-confidential')).toBe('true');
    expect(await row.getByTestId('confidential').textContent()).toBe('Confidential');
    // addressed to the inspector only, by default: the governor's is not in this inbox
    expect(await p.getByTestId('complaints').textContent()).not.toMatch(/Comida fría/);
    await axe(p, 'complaints-inspector');
    await shot(p, 'complaints-inspector');
    await row.getByRole('link', { name: 'Malos tratos en el módulo 3' }).click();
    await p.getByTestId('complaint').getByTestId('confidential').waitFor();
    const reply = p.getByTestId('complaint-answer');
    await reply.getByLabel('Text of the answer').fill('Visitaré el módulo 3 el jueves.');
    await reply.getByRole('button', { name: 'Record the answer' }).click();
    await expect.poll(() => p.getByTestId('complaint-response').textContent()).toMatch(/^Answered on/);
    await axe(p, 'complaint-inspector');
    expect((await complaints())[0]).toMatchObject({ confidential: true });
    expect(
      await store.db
        .selectFrom('complaint')
        .select('response_text')
        .where('id', '=', secret!.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ response_text: 'Visitaré el módulo 3 el jueves.' });
    // the discipline work list, read-only to an inspector
    await nav(p, 'Discipline');
    await p.getByText('Your role can read the charges').waitFor();
    expect(await p.getByTestId('lay-charge').count()).toBe(0);
    await axe(p, 'discipline-inspector');
    await inspector.ctx.close();
  });
});
