import { describe, expect, it } from 'vitest';
import { chileDiscipline, disciplineWorld, P, rulesOf, visitBody } from '../helpers/discipline.js';

/** What a hearing's sanctions do, appeals, and the person's file (docs/discipline.md). */
describe('sanctions, appeals and the file', () => {
  const w = disciplineWorld();
  const { admit, charge, notify, hear, notified, post, get, refused, duties, events, tokens, visitor } = w;
  const db = () => w.api.store.db;

  it('an isolation opens a segregation with the hearing as its authority, and the daily health visit', async () => {
    const { personId, chargeId } = await notified();
    const view = await hear(chargeId, {
      plea: 'denied',
      interpreter: 'Intérprete mapudungun',
      legalAssistance: 'Defensoría Penal Pública',
      evidence: 'Parte 123 y cámara del patio',
      sanctions: [{ kind: 'isolation', days: 7, people: [personId] }, { kind: 'warning' }],
    });
    expect(view).toMatchObject({
      status: 'proved',
      hearing: {
        adjudicator: 'Alcaide Pérez',
        heard: true,
        outcome: 'proved',
        interpreter: 'Intérprete mapudungun',
        legalAssistance: 'Defensoría Penal Pública',
        plea: 'denied',
        evidence: 'Parte 123 y cámara del patio',
      },
    });
    // in the order of the kinds: a warning before an isolation
    const [warning, iso] = view.sanctions;
    expect(iso).toMatchObject({ kind: 'isolation', days: 7, from: view.hearing.heldAt, quashedAt: null });
    expect(warning).toMatchObject({ kind: 'warning', days: null, until: null, segregationId: null });
    // seven calendar days in the facility's zone
    expect(new Date(iso.until).getTime() - new Date(iso.from).getTime()).toBeGreaterThanOrEqual(
      7 * 86_400_000 - 3_600_000,
    );
    expect(new Date(iso.until).getTime() - new Date(iso.from).getTime()).toBeLessThanOrEqual(
      7 * 86_400_000 + 3_600_000,
    );

    const seg = await db()
      .selectFrom('segregation')
      .selectAll()
      .where('id', '=', iso.segregationId)
      .executeTakeFirstOrThrow();
    expect(seg).toMatchObject({
      person_id: personId,
      facility_code: 'FLO',
      authority: `hearing ${chargeId}: Alcaide Pérez`,
      ended_at: null,
    });
    expect(seg.started_at.toISOString()).toBe(view.hearing.heldAt);
    const [heard] = await events(personId, 'discipline.heard');
    const [started] = await events(personId, 'segregation.started');
    expect(started!.seq).toBe(heard!.seq + 1);
    expect(heard!.payload).toMatchObject({
      chargeId,
      sanctions: [
        { kind: 'isolation', segregationId: seg.id },
        { kind: 'warning', segregationId: null },
      ],
    });
    const [visit] = await duties(personId, 'health-visit');
    expect(visit).toMatchObject({ opened_seq: started!.seq, done_at: null, cancelled_at: null });

    // health-care staff visit; while the segregation lasts the next day's visit opens
    const byOfficer = await refused(403, () =>
      post(`/duties/${visit!.id}/fulfil`, { note: 'visto' }, tokens.officer),
    );
    // a medical duty: the officer's role cannot fulfil it
    expect(byOfficer.detail).toBe('Your role (officer) cannot fulfil a duty of kind health-visit.');
    const done = await post(
      `/duties/${visit!.id}/fulfil`,
      { note: 'Sin lesiones, orientado' },
      tokens.medical,
    );
    expect(done.statusCode, done.body).toBe(200);
    const after = await duties(personId, 'health-visit');
    expect(after).toHaveLength(2);
    expect(after[1]).toMatchObject({ done_at: null, cancelled_at: null });
    expect(after[1]!.since.toISOString()).toBe(new Date(done.json().doneAt).toISOString());
    // its note is medical detail: the officer's file withholds it
    const file = (await get(`/people/${personId}`, tokens.officer)).json();
    const shown = file.duties.find((d: { id: string }) => d.id === visit!.id);
    expect(shown.note).not.toBe('Sin lesiones, orientado');

    // ending the segregation cancels the open visit; none opens after
    const end = await post(`/segregations/${seg.id}/end`, { note: 'Cumplida' });
    expect(end.statusCode, end.body).toBe(200);
    const closed = await duties(personId, 'health-visit');
    expect(closed).toHaveLength(2);
    expect(closed[1]!.cancelled_at).not.toBeNull();
  });

  it('a segregation started by hand opens the health visit too; ending it cancels the visit', async () => {
    const personId = await admit();
    const res = await post('/segregations', { personId, authority: 'Alcaide', reason: 'Protección' });
    expect(res.statusCode, res.body).toBe(201);
    const [visit] = await duties(personId, 'health-visit');
    expect(visit).toMatchObject({ cancelled_at: null, done_at: null });
    const end = await post(`/segregations/${res.json().id}/end`, { note: 'Fin' });
    expect(end.statusCode, end.body).toBe(200);
    const [after] = await duties(personId, 'health-visit');
    expect(after!.cancelled_at).not.toBeNull();
    // a visit recorded after the end opens no other (none is open to record, either)
    const late = await post(`/duties/${visit!.id}/fulfil`, { note: 'x' }, tokens.medical);
    expect(late.statusCode).toBe(409);
    expect(await duties(personId, 'health-visit')).toHaveLength(1);
  });

  it('a visit restriction refuses family and intimate visits for its days, never legal ones; quashed, it lifts', async () => {
    const { personId, chargeId } = await notified();
    const family = await visitor(personId, 'family');
    const lawyer = await visitor(personId, 'legal');
    const view = await hear(chargeId, { sanctions: [{ kind: 'visit-restriction', days: 10 }] });
    expect(view.sanctions).toMatchObject([{ kind: 'visit-restriction', days: 10, segregationId: null }]);
    const before = await w.footprint();
    const res = await post('/visits', visitBody(personId, family, 'family', 2), undefined, 'en');
    expect(res.statusCode, res.body).toBe(409);
    expect(rulesOf(res.json())).toEqual(['visits-restricted']);
    expect(await w.footprint()).toEqual(before);
    const intimate = await post('/visits', visitBody(personId, family, 'intimate', 3));
    expect(rulesOf(intimate.json())).toContain('visits-restricted');
    const legal = await post('/visits', visitBody(personId, lawyer, 'legal', 2));
    expect(legal.statusCode, legal.body).toBe(201);
    // after its days, family visits again
    const later = await post('/visits', visitBody(personId, family, 'family', 12));
    expect(later.statusCode, later.body).toBe(201);

    const appeal = await post(
      `/disciplinary-charges/${chargeId}/appeal`,
      { grounds: 'Desproporcionada' },
      tokens.records,
    );
    expect(appeal.statusCode, appeal.body).toBe(200);
    const quash = await post(
      `/disciplinary-charges/${chargeId}/appeal/decision`,
      { decidedBy: 'Juzgado de Garantía', outcome: 'quashed', reason: 'Sin prueba suficiente' },
      tokens.governor,
    );
    expect(quash.statusCode, quash.body).toBe(200);
    expect(quash.json().sanctions[0].quashedAt).toBe(quash.json().appeal.decidedAt);
    const now = await post('/visits', visitBody(personId, family, 'family', 4));
    expect(now.statusCode, now.body).toBe(201);
  });

  it('appeals: only a proved charge, once; decided once; quashed lifts the isolation and its health visit', async () => {
    const awaiting = await charge(await admit());
    const notProved = await refused(409, () =>
      post(`/disciplinary-charges/${awaiting}/appeal`, { grounds: 'x' }),
    );
    expect(notProved.violations).toMatchObject([{ rule: 'charge-not-proved', subject: 'chargeId' }]);
    const noAppeal = await refused(409, () =>
      post(`/disciplinary-charges/${awaiting}/appeal/decision`, {
        decidedBy: 'Juez',
        outcome: 'quashed',
        reason: 'x',
      }),
    );
    expect(rulesOf(noAppeal)).toEqual(['appeal-not-lodged']);
    const dismissed = await notified();
    await hear(dismissed.chargeId, { outcome: 'dismissed' });
    const again = await refused(409, () =>
      post(`/disciplinary-charges/${dismissed.chargeId}/appeal`, { grounds: 'x' }),
    );
    expect(rulesOf(again)).toEqual(['charge-not-proved']);

    const { personId, chargeId } = await notified();
    const heard = await hear(chargeId, { sanctions: [{ kind: 'isolation', days: 3 }] });
    const segId = heard.sanctions[0].segregationId;
    const early = await refused(409, () =>
      post(`/disciplinary-charges/${chargeId}/appeal`, { grounds: 'x', lodgedAt: '2026-01-01T00:00:00Z' }),
    );
    expect(early.violations).toMatchObject([{ rule: 'time-before-start', subject: 'lodgedAt' }]);
    await refused(403, () =>
      post(`/disciplinary-charges/${chargeId}/appeal`, { grounds: 'x' }, tokens.officer),
    );
    const appealed = await post(`/disciplinary-charges/${chargeId}/appeal`, {
      grounds: 'No fui oído con intérprete',
    });
    expect(appealed.statusCode, appealed.body).toBe(200);
    expect(appealed.json().appeal).toMatchObject({
      grounds: 'No fui oído con intérprete',
      decidedAt: null,
      outcome: null,
    });
    const twice = await refused(409, () =>
      post(`/disciplinary-charges/${chargeId}/appeal`, { grounds: 'y' }),
    );
    expect(rulesOf(twice)).toEqual(['appeal-lodged']);
    const bad = await refused(400, () =>
      post(`/disciplinary-charges/${chargeId}/appeal/decision`, { decidedBy: '', outcome: 'annulled' }),
    );
    for (const f of ['decidedBy', 'outcome', 'reason']) expect(JSON.stringify(bad)).toContain(f);

    const decided = await post(`/disciplinary-charges/${chargeId}/appeal/decision`, {
      decidedBy: 'Corte de Apelaciones',
      outcome: 'quashed',
      reason: 'Audiencia sin intérprete',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const v = decided.json();
    expect(v).toMatchObject({
      status: 'quashed',
      appeal: { outcome: 'quashed', decidedBy: 'Corte de Apelaciones', reason: 'Audiencia sin intérprete' },
    });
    expect(v.sanctions[0].quashedAt).toBe(v.appeal.decidedAt);
    const seg = await db()
      .selectFrom('segregation')
      .selectAll()
      .where('id', '=', segId)
      .executeTakeFirstOrThrow();
    expect(seg.ended_at?.toISOString()).toBe(v.appeal.decidedAt);
    const [ended] = await events(personId, 'segregation.ended');
    expect(ended!.payload).toMatchObject({ id: segId, note: expect.stringContaining('quashed on appeal') });
    const [dec] = await events(personId, 'discipline.appeal-decided');
    expect(dec!.payload).toEqual({
      chargeId,
      outcome: 'quashed',
      decidedBy: 'Corte de Apelaciones',
      reason: 'Audiencia sin intérprete',
      lifted: [v.sanctions[0].sanctionId],
      segregationsEnded: [segId],
    });
    expect(ended!.seq).toBe(dec!.seq + 1);
    const [visit] = await duties(personId, 'health-visit');
    expect(visit!.cancelled_seq).toBe(ended!.seq);
    const once = await refused(409, () =>
      post(`/disciplinary-charges/${chargeId}/appeal/decision`, {
        decidedBy: 'x',
        outcome: 'upheld',
        reason: 'x',
      }),
    );
    expect(rulesOf(once)).toEqual(['appeal-decided']);
  });

  it('an upheld appeal leaves the sanctions in force', async () => {
    const { chargeId } = await notified();
    await hear(chargeId, { sanctions: [{ kind: 'loss-of-privileges', days: 5 }] });
    await post(`/disciplinary-charges/${chargeId}/appeal`, { grounds: 'x' });
    const res = await post(`/disciplinary-charges/${chargeId}/appeal/decision`, {
      decidedBy: 'Juez',
      outcome: 'upheld',
      reason: 'Proporcionada',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'proved',
      sanctions: [{ kind: 'loss-of-privileges', quashedAt: null }],
    });
  });

  it('a charge of a custody that ended is not notified or heard; its appeal still is', async () => {
    const { personId, chargeId } = await notified();
    await hear(chargeId, {});
    const pending = await charge(personId, { incidentReference: 'INC-released' });
    const awaitingNotice = async () => {
      const res = await get('/facilities/FLO/compliance', tokens.governor);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().discipline.charges.awaitingNotice as number;
    };
    expect(
      (await get('/facilities/FLO/disciplinary-charges?status=awaiting-notice', tokens.governor))
        .json()
        .charges.map((x: { chargeId: string }) => x.chargeId),
    ).toContain(pending);
    const awaitingBefore = await awaitingNotice();
    expect(awaitingBefore).toBeGreaterThan(0);
    const out = await post('/releases', {
      personId,
      reason: 'Sobreseimiento',
      legalBasis: {
        kind: 'release-order',
        reference: 'L-9',
        issuedBy: 'Juzgado',
        issuedAt: new Date().toISOString(),
      },
    });
    expect(out.statusCode, out.body).toBe(200);
    // no longer to be notified or heard: off the work list but for `all`, and not counted as awaiting
    const ids = async (status: string) =>
      (await get(`/facilities/FLO/disciplinary-charges?status=${status}`, tokens.governor))
        .json()
        .charges.map((x: { chargeId: string }) => x.chargeId);
    for (const status of ['pending', 'awaiting-notice', 'awaiting-hearing'])
      expect(await ids(status)).not.toContain(pending);
    expect(await ids('all')).toContain(pending);
    expect(await awaitingNotice()).toBe(awaitingBefore - 1);
    const notice = await refused(409, () =>
      post(`/disciplinary-charges/${pending}/notice`, { language: 'es' }),
    );
    expect(rulesOf(notice)).toEqual(['not-in-custody']);
    const appeal = await post(`/disciplinary-charges/${chargeId}/appeal`, { grounds: 'x' });
    expect(appeal.statusCode, appeal.body).toBe(200);
  });

  it('the file shows the charges (only its own facilities’ to a past reader) and, where kept, the conduct record', async () => {
    const { personId, chargeId } = await notified();
    await hear(chargeId, { sanctions: [{ kind: 'warning' }] });
    const move = await post('/transfers', { personIds: [personId], toFacility: 'OTRA', reason: 'Traslado' });
    expect(move.statusCode, move.body).toBe(200);
    const there = await charge(personId, { incidentReference: 'INC-OTRA' });

    // the holder sees every charge; its list has both the charge laid there and the one pending of its person
    const holderFile = (await get(`/people/${personId}`, tokens.otra)).json();
    expect(holderFile.discipline.charges.map((c: { chargeId: string }) => c.chargeId)).toEqual([
      chargeId,
      there,
    ]);
    // OTRA is Chilean: its profile keeps a conduct record
    expect(chileDiscipline().rules.conductRecord, 'the Chilean profile keeps a conduct record').toBeTruthy();
    expect(holderFile.discipline.conductRecord).toEqual([
      expect.objectContaining({
        chargeId,
        offence: { code: 'riña', severity: 'grave' },
        sanctions: [{ kind: 'warning', days: null }],
      }),
    ]);
    const list = (await get('/facilities/OTRA/disciplinary-charges?status=all', tokens.otra)).json();
    expect(list.charges.map((c: { chargeId: string }) => c.chargeId)).toEqual(
      expect.arrayContaining([chargeId, there]),
    );
    expect((await get(`/disciplinary-charges/${chargeId}`, tokens.otra)).statusCode).toBe(200);

    // FLO held the person before: its own charge only
    const past = (await get(`/people/${personId}`, tokens.officer)).json();
    expect(past.reach).toBe('past');
    expect(past.discipline.charges.map((c: { chargeId: string }) => c.chargeId)).toEqual([chargeId]);
    expect((await get(`/disciplinary-charges/${there}`, tokens.officer)).statusCode).toBe(403);
    expect((await get(`/disciplinary-charges/${there}`, tokens.inspector)).statusCode).toBe(200);
    expect((await get(`/disciplinary-charges/no-such`)).statusCode).toBe(404);
  });

  it('a facility that held the person before does not see what the new one did with its charge', async () => {
    const personId = await admit();
    const chargeId = await charge(personId, { incidentReference: 'INC-moved' });
    const move = await post('/transfers', { personIds: [personId], toFacility: 'OTRA', reason: 'Traslado' });
    expect(move.statusCode, move.body).toBe(200);
    const counts = async (code: string) => (await get(`/facilities/${code}/compliance`)).json().discipline;
    const [floBefore, otraBefore] = [await counts('FLO'), await counts('OTRA')];
    // OTRA, holding the person now, notifies, hears, sanctions; the appeal is lodged and decided there
    await notify(chargeId);
    await hear(chargeId, { sanctions: [{ kind: 'warning' }] });
    expect((await post(`/disciplinary-charges/${chargeId}/appeal`, { grounds: 'x' })).statusCode).toBe(200);
    const decided = await post(`/disciplinary-charges/${chargeId}/appeal/decision`, {
      decidedBy: 'Juez',
      outcome: 'upheld',
      reason: 'x',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const full = decided.json();
    expect(full).toMatchObject({ status: 'proved', appeal: { outcome: 'upheld' } });
    expect(full.notice).not.toBeNull();
    expect(full.sanctions).toHaveLength(1);

    // FLO's readers: the charge as FLO left it
    const asLeft = {
      chargeId,
      status: 'awaiting-notice',
      notice: null,
      hearing: null,
      sanctions: [],
      appeal: null,
    };
    for (const token of [tokens.officer!, tokens.governor!]) {
      const file = (await get(`/people/${personId}`, token)).json();
      expect(file.reach).toBe('past');
      expect(file.discipline.charges).toEqual([expect.objectContaining(asLeft)]);
      // the conduct record is the holder's (OTRA keeps one): not FLO's to read
      expect(file.discipline.conductRecord).toBeNull();
      const one = await get(`/disciplinary-charges/${chargeId}`, token);
      expect(one.statusCode, one.body).toBe(200);
      expect(one.json()).toMatchObject(asLeft);
      for (const status of ['pending', 'awaiting-notice', 'all']) {
        const list = (await get(`/facilities/FLO/disciplinary-charges?status=${status}`, token)).json();
        expect(
          list.charges.filter((c: { chargeId: string }) => c.chargeId === chargeId),
          status,
        ).toEqual([expect.objectContaining(asLeft)]);
      }
      const awaiting = (
        await get('/facilities/FLO/disciplinary-charges?status=awaiting-hearing', token)
      ).json();
      expect(awaiting.charges.map((c: { chargeId: string }) => c.chargeId)).not.toContain(chargeId);
      expect(JSON.stringify([file, one.json()])).not.toContain('Alcaide Pérez');
    }
    // the facility holding the person, and readers of every facility (inspectors read them all), see all of it
    expect((await get(`/disciplinary-charges/${chargeId}`, tokens.otra)).json()).toEqual(full);
    expect((await get(`/disciplinary-charges/${chargeId}`, tokens.inspector)).json()).toEqual(full);
    expect((await get(`/disciplinary-charges/${chargeId}`)).json()).toEqual(full);

    // the compliance report counts the hearing and its sanction where they were recorded: OTRA's, not FLO's
    const [floAfter, otraAfter] = [await counts('FLO'), await counts('OTRA')];
    expect(floAfter.charges).toMatchObject({
      laid: floBefore.charges.laid,
      heard: floBefore.charges.heard,
      proved: floBefore.charges.proved,
    });
    expect(floAfter.sanctions.imposed).toBe(floBefore.sanctions.imposed);
    expect(otraAfter.charges).toMatchObject({
      laid: otraBefore.charges.laid,
      heard: otraBefore.charges.heard + 1,
      proved: otraBefore.charges.proved + 1,
    });
    expect(otraAfter.sanctions.imposed).toBe(otraBefore.sanctions.imposed + 1);
  });

  it('a quashed charge leaves the conduct record', async () => {
    const { rules } = chileDiscipline();
    const { personId, chargeId } = await notified('CHI');
    await hear(chargeId, { outcome: 'dismissed' });
    const proved = await charge(personId, { incidentReference: 'INC-2' });
    await notify(proved);
    await hear(proved, {});
    const file = async () => (await get(`/people/${personId}`)).json().discipline;
    expect(rules.conductRecord, 'the Chilean profile keeps a conduct record').toBeTruthy();
    expect((await file()).conductRecord.map((c: { chargeId: string }) => c.chargeId)).toEqual([proved]);
    const appeal = await post(`/disciplinary-charges/${proved}/appeal`, { grounds: 'x' });
    expect(appeal.statusCode, appeal.body).toBe(200);
    const decision = await post(`/disciplinary-charges/${proved}/appeal/decision`, {
      decidedBy: 'J',
      outcome: 'quashed',
      reason: 'x',
    });
    expect(decision.statusCode, decision.body).toBe(200);
    expect(decision.json().status).toBe('quashed');
    expect((await file()).conductRecord).toEqual([]);
  });

  it('lists a facility’s charges by status, oldest first', async () => {
    const a = await charge(await admit());
    const b = (await notified()).chargeId;
    const c = (await notified()).chargeId;
    await hear(c, { outcome: 'dismissed' });
    const ids = async (status?: string) =>
      (await get(`/facilities/FLO/disciplinary-charges${status ? `?status=${status}` : ''}`))
        .json()
        .charges.map((x: { chargeId: string }) => x.chargeId);
    const pending = await ids();
    expect(pending).toEqual(expect.arrayContaining([a, b]));
    expect(pending).not.toContain(c);
    expect(pending.indexOf(a)).toBeLessThan(pending.indexOf(b));
    expect(await ids('awaiting-notice')).toContain(a);
    expect(await ids('awaiting-notice')).not.toContain(b);
    expect(await ids('awaiting-hearing')).toContain(b);
    expect(await ids('all')).toEqual(expect.arrayContaining([a, b, c]));
    expect((await get('/facilities/FLO/disciplinary-charges?status=open')).statusCode).toBe(400);
    expect((await get('/facilities/OTRA/disciplinary-charges', tokens.officer)).statusCode).toBe(403);
    void P;
  });
});
