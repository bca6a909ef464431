import { sql } from 'kysely';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Complaint } from '../../src/api/answers/complaints.js';
import { PersonFile } from '../../src/api/answers/core-people.js';
import { type Api, admission, smallFacility, testApi } from '../helpers/api.js';

/** Requests and complaints, their answers and the duty to answer (docs/complaints.md). */

const P = '/api/v1';
const QUEJA = 'Me golpearon en el módulo 3 y nadie lo registró.';

describe('requests and complaints', () => {
  let api: Api;
  const tok = {} as Record<
    | 'governor'
    | 'governorB'
    | 'records'
    | 'officer'
    | 'medical'
    | 'inspector'
    | 'inspectorA'
    | 'inspectorNone',
    string
  >;

  beforeAll(async () => {
    api = await testApi();
    for (const code of ['QJA', 'QJB']) {
      const res = await api.call('POST', `${P}/facilities`, { body: smallFacility(code, 3) });
      expect(res.statusCode, res.body).toBe(201);
    }
    tok.governor = await api.user('gov-a', ['governor'], ['QJA']);
    tok.governorB = await api.user('gov-b', ['governor'], ['QJB']);
    tok.records = await api.user('rec-a', ['records'], ['QJA']);
    tok.officer = await api.user('off-a', ['officer'], ['QJA']);
    tok.medical = await api.user('med-a', ['medical'], ['QJA']);
    tok.inspector = await api.user('insp-all', ['inspector'], ['*']);
    tok.inspectorA = await api.user('insp-a', ['inspector'], ['QJA']);
    tok.inspectorNone = await api.user('insp-none', ['inspector'], []);
  });
  afterAll(() => api?.close());

  const admit = async (facility = 'QJA', extra: Record<string, unknown> = {}) => {
    const res = await api.call('POST', `${P}/admissions`, { body: admission(facility, extra) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().personId as string;
  };
  const lodge = (body: Record<string, unknown>, token = tok.officer) =>
    api.call('POST', `${P}/complaints`, { body, token });
  const lodged = async (body: Record<string, unknown>, token = tok.officer) => {
    const res = await lodge(body, token);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().complaintId as string;
  };
  const answer = (id: string, body: Record<string, unknown>, token: string, lang?: string) =>
    api.call('POST', `${P}/complaints/${id}/response`, { body, token, ...(lang ? { lang } : {}) });
  const complaintBody = (personId: string, extra: Record<string, unknown> = {}) => ({
    personId,
    addressee: 'governor',
    subject: 'Comida',
    text: 'La comida llega fría.',
    ...extra,
  });

  /** The register head and every table a complaint touches: equal before and after = nothing recorded. */
  const footprint = async () => {
    const db = api.store.db;
    const head = await db.selectFrom('register_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
    const r = await sql<Record<string, unknown>>`select
      (select count(*)::int from complaint) as complaints,
      (select md5(coalesce(string_agg(c::text, '|' order by c.id), '')) from complaint c) as complaint_rows,
      (select count(*)::int from duty) as duties,
      (select md5(coalesce(string_agg(d::text, '|' order by d.id), '')) from duty d) as duty_rows`.execute(
      db,
    );
    return { head, ...r.rows[0] };
  };
  const refused = async (
    status: number,
    call: () => Promise<{ statusCode: number; body: string; headers: Record<string, unknown>; json(): any }>,
  ) => {
    const before = await footprint();
    const res = await call();
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await footprint()).toEqual(before);
    return res.json() as {
      detail: string;
      violations?: { rule: string; subject?: string; message: string }[];
    };
  };
  const rules = (p: { violations?: { rule: string }[] }) => (p.violations ?? []).map((v) => v.rule).sort();
  const lastEvent = () =>
    api.store.db
      .selectFrom('custody_event')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
  const dutyOf = (personId: string) =>
    api.store.db
      .selectFrom('duty')
      .selectAll()
      .where('person_id', '=', personId)
      .where('kind', '=', 'complaint-response')
      .executeTakeFirstOrThrow();

  describe('lodging', () => {
    it('records the complaint as an event and a row, and opens the duty to answer it within 30 days', async () => {
      const personId = await admit('QJA', { admittedAt: '2026-11-02T09:00:00-03:00' });
      const complaintId = await lodged(
        complaintBody(personId, { receivedAt: '2026-11-03T10:00:00-03:00', text: QUEJA }),
      );
      const ev = await lastEvent();
      expect(ev).toMatchObject({
        kind: 'complaint.lodged',
        person_id: personId,
        facility_code: 'QJA',
        actor: 'off-a',
      });
      expect(ev.effective_at.toISOString()).toBe('2026-11-03T13:00:00.000Z');
      expect(ev.payload).toEqual({
        complaintId,
        custodyId: expect.any(String),
        addressee: 'governor',
        subject: 'Comida',
        text: QUEJA,
        confidential: false,
      });
      const duty = await dutyOf(personId);
      expect(duty).toMatchObject({
        facility_code: 'QJA',
        confidential: false,
        done_at: null,
        opened_seq: ev.seq,
      });
      expect(duty.since.toISOString()).toBe('2026-11-03T13:00:00.000Z');

      const view = (await api.call('GET', `${P}/complaints/${complaintId}`, { token: tok.governor })).json();
      expect(view).toEqual({
        complaintId,
        personId,
        person: {
          givenNames: 'Juan Pablo',
          familyNames: expect.stringMatching(/^Soto Muñoz/),
          registerNumber: expect.any(Number),
        },
        facility: 'QJA',
        addressee: 'governor',
        subject: 'Comida',
        text: QUEJA,
        confidential: false,
        receivedAt: '2026-11-03T13:00:00.000Z',
        // 30 days in the facility's zone (the floor's working limit, Mandela Rule 57)
        responseDue: '2026-12-03T13:00:00.000Z',
        response: null,
      });
      // the answer the web app reads, as its schema says
      expect([...Value.Errors(Complaint, view)]).toEqual([]);
    });

    it('takes complaints from records staff, officers, governors and inspectors, and no one else', async () => {
      const personId = await admit();
      for (const t of [tok.records, tok.officer, tok.governor, tok.inspector])
        await lodged(complaintBody(personId), t);
      const medical = await refused(403, () => lodge(complaintBody(personId), tok.medical));
      expect(medical.detail).toMatch(/role/);
    });

    it('names each bad field (400) and records nothing', async () => {
      const personId = await admit();
      const res = await refused(400, () =>
        lodge({
          personId,
          addressee: 'director',
          subject: '',
          text: 'x'.repeat(10001),
          confidential: 'yes',
          receivedAt: 'ayer',
        }),
      );
      expect(res.violations!.map((v) => v.subject).sort()).toEqual(
        ['addressee', 'confidential', 'receivedAt', 'subject', 'text'].sort(),
      );
      const missing = await refused(400, () => lodge({ addressee: 'judge' }));
      expect(missing.violations!.map((v) => v.subject).sort()).toEqual(['personId', 'subject', 'text']);
      const future = await refused(400, () =>
        lodge(complaintBody(personId, { receivedAt: '2099-01-01T00:00:00Z' })),
      );
      expect(rules(future)).toEqual(['future-time']);
    });

    it('keeps confidence for the inspector only, and refuses a complaint before the custody began, all at once (409)', async () => {
      const personId = await admit('QJA', { admittedAt: '2026-11-10T09:00:00-03:00' });
      const res = await refused(409, () =>
        lodge(
          complaintBody(personId, { confidential: true, receivedAt: '2026-11-09T09:00:00-03:00' }),
          tok.governor,
        ),
      );
      expect(res.violations).toMatchObject([
        {
          rule: 'confidential-to-inspector',
          subject: 'confidential',
          message: expect.stringMatching(/the governor/),
        },
        { rule: 'time-before-admission', subject: 'receivedAt' },
      ]);
      const es = await refused(409, () =>
        api.call('POST', `${P}/complaints`, {
          body: complaintBody(personId, { addressee: 'judge', confidential: true }),
          token: tok.records,
          lang: 'es',
        }),
      );
      expect(es.violations![0]!.message).toBe(
        'Solo una queja dirigida al inspector puede ser confidencial (esta se dirige a: un juez).',
      );
    });

    it('refuses a person not held (409), an unknown person (404) and another facility’s person (403), recording nothing', async () => {
      const released = await admit();
      const rel = await api.call('POST', `${P}/releases`, {
        body: {
          personId: released,
          reason: 'Sobreseimiento',
          legalBasis: {
            kind: 'release-order',
            reference: 'L-1',
            issuedBy: 'Juzgado',
            issuedAt: new Date().toISOString(),
          },
        },
      });
      expect(rel.statusCode, rel.body).toBe(200);
      expect(rules(await refused(409, () => lodge(complaintBody(released))))).toEqual(['not-in-custody']);
      expect(rules(await refused(404, () => lodge(complaintBody('no-such-person'))))).toEqual([
        'unknown-person',
      ]);
      const elsewhere = await admit('QJB');
      const out = await refused(403, () => lodge(complaintBody(elsewhere), tok.governor));
      expect(out.detail).toMatch(/QJB/);
      // released and elsewhere: still 403 before anything is judged
      expect((await refused(403, () => lodge(complaintBody(released), tok.governorB))).detail).toMatch(/QJA/);
    });

    it('lets an inspector lodge in the facilities of the account only (an inspector of none lodges nowhere)', async () => {
      const a = await admit('QJA');
      const b = await admit('QJB');
      const conf = { addressee: 'inspector', confidential: true };
      await lodged(complaintBody(a, conf), tok.inspectorA);
      await refused(403, () => lodge(complaintBody(b, conf), tok.inspectorA));
      await refused(403, () => lodge(complaintBody(a, conf), tok.inspectorNone));
      await lodged(complaintBody(b, conf), tok.inspector);
    });
  });

  describe('answering', () => {
    it('is the governor’s for a complaint to the governor: closes the duty, once', async () => {
      const personId = await admit('QJA', { admittedAt: '2026-11-02T09:00:00-03:00' });
      const id = await lodged(complaintBody(personId, { receivedAt: '2026-11-03T10:00:00-03:00' }));
      for (const t of [tok.records, tok.inspector]) {
        const r = await refused(403, () => answer(id, { text: 'Visto' }, t));
        expect(rules(r)).toEqual(['complaint-addressee']);
      }
      expect(rules(await refused(403, () => answer(id, { text: 'Visto' }, tok.governorB)))).toEqual([]);
      const early = await refused(409, () =>
        answer(id, { text: 'Visto', respondedAt: '2026-11-03T09:00:00-03:00' }, tok.governor),
      );
      expect(early.violations).toMatchObject([{ rule: 'time-before-start', subject: 'respondedAt' }]);
      expect(rules(await refused(400, () => answer(id, { text: '' }, tok.governor)))).toEqual([
        'invalid-field',
      ]);

      const res = await answer(
        id,
        { text: 'Se cambió el carro térmico.', respondedAt: '2026-11-05T12:00:00-03:00' },
        tok.governor,
      );
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        complaintId: id,
        response: { text: 'Se cambió el carro térmico.', respondedAt: '2026-11-05T15:00:00.000Z' },
      });
      const ev = await lastEvent();
      expect(ev).toMatchObject({
        kind: 'complaint.answered',
        person_id: personId,
        facility_code: 'QJA',
        actor: 'gov-a',
      });
      expect(ev.payload).toEqual({ complaintId: id, text: 'Se cambió el carro térmico.' });
      const duty = await dutyOf(personId);
      expect(duty.done_seq).toBe(ev.seq);
      expect(duty.done_at?.toISOString()).toBe('2026-11-05T15:00:00.000Z');

      const again = await refused(409, () => answer(id, { text: 'Otra vez' }, tok.governor, 'es'));
      expect(again.violations).toMatchObject([
        { rule: 'complaint-answered', message: expect.stringMatching(/ya fue respondida/) },
      ]);
    });

    it('is recorded by records staff or the governor for a judge, and by the inspector for the inspector', async () => {
      const personId = await admit();
      const judge = await lodged(complaintBody(personId, { addressee: 'judge' }));
      await refused(403, () => answer(judge, { text: 'x' }, tok.officer));
      expect((await answer(judge, { text: 'El tribunal acogió el amparo.' }, tok.records)).statusCode).toBe(
        200,
      );

      const toInspector = await lodged(complaintBody(personId, { addressee: 'inspector' }));
      expect(rules(await refused(403, () => answer(toInspector, { text: 'x' }, tok.governor)))).toEqual([
        'complaint-addressee',
      ]);
      expect((await answer(toInspector, { text: 'Se visitó el módulo.' }, tok.inspector)).statusCode).toBe(
        200,
      );
    });

    it('keeps a confidential complaint unknown (404) to everyone but inspectors, who answer it in their facilities', async () => {
      const personId = await admit();
      const id = await lodged(
        complaintBody(personId, { addressee: 'inspector', confidential: true, text: QUEJA }),
        tok.inspector,
      );
      for (const t of [tok.governor, tok.records]) {
        const r = await refused(404, () => answer(id, { text: 'x' }, t));
        expect(rules(r)).toEqual(['unknown-complaint']);
        expect(JSON.stringify(r)).not.toContain(QUEJA);
      }
      await refused(403, () => answer(id, { text: 'x' }, tok.inspectorNone));
      expect(rules(await refused(404, () => answer('no-such', { text: 'x' }, tok.governor)))).toEqual([
        'unknown-complaint',
      ]);
      const res = await answer(id, { text: 'Se abrió una investigación.' }, tok.inspectorA);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        confidential: true,
        response: { text: 'Se abrió una investigación.' },
      });
      const duty = await dutyOf(personId);
      expect(duty).toMatchObject({ confidential: true, done_seq: expect.any(Number) });
    });
  });

  describe('reading', () => {
    let personId: string;
    let open: string;
    let answered: string;
    let secret: string;
    let elsewhere: string;

    beforeAll(async () => {
      personId = await admit();
      open = await lodged(complaintBody(personId, { subject: 'abierta' }));
      answered = await lodged(complaintBody(personId, { subject: 'respondida' }));
      expect((await answer(answered, { text: 'Hecho' }, tok.governor)).statusCode).toBe(200);
      secret = await lodged(
        complaintBody(personId, {
          addressee: 'inspector',
          confidential: true,
          subject: 'secreta',
          text: QUEJA,
        }),
        tok.inspector,
      );
      elsewhere = await lodged(complaintBody(await admit('QJB'), { subject: 'otra' }), tok.governorB);
    });

    const list = async (query: string, token: string) => {
      const res = await api.call('GET', `${P}/complaints${query}`, { token });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().complaints as { complaintId: string }[]).map((c) => c.complaintId);
    };

    it('lists newest first, by status, and only what the caller may see', async () => {
      const gov = await list('?facility=QJA', tok.governor);
      expect(gov.indexOf(answered)).toBeLessThan(gov.indexOf(open));
      expect(gov).not.toContain(secret);
      expect(gov).not.toContain(elsewhere);
      expect(await list('', tok.governor)).toEqual(gov);
      expect(await list('?facility=QJA&status=open', tok.governor)).toContain(open);
      expect(await list('?facility=QJA&status=open', tok.governor)).not.toContain(answered);
      expect(await list('?facility=QJA&status=answered', tok.governor)).toContain(answered);
      expect(await list('?facility=QJA&status=answered', tok.governor)).not.toContain(open);

      const insp = await list('', tok.inspectorNone);
      expect(insp).toEqual(expect.arrayContaining([open, answered, secret, elsewhere]));
      expect(await list('?addressee=inspector&status=open', tok.inspector)).toContain(secret);
      expect(await list('?addressee=governor', tok.inspector)).not.toContain(secret);

      const out = await api.call('GET', `${P}/complaints?facility=QJB`, { token: tok.governor });
      expect(out.statusCode).toBe(403);
      const bad = await api.call('GET', `${P}/complaints?status=pending`, { token: tok.governor });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().violations[0].subject).toBe('status');
    });

    it('answers a confidential complaint by id to inspectors only: 404 to others, never 403', async () => {
      for (const t of [tok.governor, tok.records, tok.officer, tok.medical, tok.governorB]) {
        const r = await api.call('GET', `${P}/complaints/${secret}`, { token: t });
        expect(r.statusCode).toBe(404);
        expect(r.body).not.toContain(QUEJA);
      }
      const seen = await api.call('GET', `${P}/complaints/${secret}`, { token: tok.inspectorNone });
      expect(seen.statusCode).toBe(200);
      expect(seen.json()).toMatchObject({ text: QUEJA, confidential: true });
      expect(
        (await api.call('GET', `${P}/complaints/${elsewhere}`, { token: tok.governor })).statusCode,
      ).toBe(403);
    });

    it('logs who read which complaints', async () => {
      await list('?facility=QJA', tok.officer);
      const log = await api.call('GET', `${P}/access-log?username=off-a&action=complaints.read&limit=1`, {
        token: tok.inspector,
      });
      const entry = log.json().entries[0];
      expect(entry).toMatchObject({ action: 'complaints.read', facility: 'QJA' });
      expect(entry.people).toContain(personId);
    });

    it('shows the complaints in the person’s file, the confidential one (and its duty and events) to inspectors only', async () => {
      const file = async (token: string) => {
        const res = await api.call('GET', `${P}/people/${personId}`, { token });
        expect(res.statusCode, res.body).toBe(200);
        return res.json();
      };
      const gov = await file(tok.governor);
      expect(gov.complaints.map((c: { complaintId: string }) => c.complaintId)).toEqual([open, answered]);
      expect(JSON.stringify(gov)).not.toContain(secret);
      expect(JSON.stringify(gov)).not.toContain(QUEJA);
      expect(gov.duties.filter((d: { kind: string }) => d.kind === 'complaint-response')).toHaveLength(2);
      expect(
        gov.timeline
          .filter((e: { kind: string }) => e.kind.startsWith('complaint.'))
          .map((e: { kind: string }) => e.kind),
      ).toEqual(['complaint.lodged', 'complaint.lodged', 'complaint.answered']);
      expect([...Value.Errors(PersonFile, gov)]).toEqual([]);
      const insp = await file(tok.inspectorNone);
      expect(insp.complaints.map((c: { complaintId: string }) => c.complaintId)).toEqual([
        open,
        answered,
        secret,
      ]);
      expect(insp.duties.filter((d: { kind: string }) => d.kind === 'complaint-response')).toHaveLength(3);
      expect(JSON.stringify(insp.timeline)).toContain(QUEJA);
    });
  });

  describe('the response duty', () => {
    it('alerts when overdue, a confidential one to inspectors only, in both languages', async () => {
      const personId = await admit('QJA', { admittedAt: '2026-09-01T09:00:00-03:00' });
      const plain = await lodged(complaintBody(personId, { receivedAt: '2026-09-02T10:00:00-03:00' }));
      await lodged(
        complaintBody(personId, {
          addressee: 'inspector',
          confidential: true,
          receivedAt: '2026-09-03T10:00:00-03:00',
        }),
        tok.inspector,
      );
      const duties = await api.store.db
        .selectFrom('duty')
        .select(['id', 'confidential'])
        .where('person_id', '=', personId)
        .where('kind', '=', 'complaint-response')
        .execute();
      const secretDuty = duties.find((d) => d.confidential)!.id;
      const plainDuty = duties.find((d) => !d.confidential)!.id;
      const mine = new Set([secretDuty, plainDuty]);
      const alertsOf = async (token: string, lang = 'en') =>
        (await api.call('GET', `${P}/alerts?facility=QJA`, { token, lang }))
          .json()
          .alerts.filter((a: { dutyId?: string }) => a.dutyId && mine.has(a.dutyId));
      const gov = await alertsOf(tok.governor, 'es');
      expect(gov.map((a: { dutyId: string }) => a.dutyId)).toEqual([plainDuty]);
      expect(gov[0]).toMatchObject({
        rule: 'mandela-57',
        message: expect.stringMatching(/^Respuesta a una solicitud o queja de .*plazo vencido/),
      });
      const insp = await alertsOf(tok.inspector);
      expect(insp.map((a: { dutyId: string }) => a.dutyId).sort()).toEqual([plainDuty, secretDuty].sort());
      expect(insp[0].message).toMatch(/^Answer to a request or complaint for/);

      // the compliance report every role reads names no one for the confidential one
      const report = await api.call('GET', `${P}/facilities/QJA/compliance`, { token: tok.inspector });
      expect(report.statusCode, report.body).toBe(200);
      expect(report.body).not.toContain(secretDuty);

      // answered: no longer alerting
      expect((await answer(plain, { text: 'Respondida tarde' }, tok.governor)).statusCode).toBe(200);
      expect(await alertsOf(tok.governor)).toEqual([]);
    });

    it('stays open with the facility that received the complaint through a transfer and a release', async () => {
      const personId = await admit('QJA', { admittedAt: '2026-11-01T09:00:00-03:00' });
      const id = await lodged(complaintBody(personId));
      const tr = await api.call('POST', `${P}/transfers`, {
        body: { personIds: [personId], toFacility: 'QJB', reason: 'Traslado' },
      });
      expect(tr.statusCode, tr.body).toBe(200);
      // the new facility did not receive anything before the person came to it
      const before = await refused(409, () =>
        lodge(complaintBody(personId, { receivedAt: '2026-11-15T10:00:00-03:00' }), tok.governorB),
      );
      expect(before.violations).toMatchObject([{ rule: 'time-before-admission', subject: 'receivedAt' }]);
      expect(await dutyOf(personId)).toMatchObject({
        facility_code: 'QJA',
        done_at: null,
        cancelled_at: null,
      });
      // the facility that received it still reads and answers it; the one holding the person now
      // reads it in the person's whole file, and answers nothing of another facility's
      expect((await api.call('GET', `${P}/complaints/${id}`, { token: tok.governor })).statusCode).toBe(200);
      const past = (await api.call('GET', `${P}/people/${personId}`, { token: tok.governor })).json();
      expect(past.reach).toBe('past');
      expect(past.complaints.map((c: { complaintId: string }) => c.complaintId)).toEqual([id]);
      const now = (await api.call('GET', `${P}/people/${personId}`, { token: tok.governorB })).json();
      expect(now.reach).toBe('full');
      expect(now.complaints.map((c: { complaintId: string }) => c.complaintId)).toEqual([id]);
      await refused(403, () => answer(id, { text: 'x' }, tok.governorB));
      expect((await api.call('GET', `${P}/complaints/${id}`, { token: tok.governorB })).statusCode).toBe(403);

      const rel = await api.call('POST', `${P}/releases`, {
        body: {
          personId,
          reason: 'Sobreseimiento',
          legalBasis: {
            kind: 'release-order',
            reference: 'L-2',
            issuedBy: 'Juzgado',
            issuedAt: new Date().toISOString(),
          },
        },
      });
      expect(rel.statusCode, rel.body).toBe(200);
      expect(await dutyOf(personId)).toMatchObject({ cancelled_at: null, done_at: null });
      expect((await answer(id, { text: 'Respondida tras la libertad' }, tok.governor)).statusCode).toBe(200);
      expect((await dutyOf(personId)).done_at).not.toBeNull();
    });

    it('outlives a death, and the death’s answer does not name a confidential one', async () => {
      const personId = await admit();
      await lodged(complaintBody(personId));
      await lodged(complaintBody(personId, { addressee: 'inspector', confidential: true }), tok.inspector);
      const res = await api.call('POST', `${P}/deaths`, {
        body: { personId, diedAt: new Date().toISOString(), circumstances: 'Hallado sin vida' },
        token: tok.governor,
      });
      expect(res.statusCode, res.body).toBe(201);
      const open = res.json().duties.filter((d: { kind: string }) => d.kind === 'complaint-response');
      const rows = await api.store.db
        .selectFrom('duty')
        .select(['id', 'confidential', 'done_at', 'cancelled_at'])
        .where('person_id', '=', personId)
        .where('kind', '=', 'complaint-response')
        .orderBy('confidential')
        .execute();
      // both still open: the family, or the person's lawyer, is owed the answers
      expect(rows.map((r) => [r.confidential, r.done_at, r.cancelled_at])).toEqual([
        [false, null, null],
        [true, null, null],
      ]);
      expect(open.map((d: { id: string }) => d.id)).toEqual([rows[0]!.id]);
      expect(res.body).not.toContain(rows[1]!.id);
    });

    it('cannot be closed through the duty endpoint, nor its events corrected; a confidential one’s duty is unknown, its event refused as any other', async () => {
      const plain = await admit();
      await lodged(complaintBody(plain));
      const duty = (await dutyOf(plain)).id;
      const own = await refused(409, () =>
        api.call('POST', `${P}/duties/${duty}/fulfil`, { body: { note: 'Respondida' }, token: tok.governor }),
      );
      expect(rules(own)).toEqual(['duty-own-record']);

      const personId = await admit();
      await lodged(complaintBody(personId, { addressee: 'inspector', confidential: true }), tok.inspector);
      const seq = (await lastEvent()).seq;
      // its duty: unknown (404), as a duty that does not exist — a 409 would say it is there
      const secretDuty = (await dutyOf(personId)).id;
      const unknown = await refused(404, () =>
        api.call('POST', `${P}/duties/${secretDuty}/fulfil`, { body: { note: 'x' }, token: tok.governor }),
      );
      expect(rules(unknown)).toEqual(['unknown-duty']);
      // its event: refused as any event that is no admission (a 404 would tell it from a gap-free
      // register's events), naming no kind of event
      const r = await refused(409, () =>
        api.call('POST', `${P}/corrections`, {
          body: { corrects: seq, reason: 'x', changes: { person: { givenNames: 'Otro' } } },
          token: tok.records,
        }),
      );
      expect(rules(r)).toEqual(['not-correctable']);
      expect(r.violations![0]!.message).toBe(`Event ${seq} cannot be corrected this way.`);
    });
  });
});
