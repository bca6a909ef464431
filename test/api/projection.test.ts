import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScenario } from '../../src/domain/projection/scenario.js';
import { SCENARIO_DIR } from '../../src/store/projection.js';
import { type Api, admission, smallFacility, testApi } from '../helpers/api.js';
import { smallScenario } from '../helpers/routes.js';

const P = '/api/v1';

describe('population projection API', () => {
  let api: Api;

  beforeAll(async () => {
    api = await testApi();
    const res = await api.call('POST', `${P}/facilities`, { body: smallFacility('PROJ', 2) });
    expect(res.statusCode, res.body).toBe(201);
    // the register: 2 pretrial, 1 detained, 1 sentenced inside; 1 pretrial admitted and released
    const admit = async (extra: Record<string, unknown> = {}) => {
      const r = await api.call('POST', `${P}/admissions`, { body: admission('PROJ', extra) });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().personId as string;
    };
    const issued = { issuedBy: 'Juzgado de Garantía de Santiago', issuedAt: '2026-01-10T10:00:00-03:00' };
    await admit();
    await admit();
    await admit({ status: 'detained', legalBasis: { kind: 'arrest', reference: 'PART-1', ...issued } });
    await admit({ status: 'sentenced', legalBasis: { kind: 'sentence', reference: 'RUC-1', ...issued } });
    const leaving = await admit();
    const out = await api.call('POST', `${P}/releases`, {
      body: {
        personId: leaving,
        reason: 'Sobreseimiento',
        legalBasis: {
          kind: 'release-order',
          reference: 'L-1',
          issuedBy: 'Juzgado de Garantía',
          issuedAt: new Date().toISOString(),
        },
      },
    });
    expect(out.statusCode, out.body).toBe(200);
  });
  afterAll(() => api?.close());

  it('lists the shipped scenarios, each valid, with its name and sources', async () => {
    const res = await api.call('GET', `${P}/projections/scenarios`);
    expect(res.statusCode, res.body).toBe(200);
    const { scenarios } = res.json() as { scenarios: Record<string, any>[] };
    const files = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.json'));
    expect(scenarios).toHaveLength(files.length);
    expect(scenarios.map((s) => s.id)).toEqual(
      expect.arrayContaining(['chile-2025', 'el-salvador-2022'].filter((id) => files.includes(`${id}.json`))),
    );
    for (const s of scenarios) {
      expect(s.name.es && s.name.en).toBeTruthy();
      expect(s.sources.length).toBeGreaterThan(0);
      expect('scenario' in checkScenario(s)).toBe(true);
    }
  });

  it('calibrates a baseline from the register', async () => {
    const res = await api.call('GET', `${P}/projections/baseline?months=24`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({
      id: 'baseline',
      months: 24,
      initial: { detained: 1, pretrial: 2, sentenced: 1 },
      // 2 blocks × 2 landings × 2 cells of operational capacity 3
      capacity: 24,
      sources: [{ what: 'calibrated from the register of this installation', publisher: 'Custodia' }],
    });
    expect(s.admissionsPerMonth).toBeCloseTo(5 / 12, 3);
    expect(s.start).toMatch(/^\d{4}-\d{2}$/);
    // a release among few person-months: a high pretrial release rate, still a probability with room
    // for sentencing
    expect(s.transitions.pretrialToReleased).toBeGreaterThan(0);
    expect(s.transitions.pretrialToSentenced + s.transitions.pretrialToReleased).toBeLessThanOrEqual(1);
    expect('scenario' in checkScenario(s)).toBe(true);
    // and it projects
    const p = await api.call('POST', `${P}/projections`, { body: s });
    expect(p.statusCode, p.body).toBe(200);
    expect(p.json().months).toHaveLength(24);

    const bad = await api.call('GET', `${P}/projections/baseline?months=0`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().violations[0].subject).toBe('months');
  });

  it('projects a scenario: a month each, the interval around the median', async () => {
    const res = await api.call('POST', `${P}/projections`, { body: smallScenario() });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({ scenario: 'small', runs: 10, seed: 7 });
    expect(p.months).toHaveLength(12);
    expect(p.months[0].month).toBe('2026-01');
    expect(p.months[11].month).toBe('2026-12');
    for (const m of p.months) {
      expect(m.population.p5).toBeLessThanOrEqual(m.population.p50);
      expect(m.population.p50).toBeLessThanOrEqual(m.population.p95);
      expect(m.capacity).toBe(450);
    }
    // the same scenario and seed: the same answer
    const again = await api.call('POST', `${P}/projections`, { body: smallScenario() });
    expect(again.json()).toEqual(p);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('refuses a scenario the schema accepts but the rules do not, naming each field (400)', async () => {
    const body = {
      ...smallScenario(),
      transitions: {
        detainedToPretrial: 0.8,
        detainedToReleased: 0.5,
        pretrialToSentenced: 0.1,
        pretrialToReleased: 0,
      },
      sentenceBands: [{ label: '<1y', share: 0.5, minMonths: 12, maxMonths: 6 }],
      levers: [{ kind: 'arrest-surge', from: '2026-03', factor: 2 }],
    };
    const res = await api.call('POST', `${P}/projections`, { body, lang: 'es' });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const v = res.json().violations as { rule: string; subject: string; message: string }[];
    expect(v.every((x) => x.rule === 'invalid-field')).toBe(true);
    expect(v.map((x) => x.subject)).toEqual(
      expect.arrayContaining([
        'transitions.detainedToReleased',
        'sentenceBands',
        'sentenceBands[0].maxMonths',
        'levers[0].months',
      ]),
    );
    expect(v.find((x) => x.subject === 'levers[0].months')!.message).toMatch(/^levers\[0\]\.months: /);
  });

  it('refuses malformed bodies by schema, and work too large for one request', async () => {
    const typo = await api.call('POST', `${P}/projections`, { body: { ...smallScenario(), months: 'doce' } });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().violations[0].subject).toBe('months');
    const runs = await api.call('POST', `${P}/projections`, { body: { ...smallScenario(), runs: 201 } });
    expect(runs.statusCode).toBe(400);
    expect(runs.json().violations[0].subject).toBe('runs');
    const crowd = await api.call('POST', `${P}/projections`, {
      body: { ...smallScenario(), initial: { detained: 5_000_000, pretrial: 5_000_000, sentenced: 0 } },
    });
    expect(crowd.statusCode).toBe(400);
    expect(crowd.json().violations[0].subject).toBe('initial');
    const long = await api.call('POST', `${P}/projections`, {
      body: {
        ...smallScenario(),
        initial: { detained: 0, pretrial: 0, sentenced: 1_000_000 },
        months: 600,
        runs: 200,
      },
    });
    expect(long.statusCode).toBe(400);
    expect(long.json().violations[0].subject).toBe('runs');
  });
});
