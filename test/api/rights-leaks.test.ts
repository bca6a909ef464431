import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAnswerer, seesConfidential } from '../../src/domain/complaints/complaint.js';
import { BOOTSTRAP_ROLES } from '../../src/store/users.js';
import { type Api, admission, smallFacility, testApi } from '../helpers/api.js';

/**
 * Regressions of the review of complaints and discipline (issue 17): answers that told a reader of a
 * confidential complaint (docs/complaints.md, rule `complaint-confidential`) by their status, their
 * rule or their counts.
 */

const P = '/api/v1';

describe('no answer tells of a confidential complaint', () => {
  let api: Api;
  const tok = {} as Record<
    'governor' | 'records' | 'recordsB' | 'inspector' | 'inspectorGovernor' | 'inspectorRecords',
    string
  >;

  beforeAll(async () => {
    api = await testApi();
    for (const code of ['LKA', 'LKB']) {
      const res = await api.call('POST', `${P}/facilities`, { body: smallFacility(code, 3) });
      expect(res.statusCode, res.body).toBe(201);
    }
    tok.governor = await api.user('lk-gov', ['governor'], ['LKA']);
    tok.records = await api.user('lk-rec', ['records'], ['LKA']);
    tok.recordsB = await api.user('lk-rec-b', ['records'], ['LKB']);
    tok.inspector = await api.user('lk-insp', ['inspector'], ['*']);
    tok.inspectorGovernor = await api.user('lk-insp-gov', ['inspector', 'governor'], ['LKA']);
    tok.inspectorRecords = await api.user('lk-insp-rec', ['inspector', 'records'], ['*']);
  });
  afterAll(() => api?.close());

  const admit = async (facility = 'LKA') => {
    const res = await api.call('POST', `${P}/admissions`, { body: admission(facility) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().personId as string;
  };
  const lodge = async (personId: string, extra: Record<string, unknown>, token = tok.inspector) => {
    const res = await api.call('POST', `${P}/complaints`, {
      token,
      body: { personId, addressee: 'inspector', subject: 'Trato', text: 'Me amenazaron.', ...extra },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { seq } = await api.store.db
      .selectFrom('custody_event')
      .select('seq')
      .where('kind', '=', 'complaint.lodged')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    return { complaintId: res.json().complaintId as string, seq };
  };
  /** The register head and the rows a refused request could touch. */
  const footprint = async () => {
    const db = api.store.db;
    const head = await db.selectFrom('register_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
    const r = await sql<Record<string, unknown>>`select
      (select md5(coalesce(string_agg(p::text, '|' order by p.id), '')) from person p) as people,
      (select md5(coalesce(string_agg(d::text, '|' order by d.id), '')) from duty d) as duties,
      (select md5(coalesce(string_agg(c::text, '|' order by c.id), '')) from complaint c) as complaints`.execute(
      db,
    );
    return { head, ...r.rows[0] };
  };
  const unchanged = async <T>(call: () => Promise<T>) => {
    const before = await footprint();
    const res = await call();
    expect(await footprint()).toEqual(before);
    return res;
  };
  const correct = (seq: number, token: string) =>
    unchanged(() =>
      api.call('POST', `${P}/corrections`, {
        token,
        body: { corrects: seq, reason: 'x', changes: { person: { givenNames: 'Otro' } } },
      }),
    );

  it('a correction aimed at a confidential complaint’s event is refused as any event that is no admission', async () => {
    const personId = await admit();
    const secret = await lodge(personId, { confidential: true });
    const open = await lodge(personId, { addressee: 'governor' }, tok.records);
    // the facility's staff: 409 not-correctable, the same answer for both, naming no kind of event
    const answers = [];
    for (const { seq } of [secret, open]) {
      const res = await correct(seq, tok.records);
      // (English unless asked: the message names the event's number and nothing else)
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().violations).toEqual([
        {
          rule: 'not-correctable',
          subject: 'corrects',
          message: `Event ${seq} cannot be corrected this way.`,
        },
      ]);
      expect(res.body).not.toMatch(/complaint/i);
      answers.push(res.body.replace(`Event ${seq} `, 'Event SEQ '));
    }
    expect(answers[0]).toBe(answers[1]);
    for (const lang of ['es', 'en']) {
      const res = await api.call('POST', `${P}/corrections`, {
        token: tok.records,
        lang,
        body: { corrects: secret.seq, reason: 'x', changes: { person: { givenNames: 'Otro' } } },
      });
      expect(res.json().violations[0].message).toBe(
        lang === 'es'
          ? `El evento ${secret.seq} no admite esta corrección.`
          : `Event ${secret.seq} cannot be corrected this way.`,
      );
    }
    // another facility's staff: the same refusal for both too
    const [a, b] = [await correct(secret.seq, tok.recordsB), await correct(open.seq, tok.recordsB)];
    expect(a.statusCode).toBe(b.statusCode);
    expect(a.statusCode).not.toBe(404);
    // an event that does not exist is unknown
    const head = (await footprint()).head.seq;
    expect((await correct(head + 1000, tok.records)).statusCode).toBe(404);
  });

  it('the compliance report counts confidential complaints for inspectors only', async () => {
    const reportAs = async (token: string) =>
      (await api.call('GET', `${P}/facilities/LKB/compliance?lang=en`, { token })).json();
    const personId = await admit('LKB');
    const asStaff0 = await reportAs(tok.recordsB);
    const asInspector0 = await reportAs(tok.inspector);
    await lodge(personId, { confidential: true });
    const staff = await reportAs(tok.recordsB);
    const inspector = await reportAs(tok.inspector);
    // the staff's report is as it was: not received, not open, no finding about it
    expect(staff.discipline.complaints).toEqual(asStaff0.discipline.complaints);
    expect(staff.discipline.complaints.confidential).toBe(0);
    expect(JSON.stringify(staff.findings)).not.toContain('confidential');
    expect(inspector.discipline.complaints).toMatchObject({
      received: asInspector0.discipline.complaints.received + 1,
      confidential: asInspector0.discipline.complaints.confidential + 1,
      open: asInspector0.discipline.complaints.open + 1,
    });
    // the printable page too
    const html = async (token: string) =>
      (await api.call('GET', `${P}/facilities/LKB/compliance.html?lang=en`, { token })).body;
    const received = (page: string) =>
      page.match(/Complaints received \(confidential\)<\/td><td class="n">([^<]*)</)?.[1];
    const c = staff.discipline.complaints;
    expect(received(await html(tok.recordsB))).toBe(`${c.received} / 0`);
    const ci = inspector.discipline.complaints;
    expect(received(await html(tok.inspector))).toBe(`${ci.received} / ${ci.confidential}`);
    // a root account of every facility is staff too (the bootstrap administrator holds staff roles)
    const root = (await api.call('GET', `${P}/facilities/LKB/compliance?lang=en`)).json();
    expect(root.discipline.complaints.confidential).toBe(0);
  });

  it('an inspector who is also a facility’s staff is that facility’s staff', async () => {
    expect(seesConfidential(['inspector'])).toBe(true);
    for (const staff of ['records', 'officer', 'governor', 'medical'])
      expect(seesConfidential(['inspector', staff]), staff).toBe(false);
    expect(seesConfidential(['inspector', 'admin'])).toBe(true);
    expect(seesConfidential(BOOTSTRAP_ROLES)).toBe(false);
    expect(checkAnswerer('inspector', ['inspector', 'governor'])).toEqual([
      expect.objectContaining({ rule: 'complaint-addressee' }),
    ]);

    const personId = await admit();
    const secret = await lodge(personId, { confidential: true });
    const plain = await lodge(personId, {});
    for (const token of [tok.inspectorGovernor, tok.inspectorRecords]) {
      expect((await api.call('GET', `${P}/complaints/${secret.complaintId}`, { token })).statusCode).toBe(
        404,
      );
      const list = await api.call('GET', `${P}/complaints?facility=LKA&status=all`, { token });
      expect(list.statusCode, list.body).toBe(200);
      expect(list.body).not.toContain(secret.complaintId);
      const file = await api.call('GET', `${P}/people/${personId}`, { token });
      expect(file.statusCode, file.body).toBe(200);
      expect(file.body).not.toContain(secret.complaintId);
      expect(file.body).toContain(plain.complaintId);
      // nor answers as the inspector: 404 for the confidential one, 403 for one addressed openly
      const hidden = await unchanged(() =>
        api.call('POST', `${P}/complaints/${secret.complaintId}/response`, { token, body: { text: 'x' } }),
      );
      expect(hidden.statusCode, hidden.body).toBe(404);
      const open = await unchanged(() =>
        api.call('POST', `${P}/complaints/${plain.complaintId}/response`, { token, body: { text: 'x' } }),
      );
      expect(open.statusCode, open.body).toBe(403);
      expect(open.json().violations.map((v: { rule: string }) => v.rule)).toEqual(['complaint-addressee']);
    }
    // an inspector alone reads and answers them
    const seen = await api.call('GET', `${P}/complaints/${secret.complaintId}`, { token: tok.inspector });
    expect(seen.statusCode, seen.body).toBe(200);
    const answered = await api.call('POST', `${P}/complaints/${plain.complaintId}/response`, {
      token: tok.inspector,
      body: { text: 'Respondida' },
    });
    expect(answered.statusCode, answered.body).toBe(200);
  });

  it('a confidential complaint’s response duty is unknown to the duty endpoint, for everyone', async () => {
    const personId = await admit();
    const { complaintId } = await lodge(personId, { confidential: true });
    const duty = await api.store.db
      .selectFrom('duty')
      .select(['id', 'confidential'])
      .where('person_id', '=', personId)
      .where('kind', '=', 'complaint-response')
      .executeTakeFirstOrThrow();
    expect(duty.confidential).toBe(true);
    const fulfil = (id: string, token?: string) =>
      unchanged(() =>
        api.call('POST', `${P}/duties/${id}/fulfil`, {
          body: { note: 'Respondida' },
          ...(token ? { token } : {}),
        }),
      );
    const unknown = await fulfil('00000000-0000-4000-8000-000000000000', tok.governor);
    expect(unknown.statusCode).toBe(404);
    const unknownBody = unknown.body.replaceAll('00000000-0000-4000-8000-000000000000', 'ID');
    // (inspectors fulfil no duty: their role is refused before any lookup, 403 for every id)
    for (const token of [tok.governor, tok.records, undefined]) {
      const res = await fulfil(duty.id, token);
      expect(res.statusCode, res.body).toBe(404);
      // word for word the answer for a duty that does not exist
      expect(res.body.replaceAll(duty.id, 'ID')).toBe(unknownBody);
      expect(res.body).not.toContain(complaintId);
    }
  });
});
