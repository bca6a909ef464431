import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, admission, smallFacility, testApi } from '../helpers/api.js';

/**
 * Every read that shows people is logged, one row per request naming them all; reads refused are
 * logged too (issue 21 item 12: compliance, alerts, incident and non-association lists were not
 * logged, and a block view wrote a row per person, so a user could flood the log).
 */
const P = '/api/v1';

describe('the access log: one row per request, with the people it showed', () => {
  let api: Api;
  let officer: string;
  let inspector: string;
  let people: string[];

  beforeAll(async () => {
    api = await testApi();
    for (const code of ['LA', 'LB'])
      expect((await api.call('POST', `${P}/facilities`, { body: smallFacility(code, 10) })).statusCode).toBe(
        201,
      );
    // admitted a week ago: the admission examination and family notice are overdue (alerts, findings)
    const week = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const admissions = Array.from({ length: 30 }, () => {
      const { facility: _, ...one } = admission('LA', { admittedAt: week });
      return one;
    });
    const bulk = await api.call('POST', `${P}/admissions/bulk`, { body: { facility: 'LA', admissions } });
    expect(bulk.statusCode, bulk.body.slice(0, 300)).toBe(201);
    people = bulk.json().placements.map((a: { personId: string }) => a.personId);
    const inc = await api.call('POST', `${P}/incidents`, {
      body: { facility: 'LA', kind: 'fight', unit: 'LA-A', people: people.slice(0, 3), description: 'Riña' },
    });
    expect(inc.statusCode, inc.body).toBe(201);
    const na = await api.call('POST', `${P}/non-associations`, {
      body: { personA: people[3], personB: people[4], scope: 'block', reason: 'threat' },
    });
    expect(na.statusCode, na.body).toBe(201);
    officer = await api.user('log-officer', ['officer'], ['LA']);
    inspector = await api.user('log-inspector', ['inspector'], ['*']);
  });
  afterAll(() => api?.close());

  /** the officer's rows of one action, newest first, as inspectors read them */
  const rows = async (action: string) =>
    (
      await api.call('GET', `${P}/access-log?username=log-officer&action=${action}`, { token: inspector })
    ).json().entries as {
      personId: string | null;
      people: string[];
      facility: string | null;
      detail?: unknown;
    }[];

  it('logs a compliance report in one row naming the people its findings are about', async () => {
    const report = (await api.call('GET', `${P}/facilities/LA/compliance`, { token: officer })).json();
    const named = new Set(
      report.findings.flatMap((f: { subject: string }) => (people.includes(f.subject) ? [f.subject] : [])),
    );
    expect(named.size).toBeGreaterThan(0);
    const [row, ...more] = await rows('compliance.read');
    expect(more).toEqual([]);
    expect(row?.facility).toBe('LA');
    expect(new Set(row?.people)).toEqual(named);
    // the printable page too
    expect((await api.call('GET', `${P}/facilities/LA/compliance.html`, { token: officer })).statusCode).toBe(
      200,
    );
    expect(await rows('compliance.read')).toHaveLength(2);
  });

  it('logs the alerts shown, the incidents and the non-associations, each in one row', async () => {
    const alerts = (await api.call('GET', `${P}/alerts?facility=LA&limit=10`, { token: officer })).json();
    expect(alerts.alerts.length).toBe(10);
    const [a] = await rows('alerts.read');
    expect(a?.people).toEqual([
      ...new Set(alerts.alerts.flatMap((x: { personId?: string }) => (x.personId ? [x.personId] : []))),
    ]);

    expect((await api.call('GET', `${P}/facilities/LA/incidents`, { token: officer })).statusCode).toBe(200);
    expect((await rows('incidents.read'))[0]?.people).toEqual(people.slice(0, 3));

    expect((await api.call('GET', `${P}/non-associations`, { token: officer })).statusCode).toBe(200);
    expect((await rows('non-associations.read'))[0]?.people).toEqual([people[3], people[4]]);
  });

  it('writes one row for a block view, naming everyone it showed', async () => {
    const view = (await api.call('GET', `${P}/facilities/LA/units/LA-A`, { token: officer })).json();
    const shown = [
      ...new Set([...view.occupants, ...view.history].map((p: { personId: string }) => p.personId)),
    ];
    expect(shown.length).toBeGreaterThan(5);
    const unit = await rows('unit.read');
    expect(unit).toHaveLength(1);
    expect(unit[0]).toMatchObject({ personId: null, facility: 'LA', detail: { unit: 'LA-A' } });
    expect([...(unit[0]?.people ?? [])].sort()).toEqual(shown.sort());
  });

  it('writes one row for a search, however many it finds', async () => {
    const found = (await api.call('GET', `${P}/people?q=Soto&limit=25`, { token: officer })).json().results;
    expect(found.length).toBe(25);
    const search = await rows('person.search');
    expect(search).toHaveLength(1);
    expect(search[0]?.people).toHaveLength(25);
    expect(search[0]?.detail).toEqual({ q: 'Soto' });
  });

  it('finds a person named inside a list when inspectors ask for that person, and in their file', async () => {
    const someone = people[1] as string;
    const entries = (await api.call('GET', `${P}/access-log?person=${someone}`, { token: inspector })).json()
      .entries as { action: string; personId: string | null; people: string[] }[];
    const actions = new Set(entries.map((e) => e.action));
    expect(actions).toContain('incidents.read');
    expect(actions).toContain('person.search');
    expect(entries.every((e) => e.personId === someone || e.people.includes(someone))).toBe(true);
    const file = (await api.call('GET', `${P}/people/${someone}`, { token: inspector })).json();
    expect(file.accessLog.map((e: { action: string }) => e.action)).toContain('incidents.read');
  });

  it('logs a read refused, with the route and never the query string', async () => {
    const outsider = await api.user('log-outsider', ['officer'], ['LB']);
    for (const url of [`${P}/facilities/LA/roll`, `${P}/people/${people[0]}`, `${P}/alerts?facility=LA`])
      expect((await api.call('GET', url, { token: outsider })).statusCode, url).toBe(403);
    // HEAD is answered for every GET route: the same probe, logged the same way
    expect((await api.call('HEAD', `${P}/facilities/LA/incidents`, { token: outsider })).statusCode).toBe(
      403,
    );
    // a write refused is not a read: the register's own refusals are not this log's
    expect(
      (
        await api.call('POST', `${P}/incidents`, {
          token: outsider,
          body: { facility: 'LA', kind: 'fight', unit: 'LA-A', people: [people[0]], description: 'x' },
        })
      ).statusCode,
    ).toBe(403);
    const refused = (
      await api.call('GET', `${P}/access-log?username=log-outsider&action=read.refused`, { token: inspector })
    ).json().entries as {
      personId: string | null;
      facility: string | null;
      detail: { method: string; route: string; status: number };
    }[];
    expect(refused.map((r) => `${r.detail.method} ${r.detail.route}`).sort()).toEqual(
      [
        `GET ${P}/alerts`,
        `GET ${P}/facilities/:code/roll`,
        `GET ${P}/people/:personId`,
        `HEAD ${P}/facilities/:code/incidents`,
      ].sort(),
    );
    expect(refused.every((r) => r.detail.status === 403)).toBe(true);
    expect(refused.find((r) => r.detail.route === `${P}/people/:personId`)?.personId).toBe(people[0]);
    expect(refused.find((r) => r.detail.route === `${P}/facilities/:code/roll`)?.facility).toBe('LA');
    expect(JSON.stringify(refused)).not.toMatch(/facility=LA/);
  });

  it('does not log an anonymous request, and keeps a long path id out of the row', async () => {
    const before = await api.store.db
      .selectFrom('access_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect((await api.app.inject({ method: 'GET', url: `${P}/people/${people[0]}` })).statusCode).toBe(401);
    const after = await api.store.db
      .selectFrom('access_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const probe = await api.user('log-prober', ['officer'], ['LB']);
    // longer than any code (64), within what the router matches (100)
    expect(
      (await api.call('GET', `${P}/facilities/${'X'.repeat(90)}/roll`, { token: probe })).statusCode,
    ).toBe(403);
    const [row] = (
      await api.call('GET', `${P}/access-log?username=log-prober&action=read.refused`, { token: inspector })
    ).json().entries;
    expect(row).toMatchObject({ facility: null, detail: { route: `${P}/facilities/:code/roll` } });
  });
});
