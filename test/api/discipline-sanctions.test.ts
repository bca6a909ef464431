import { describe, expect, it } from 'vitest';
import { giveNotice, layCharge, recordHearing } from '../../src/store/discipline-write.js';
import { admission } from '../helpers/api.js';
import { disciplineWorld, visitBody } from '../helpers/discipline.js';

const ago = (days: number) => new Date(Date.now() - days * 86_400_000);

/**
 * A sanction's days and what already stood in its way (docs/discipline.md, "What a sanction does"):
 * an isolation past its end, a hearing recorded late, visits booked before a visit restriction, an
 * appeal quashed at the instant an isolation began.
 */
describe('sanctions over time', () => {
  const w = disciplineWorld();
  const { notified, hear, post, get, events, duties, tokens, visitor } = w;
  const db = () => w.api.store.db;

  /** A person admitted 30 days ago, charged 10 days ago and told of it an hour later (store functions, earlier `now`). */
  const chargedLongAgo = async () => {
    const res = await post('/admissions', admission('FLO', { admittedAt: ago(30).toISOString() }));
    expect(res.statusCode, res.body).toBe(201);
    const personId = res.json().personId as string;
    const { chargeId } = await layCharge(
      db(),
      {
        personId,
        incidentReference: `INC-PAST-${personId}`,
        offence: { code: 'riña', severity: 'grave', description: 'Riña' },
        occurredAt: ago(11).toISOString(),
      },
      'test',
      { now: ago(10) },
    );
    await giveNotice(db(), chargeId, { language: 'es' }, 'test', {
      now: new Date(ago(10).getTime() + 3_600_000),
    });
    return { personId, chargeId };
  };
  const isolation3 = {
    adjudicator: 'Alcaide',
    heard: true,
    outcome: 'proved' as const,
    sanctions: [{ kind: 'isolation' as const, days: 3 }],
  };
  /** The person's `mandela-39` alerts. */
  const alertsOf = async (personId: string) => {
    const res = await get('/alerts?facility=FLO&limit=5000', tokens.governor);
    expect(res.statusCode, res.body).toBe(200);
    // an admission dated in the past leaves its own duties overdue: only the isolation's alerts here
    return res
      .json()
      .alerts.filter(
        (a: { personId: string; rule: string }) => a.personId === personId && a.rule === 'mandela-39',
      );
  };

  it('an isolation left open past its sanction’s end is a mandela-39 alert until it ends', async () => {
    // heard 9 days ago, recorded then: 3 days, the segregation never ended
    const { personId, chargeId } = await chargedLongAgo();
    const heard = await recordHearing(db(), chargeId, isolation3, 'test', { now: ago(9) });
    const iso = heard.sanctions[0]!;
    expect(await alertsOf(personId)).toEqual([
      expect.objectContaining({
        rule: 'mandela-39',
        profile: 'un-mandela',
        severity: 'critical',
        facility: 'FLO',
        dueAt: iso.until,
        segregationId: iso.segregationId,
        message: expect.stringContaining('stayed in isolation after their sanction ended'),
      }),
    ]);
    // an isolation still within its days is no alert; ended, the alert goes
    const current = await notified();
    await hear(current.chargeId, { sanctions: [{ kind: 'isolation', days: 3 }] });
    expect(await alertsOf(current.personId)).toEqual([]);
    const end = await post(`/segregations/${iso.segregationId}/end`, { note: 'Cumplida' });
    expect(end.statusCode, end.body).toBe(200);
    expect(await alertsOf(personId)).toEqual([]);
  });

  it('a hearing recorded after the isolation’s days ran ends its segregation at their end, in the same transaction', async () => {
    const { personId, chargeId } = await chargedLongAgo();
    const heldAt = ago(9).toISOString();
    const view = await hear(chargeId, { ...isolation3, heldAt });
    const iso = view.sanctions[0];
    const seg = await db()
      .selectFrom('segregation')
      .selectAll()
      .where('id', '=', iso.segregationId)
      .executeTakeFirstOrThrow();
    expect(seg.started_at.toISOString()).toBe(heldAt);
    expect(seg.ended_at?.toISOString()).toBe(iso.until);
    const [heard] = await events(personId, 'discipline.heard');
    const [started] = await events(personId, 'segregation.started');
    const [ended] = await events(personId, 'segregation.ended');
    expect(ended).toMatchObject({ seq: started!.seq + 1, payload: { id: seg.id } });
    expect(new Date(ended!.effective_at).toISOString()).toBe(iso.until);
    expect(ended!.recorded_at).toEqual(heard!.recorded_at);
    expect(seg.ended_seq).toBe(ended!.seq);
    const [visit] = await duties(personId, 'health-visit');
    expect(visit).toMatchObject({ opened_seq: started!.seq, cancelled_seq: ended!.seq, done_at: null });
    expect(visit!.cancelled_at?.toISOString()).toBe(iso.until);
    expect(await alertsOf(personId)).toEqual([]);
    // the person may be segregated again
    const again = await post('/segregations', { personId, authority: 'Alcaide', reason: 'Protección' });
    expect(again.statusCode, again.body).toBe(201);
  });

  it('a visit restriction cancels the family and intimate visits already booked in its days, never legal ones', async () => {
    const { personId, chargeId } = await notified();
    const family = await visitor(personId, 'family');
    const lawyer = await visitor(personId, 'legal');
    const book = async (body: Record<string, unknown>) => {
      const res = await post('/visits', body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json().visitId as string;
    };
    const inDays = await book(visitBody(personId, family, 'family', 2));
    const intimate = await book(visitBody(personId, family, 'intimate', 3));
    const legal = await book(visitBody(personId, lawyer, 'legal', 4));
    const after = await book(visitBody(personId, family, 'family', 12));
    const view = await hear(chargeId, { sanctions: [{ kind: 'visit-restriction', days: 10 }] });
    const sanctionId = view.sanctions[0].sanctionId;
    const visits = await db()
      .selectFrom('visit')
      .select(['id', 'status', 'reason', 'outcome_seq'])
      .where('person_id', '=', personId)
      .execute();
    const byId = new Map(visits.map((v) => [v.id, v]));
    expect(byId.get(legal)).toMatchObject({ status: 'booked', reason: null, outcome_seq: null });
    expect(byId.get(after)).toMatchObject({ status: 'booked', reason: null, outcome_seq: null });
    const [heard] = await events(personId, 'discipline.heard');
    const outcomes = await events(personId, 'visit.outcome-recorded');
    expect(outcomes.map((e) => e.payload)).toEqual([
      { visitId: inDays, outcome: 'cancelled', reason: expect.stringContaining(sanctionId) },
      { visitId: intimate, outcome: 'cancelled', reason: expect.stringContaining(sanctionId) },
    ]);
    for (const [i, id] of [inDays, intimate].entries()) {
      const e = outcomes[i]!;
      expect(e.seq).toBe(heard!.seq + 1 + i);
      expect((e.payload as { reason: string }).reason).toContain(chargeId);
      expect(byId.get(id)).toMatchObject({ status: 'cancelled', outcome_seq: e.seq });
      expect(byId.get(id)?.reason).toBe((e.payload as { reason: string }).reason);
    }
  });

  it('an appeal quashed at the instant the isolation began lifts it when its segregation ends: no overrun', async () => {
    const { personId, chargeId } = await notified();
    const heard = await hear(chargeId, { sanctions: [{ kind: 'isolation', days: 3 }] });
    const at = heard.hearing.heldAt as string;
    const appeal = await post(`/disciplinary-charges/${chargeId}/appeal`, { grounds: 'x', lodgedAt: at });
    expect(appeal.statusCode, appeal.body).toBe(200);
    const decision = await post(`/disciplinary-charges/${chargeId}/appeal/decision`, {
      decidedAt: at,
      decidedBy: 'Juez',
      outcome: 'quashed',
      reason: 'x',
    });
    expect(decision.statusCode, decision.body).toBe(200);
    const v = decision.json();
    expect(v.appeal.decidedAt).toBe(at);
    const seg = await db()
      .selectFrom('segregation')
      .selectAll()
      .where('id', '=', heard.sanctions[0].segregationId)
      .executeTakeFirstOrThrow();
    // a segregation ends after it began: a moment later, and the sanction is quashed at that moment
    expect(seg.ended_at!.getTime()).toBeGreaterThan(seg.started_at.getTime());
    expect(v.sanctions[0].quashedAt).toBe(seg.ended_at!.toISOString());
    const report = await get('/facilities/FLO/compliance', tokens.governor);
    expect(report.statusCode, report.body).toBe(200);
    const overruns = report
      .json()
      .findings.filter(
        (f: { rule: string; subject: string }) => f.rule === 'mandela-39' && f.subject === personId,
      );
    expect(overruns).toEqual([]);
  });
});
