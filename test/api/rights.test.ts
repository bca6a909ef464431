import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, admission, footprint, smallFacility, testApi } from '../helpers/api.js';

const P = '/api/v1';
const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

/** Rights on admission (Mandela Rules 54-55, 62) and what the duty endpoint records (docs/safeguards.md). */
describe('rights on admission', () => {
  let api: Api;
  beforeAll(async () => {
    api = await testApi();
    expect((await api.call('POST', `${P}/facilities`, { body: smallFacility('RTS', 4) })).statusCode).toBe(
      201,
    );
  });
  afterAll(() => api.close());

  const admit = async (extra: Record<string, unknown> = {}, person: Record<string, unknown> = {}) => {
    const body = admission('RTS', extra);
    const res = await api.call('POST', `${P}/admissions`, {
      body: { ...body, person: { ...body.person, ...person } },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { personId: string; custodyId: string };
  };
  const file = async (personId: string) => (await api.call('GET', `${P}/people/${personId}`)).json();
  const duty = async (personId: string, kind: string) =>
    (await file(personId)).duties.find(
      (d: { kind: string; status: string }) => d.kind === kind && d.status === 'open',
    );
  const kinds = async (personId: string) =>
    (await file(personId)).duties.map((d: { kind: string }) => d.kind).sort();

  it('opens the information on rights at every admission, and the consular notice for a foreign national only', async () => {
    const foreign = await admit({}, { nationality: 'PE' });
    const national = await admit({}, { nationality: 'CL' });
    const unknown = await admit();
    const f = await file(foreign.personId);
    expect(f.nationality).toBe('PE');
    expect((await file(national.personId)).nationality).toBe('CL');
    expect((await file(unknown.personId)).nationality).toBeNull();
    expect(await kinds(foreign.personId)).toEqual([
      'consular-notification',
      'family-notification',
      'medical-exam',
      'pretrial-review',
      'rights-information',
    ]);
    for (const p of [national, unknown])
      expect(await kinds(p.personId)).toEqual([
        'family-notification',
        'medical-exam',
        'pretrial-review',
        'rights-information',
      ]);
    const consular = f.duties.find((d: { kind: string }) => d.kind === 'consular-notification');
    const rights = f.duties.find((d: { kind: string }) => d.kind === 'rights-information');
    const admittedAt = f.custody.admittedAt;
    for (const d of [consular, rights]) {
      expect(d).toMatchObject({ status: 'open', language: null, since: new Date(admittedAt).toISOString() });
      expect(d.due[0]).toMatchObject({
        profile: 'un-mandela',
        dueAt: new Date(new Date(admittedAt).getTime() + DAY).toISOString(),
      });
    }
    expect(consular.due[0].rule).toBe('mandela-62');
    expect(rights.due[0].rule).toBe('mandela-54');
    // the admission's event carries the nationality as given
    expect(f.timeline[0].payload.person.nationality).toBe('PE');
  });

  it('takes the nationality in a bulk admission too, per person', async () => {
    const res = await api.call('POST', `${P}/admissions/bulk`, {
      body: {
        facility: 'RTS',
        admissions: [
          { ...admission('RTS'), facility: undefined },
          (() => {
            const a = admission('RTS');
            return { ...a, facility: undefined, person: { ...a.person, nationality: 'VE' } };
          })(),
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const [a, b] = res.json().placements;
    expect(await kinds(a.personId)).toEqual([
      'family-notification',
      'medical-exam',
      'pretrial-review',
      'rights-information',
    ]);
    expect(await kinds(b.personId)).toEqual([
      'consular-notification',
      'family-notification',
      'medical-exam',
      'pretrial-review',
      'rights-information',
    ]);
    for (const p of [a, b]) {
      const f = await file(p.personId);
      const rights = await duty(p.personId, 'rights-information');
      expect(rights).toMatchObject({ since: new Date(f.custody.admittedAt).toISOString(), language: null });
      expect(rights.due[0]).toMatchObject({ rule: 'mandela-54', profile: 'un-mandela' });
    }
    expect((await file(b.personId)).nationality).toBe('VE');
  });

  it('refuses a nationality that is not an ISO 3166-1 alpha-2 code, naming the field, and records nothing', async () => {
    const before = await footprint(api);
    for (const nationality of ['pe', 'PER', 'P1', '']) {
      const body = admission('RTS');
      const res = await api.call('POST', `${P}/admissions`, {
        body: { ...body, person: { ...body.person, nationality } },
      });
      expect(res.statusCode, nationality).toBe(400);
      expect(res.json().violations).toMatchObject([{ rule: 'invalid-field', subject: 'person.nationality' }]);
    }
    const a = admission('RTS');
    const bulk = await api.call('POST', `${P}/admissions/bulk`, {
      body: {
        facility: 'RTS',
        admissions: [
          { ...admission('RTS'), facility: undefined },
          { ...a, facility: undefined, person: { ...a.person, nationality: 'Chile' } },
        ],
      },
    });
    expect(bulk.statusCode).toBe(400);
    expect(bulk.json().violations).toMatchObject([{ subject: 'admissions[1].person.nationality' }]);
    expect(await footprint(api)).toEqual(before);
  });

  it('keeps the nationality on file for a re-admission, and records a new one given', async () => {
    const first = await admit({ admittedAt: ago(30) }, { nationality: 'BO' });
    const release = async (personId: string, days: number) =>
      expect(
        (
          await api.call('POST', `${P}/releases`, {
            body: {
              personId,
              reason: 'Libertad',
              releasedAt: ago(days),
              legalBasis: {
                kind: 'release-order',
                reference: `LIB-${personId.slice(0, 6)}-${days}`,
                issuedBy: 'Juzgado de Garantía',
                issuedAt: ago(days + 1),
              },
            },
          })
        ).statusCode,
      ).toBe(200);
    await release(first.personId, 20);
    const readmit = (person: Record<string, unknown>, days: number) =>
      api.call('POST', `${P}/admissions`, {
        body: {
          ...admission('RTS', { admittedAt: ago(days) }),
          personId: first.personId,
          person: { ...admission('RTS').person, ...person },
        },
      });
    const again = await readmit({}, 10);
    expect(again.statusCode, again.body).toBe(201);
    // the first custody's notice closed with it; the new custody's opens from the nationality on file
    const open = (await file(first.personId)).duties.filter(
      (d: { kind: string; status: string }) => d.kind === 'consular-notification' && d.status === 'open',
    );
    expect(open).toHaveLength(1);
    expect((await file(first.personId)).nationality).toBe('BO');
    await release(first.personId, 5);
    const third = await readmit({ nationality: 'CL' }, 2);
    expect(third.statusCode, third.body).toBe(201);
    expect((await file(first.personId)).nationality).toBe('CL');
    expect(await duty(first.personId, 'consular-notification')).toBeUndefined();
  });

  it('corrects a nationality with a correction event, the value before kept', async () => {
    const p = await admit({}, { nationality: 'AR' });
    const seq = (await file(p.personId)).timeline[0].seq;
    const res = await api.call('POST', `${P}/corrections`, {
      body: {
        corrects: seq,
        reason: 'Nacionalidad mal registrada',
        changes: { person: { nationality: 'UY' } },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const f = await file(p.personId);
    expect(f.nationality).toBe('UY');
    expect(f.timeline[1]).toMatchObject({
      kind: 'record.corrected',
      payload: { before: { person: { nationality: 'AR' } } },
    });
    const bad = await api.call('POST', `${P}/corrections`, {
      body: { corrects: seq, reason: 'x', changes: { person: { nationality: 'uy' } } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().violations[0].subject).toBe('changes.person.nationality');
  });

  describe('a corrected nationality and the consular notice (Mandela Rule 62)', () => {
    const fix = async (personId: string, nationality: string) => {
      const seq = (await file(personId)).timeline[0].seq;
      const res = await api.call('POST', `${P}/corrections`, {
        body: { corrects: seq, reason: 'Nacionalidad mal registrada', changes: { person: { nationality } } },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().seq as number;
    };
    const consular = async (personId: string) =>
      (await file(personId)).duties
        .filter((d: { kind: string }) => d.kind === 'consular-notification')
        .map((d: { status: string }) => d.status);
    const rows = (personId: string) =>
      api.store.db
        .selectFrom('duty')
        .select(['since', 'opened_seq', 'cancelled_at', 'cancelled_seq', 'done_at'])
        .where('person_id', '=', personId)
        .where('kind', '=', 'consular-notification')
        .orderBy('opened_seq')
        .execute();

    it('opens the notice when the person turns out foreign, at the correction, caused by its event', async () => {
      for (const given of [{ nationality: 'CL' }, {}]) {
        const p = await admit({}, given);
        expect(await consular(p.personId)).toEqual([]);
        const t0 = Date.now();
        const seq = await fix(p.personId, 'PE');
        const [row, ...more] = await rows(p.personId);
        expect(more).toEqual([]);
        expect(row).toMatchObject({ opened_seq: seq, cancelled_at: null, done_at: null });
        expect(row?.since.getTime()).toBeGreaterThanOrEqual(t0 - 1000);
        const d = await duty(p.personId, 'consular-notification');
        expect(d.due[0]).toMatchObject({ rule: 'mandela-62' });
        // foreign to foreign: the notice open already is the one
        await fix(p.personId, 'AR');
        expect(await consular(p.personId)).toEqual(['open']);
      }
    });

    it('cancels an open notice that no longer applies, with the correction’s event, and opens it again if foreign again', async () => {
      const p = await admit({}, { nationality: 'PE' });
      expect(await consular(p.personId)).toEqual(['open']);
      const seq = await fix(p.personId, 'CL');
      expect(await rows(p.personId)).toMatchObject([{ cancelled_seq: seq, done_at: null }]);
      expect(await consular(p.personId)).toEqual(['cancelled']);
      expect(await duty(p.personId, 'consular-notification')).toBeUndefined();
      await fix(p.personId, 'BO');
      expect(await consular(p.personId)).toEqual(['cancelled', 'open']);
      const again = await fix(p.personId, 'CL');
      expect((await rows(p.personId)).map((r) => r.cancelled_seq)).toEqual([seq, again]);
    });

    it('leaves a notice already given as it is', async () => {
      const p = await admit({}, { nationality: 'PE' });
      const d = await duty(p.personId, 'consular-notification');
      const done = await api.call('POST', `${P}/duties/${d.id}/fulfil`, {
        body: { note: 'Consulado avisado' },
      });
      expect(done.statusCode, done.body).toBe(200);
      await fix(p.personId, 'CL');
      await fix(p.personId, 'AR');
      expect(await consular(p.personId)).toEqual(['done']);
    });
  });

  describe('recording the information on rights done', () => {
    it('requires the language it was given in (400 naming it), records nothing without it', async () => {
      const p = await admit();
      const d = await duty(p.personId, 'rights-information');
      const before = await footprint(api);
      const none = await api.call('POST', `${P}/duties/${d.id}/fulfil`, {
        body: { note: 'Cartilla entregada' },
      });
      expect(none.statusCode).toBe(400);
      expect(none.json().violations).toMatchObject([
        { rule: 'invalid-field', subject: 'language', message: expect.stringMatching(/language/) },
      ]);
      const es = await api.call('POST', `${P}/duties/${d.id}/fulfil`, {
        body: { note: 'Cartilla entregada' },
        lang: 'es',
      });
      expect(es.statusCode).toBe(400);
      expect(es.json().violations[0].message).toMatch(/idioma/);
      for (const language of [' ', 'español', 'e'])
        expect(
          (
            await api.call('POST', `${P}/duties/${d.id}/fulfil`, {
              body: { note: 'Cartilla entregada', language },
            })
          ).json().violations,
        ).toMatchObject([{ rule: 'invalid-field', subject: 'language' }]);
      expect(await footprint(api)).toEqual(before);
      expect(await duty(p.personId, 'rights-information')).toMatchObject({ id: d.id, status: 'open' });
    });

    it('records the language on the duty, in its event and in the person’s file', async () => {
      const p = await admit({}, { nationality: 'HT' });
      const d = await duty(p.personId, 'rights-information');
      const res = await api.call('POST', `${P}/duties/${d.id}/fulfil`, {
        body: { note: 'Cartilla en criollo haitiano, leída con intérprete', language: 'ht' },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ id: d.id, status: 'done', language: 'ht' });
      const f = await file(p.personId);
      expect(f.duties.find((x: { id: string }) => x.id === d.id)).toMatchObject({
        status: 'done',
        language: 'ht',
      });
      const ev = f.timeline.find((e: { kind: string }) => e.kind === 'duty.fulfilled');
      expect(ev.payload).toEqual({
        dutyId: d.id,
        kind: 'rights-information',
        note: expect.any(String),
        language: 'ht',
      });
      const row = await api.store.db
        .selectFrom('duty')
        .select('done_language')
        .where('id', '=', d.id)
        .executeTakeFirstOrThrow();
      expect(row.done_language).toBe('ht');
      // the consular notice needs no language; other duties keep none
      const c = await duty(p.personId, 'consular-notification');
      const done = await api.call('POST', `${P}/duties/${c.id}/fulfil`, {
        body: { note: 'Consulado avisado' },
      });
      expect(done.statusCode).toBe(200);
      expect(done.json()).toMatchObject({ status: 'done', language: null });
    });
  });

  describe('duties with a record of their own', () => {
    it('refuses the notice of a charge and the answer to a complaint through the duty endpoint (409 duty-own-record)', async () => {
      const p = await admit({ admittedAt: ago(5) });
      const charge = await api.call('POST', `${P}/disciplinary-charges`, {
        body: {
          personId: p.personId,
          incidentReference: 'INC-RTS-1',
          offence: { code: 'riña', severity: 'less-grave', description: 'Riña en el patio' },
          occurredAt: ago(1),
        },
      });
      expect(charge.statusCode, charge.body).toBe(201);
      const complaint = await api.call('POST', `${P}/complaints`, {
        body: {
          personId: p.personId,
          addressee: 'governor',
          subject: 'Comida',
          text: 'La comida llega fría',
        },
      });
      expect(complaint.statusCode, complaint.body).toBe(201);
      for (const [kind, route] of [
        ['discipline-notice', /discipline-notice.*\/notice\.$/],
        ['complaint-response', /complaint-response.*\/response\.$/],
      ] as const) {
        const d = await duty(p.personId, kind);
        expect(d, kind).toBeDefined();
        const before = await footprint(api);
        const res = await api.call('POST', `${P}/duties/${d.id}/fulfil`, { body: { note: 'hecho' } });
        expect(res.statusCode, kind).toBe(409);
        expect(res.json().violations).toMatchObject([
          { rule: 'duty-own-record', subject: 'id', message: expect.stringMatching(route) },
        ]);
        expect(await footprint(api)).toEqual(before);
        expect(await duty(p.personId, kind)).toMatchObject({ id: d.id, status: 'open' });
      }
    });
  });
});
