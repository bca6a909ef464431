import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateIn } from '../../src/domain/time.js';
import { giveNotice, layCharge, recordHearing } from '../../src/store/discipline-write.js';
import { type Api, admission, smallFacility, testApi } from '../helpers/api.js';

const P = '/api/v1';
const DAY = 86_400_000;
const TZ = 'America/Santiago';
const ago = (days: number) => new Date(Date.now() - days * DAY);

type Finding = { rule: string; subject: string; message: string; profile: string; people: number };

/**
 * The compliance report on discipline and complaints (docs/safeguards.md): the records are written
 * by the discipline and complaint routes (and, for hearings in the past, their store functions with
 * an earlier `now`), and read back through GET /facilities/{code}/compliance.
 */
describe('compliance on discipline and complaints', () => {
  let api: Api;
  let governor: string;
  let inspector: string;
  const people: string[] = [];
  let secretId = '';
  const SECRET = 'TEXTO-CONFIDENCIAL-7731';
  let isolatedCharge = '';

  beforeAll(async () => {
    api = await testApi();
    expect((await api.call('POST', `${P}/facilities`, { body: smallFacility('CMP', 4) })).statusCode).toBe(
      201,
    );
    governor = await api.user('gob-cmp', ['governor'], ['CMP']);
    inspector = await api.user('insp-cmp', ['inspector'], ['*']);
    for (let i = 0; i < 3; i++) {
      const res = await api.call('POST', `${P}/admissions`, {
        body: admission('CMP', { admittedAt: ago(60).toISOString() }),
      });
      expect(res.statusCode, res.body).toBe(201);
      people.push(res.json().personId);
    }
    const [p1, p2, p3] = people as [string, string, string];
    const db = api.store.db;
    // P1: charged, told and heard 10-9 days ago; 3 days of isolation, the segregation never ended
    const c1 = await layCharge(
      db,
      {
        personId: p1,
        incidentReference: 'INC-CMP-1',
        offence: { code: 'agresion', severity: 'grave', description: 'Agresión a otro interno' },
        occurredAt: ago(11).toISOString(),
      },
      'test',
      { now: ago(10) },
    );
    isolatedCharge = c1.chargeId;
    await giveNotice(db, c1.chargeId, { language: 'es' }, 'test', {
      now: new Date(ago(10).getTime() + 3600_000),
    });
    await recordHearing(
      db,
      c1.chargeId,
      { adjudicator: 'Alcaide', heard: true, outcome: 'proved', sanctions: [{ kind: 'isolation', days: 3 }] },
      'test',
      { now: ago(9) },
    );
    // P2: charged now, not told yet (through the route)
    const c2 = await api.call('POST', `${P}/disciplinary-charges`, {
      token: governor,
      body: {
        personId: p2,
        incidentReference: 'INC-CMP-2',
        offence: { code: 'ruido', severity: 'minor', description: 'Ruidos molestos' },
        occurredAt: ago(1).toISOString(),
      },
    });
    expect(c2.statusCode, c2.body).toBe(201);
    // P3: charged, told and heard through the routes; dismissed
    const c3 = await api.call('POST', `${P}/disciplinary-charges`, {
      token: governor,
      body: {
        personId: p3,
        incidentReference: 'INC-CMP-3',
        offence: { code: 'ruido', severity: 'minor', description: 'Ruidos molestos' },
        occurredAt: ago(1).toISOString(),
      },
    });
    const id3 = c3.json().chargeId;
    expect(
      (
        await api.call('POST', `${P}/disciplinary-charges/${id3}/notice`, {
          token: governor,
          body: { language: 'es' },
        })
      ).statusCode,
    ).toBe(200);
    const heard = await api.call('POST', `${P}/disciplinary-charges/${id3}/hearing`, {
      token: governor,
      body: { adjudicator: 'Alcaide', heard: true, outcome: 'dismissed' },
    });
    expect(heard.statusCode, heard.body).toBe(200);
    // complaints received 40 days ago: P1's to the governor unanswered; P2's to the inspector in
    // confidence, unanswered; P3's answered yesterday, late
    const lodge = async (personId: string, extra: Record<string, unknown>, token = governor) => {
      const res = await api.call('POST', `${P}/complaints`, {
        token,
        body: {
          personId,
          addressee: 'governor',
          subject: 'Trato',
          text: 'Queja de prueba',
          receivedAt: ago(40).toISOString(),
          ...extra,
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().complaintId as string;
    };
    await lodge(p1, {});
    secretId = await lodge(
      p2,
      { addressee: 'inspector', confidential: true, text: SECRET, subject: SECRET },
      inspector,
    );
    const late = await lodge(p3, {});
    const answered = await api.call('POST', `${P}/complaints/${late}/response`, {
      token: governor,
      body: { text: 'Respuesta', respondedAt: ago(1).toISOString() },
    });
    expect(answered.statusCode, answered.body).toBe(200);
  });
  afterAll(() => api.close());

  const report = async (query = '', token?: string) => {
    const res = await api.call('GET', `${P}/facilities/CMP/compliance${query}`, token ? { token } : {});
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const of = (body: { findings: Finding[] }, rule: string) => body.findings.filter((f) => f.rule === rule);

  it('finds the isolation held past its sanction (mandela-39) and counts the week’s discipline', async () => {
    const [p1] = people;
    const body = await report('', governor);
    expect(of(body, 'mandela-39')).toMatchObject([
      {
        subject: p1,
        profile: 'un-mandela',
        severity: 'critical',
        message: expect.stringMatching(
          /stayed in isolation after their sanction ended .*: \d+ days too many/,
        ),
      },
    ]);
    expect(body.summary.find((s: { rule: string }) => s.rule === 'mandela-39')).toMatchObject({
      findings: 1,
      people: 1,
    });
    // the isolation of 3 days is within both maximums: no mandela-44 finding for it
    expect(of(body, 'mandela-44').filter((f) => f.message.includes('Isolation of'))).toEqual([]);
    expect(body.discipline).toEqual({
      window: { from: dateIn(ago(6), TZ), to: dateIn(new Date(), TZ), days: 7 },
      charges: {
        laid: 2,
        awaitingNotice: 1,
        awaitingHearing: 0,
        heard: 1,
        proved: 0,
        dismissed: 1,
        heardWithoutNotice: 0,
        provedUnheard: 0,
      },
      sanctions: {
        imposed: 0,
        byKind: {},
        isolationBeyondMax: 0,
        isolationMaxDays: 15,
        isolationPastEnd: 1,
        quashed: 0,
      },
      appeals: { lodged: 0, upheld: 0, quashed: 0 },
      // the confidential complaint is the inspectors' to count (docs/complaints.md): not the governor's
      complaints: { received: 0, confidential: 0, answered: 1, open: 1, overdue: 1, answeredLate: 1 },
    });
    expect((await report('', inspector)).discipline.complaints).toEqual({
      received: 0,
      confidential: 0,
      answered: 1,
      open: 2,
      overdue: 2,
      answeredLate: 1,
    });
  });

  it('finds complaints past their deadline (mandela-57); a confidential one is counted for inspectors, its person, id and text never shown', async () => {
    const [p1, p2, p3] = people as [string, string, string];
    for (const token of [governor, inspector]) {
      const body = await report('', token);
      const complaints = of(body, 'mandela-57');
      // for the facility's staff a confidential complaint does not exist, not even counted
      expect(complaints.map((f) => [f.subject, f.people])).toEqual([
        [p1, 1],
        [p3, 1],
        ...(token === inspector ? [['CMP', 1]] : []),
      ]);
      expect(complaints[0]!.message).toMatch(/^Complaint from .* to the governor: unanswered, overdue since/);
      expect(complaints[1]!.message).toMatch(/answered at .* after the deadline/);
      if (token === inspector)
        expect(complaints[2]!.message).toBe(
          'Confidential complaints to the inspector: 1 unanswered past the deadline, 0 answered late.',
        );
      const text = JSON.stringify(body);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(secretId);
      // the complaint's duty is not counted again, nor named under its deadline
      expect(text).not.toContain('complaint-response');
      expect(complaints.some((f) => f.subject === p2)).toBe(false);
    }
    const es = await api.call('GET', `${P}/facilities/CMP/compliance`, { token: inspector, lang: 'es' });
    expect(of(es.json(), 'mandela-57')[2]!.message).toMatch(
      /^Quejas confidenciales a la inspección: 1 sin respuesta/,
    );
    // the printable page carries the same findings
    const html = await api.call('GET', `${P}/facilities/CMP/compliance.html?lang=en`, { token: inspector });
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('Confidential complaints to the inspector');
    expect(html.body).not.toContain(SECRET);
    expect(html.body).toContain('Discipline and complaints in the window');
    expect(html.body).toMatch(/Now: awaiting notice \/ hearing<\/td><td class="n">1 \/ 0</);
    expect(html.body).toMatch(
      /Answered \/ open \/ overdue \/ answered late<\/td><td class="n">1 \/ 2 \/ 2 \/ 1</,
    );
    // the governor's page: without it
    const gov = await api.call('GET', `${P}/facilities/CMP/compliance.html?lang=en`, { token: governor });
    expect(gov.body).not.toContain('Confidential complaints to the inspector');
    expect(gov.body).toMatch(
      /Answered \/ open \/ overdue \/ answered late<\/td><td class="n">1 \/ 1 \/ 1 \/ 1</,
    );
    const htmlEs = await api.call('GET', `${P}/facilities/CMP/compliance.html?lang=es`, { token: governor });
    expect(htmlEs.body).toContain('Disciplina y quejas en el período');
  });

  it('judges discipline in the window asked: before the hearings, none of it', async () => {
    const body = await report(`?from=${dateIn(ago(30), TZ)}&to=${dateIn(ago(20), TZ)}`, governor);
    expect(of(body, 'mandela-39')).toEqual([]);
    expect(body.discipline.charges).toMatchObject({ laid: 0, heard: 0 });
    expect(body.discipline.sanctions).toMatchObject({ imposed: 0, isolationPastEnd: 0 });
    // what is pending is pending now, whatever the window
    expect(body.discipline.charges.awaitingNotice).toBe(1);
    // the window that holds the hearing counts its isolation
    const then = await report(`?from=${dateIn(ago(10), TZ)}&to=${dateIn(ago(8), TZ)}`, governor);
    expect(then.discipline.charges).toMatchObject({ laid: 1, heard: 1, proved: 1 });
    expect(then.discipline.sanctions).toMatchObject({ imposed: 1, byKind: { isolation: 1 } });
    expect(of(then, 'mandela-39')).toEqual([]);
  });

  it('does not repeat the floor’s findings under a national profile', async () => {
    const body = await report('?profile=cl', governor);
    expect(body.findings.filter((f: Finding) => f.profile === 'cl' && /^mandela-/.test(f.rule))).toEqual([]);
    expect(of(body, 'mandela-39')).toHaveLength(1);
  });

  it('ends when the segregation ends on time: the overrun stays a finding of the days it lasted', async () => {
    const charge = (await api.call('GET', `${P}/disciplinary-charges/${isolatedCharge}`)).json();
    const segregationId = charge.sanctions[0].segregationId;
    expect(segregationId).toEqual(expect.any(String));
    const end = await api.call('POST', `${P}/segregations/${segregationId}/end`, {
      token: governor,
      body: { endedAt: ago(1).toISOString(), note: 'Fin del aislamiento' },
    });
    expect(end.statusCode, end.body).toBe(200);
    const body = await report('', governor);
    expect(of(body, 'mandela-39')).toMatchObject([
      { message: expect.stringMatching(/: [5-7] days too many/) },
    ]);
  });
});
