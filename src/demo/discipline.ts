import type { AdmissionInput } from '../domain/custody/admission.js';
import { answerComplaint, lodgeComplaint } from '../store/complaints.js';
import type { Store } from '../store/db.js';
import { lodgeAppeal } from '../store/discipline-appeal.js';
import { giveNotice, layCharge, recordHearing } from '../store/discipline-write.js';
import { fulfilMany } from '../store/safeguards/duties.js';
import { endSegregation } from '../store/safeguards/segregation.js';

/**
 * The demo's discipline, complaints and nationalities (docs/discipline.md, docs/complaints.md,
 * docs/safeguards.md#the-demo). Synthetic, like every demo person.
 *
 * - Nationalities: in each facility some people of the country, a few foreign nationals (who get the
 *   consular-notification duty on admission), the rest unknown. Chosen by position, not by the
 *   random generator, so the rest of the demo is the same as without them.
 * - The Chilean centre disciplines with due process: an assault charged, notified in Spanish, heard
 *   with a public defender and proved, five days of isolation with the daily health visits and the
 *   segregation ended on time; a resistance to orders proved with a visit restriction starting now,
 *   and appealed; a noise charge dismissed; one charge awaiting its hearing. Its complaints: one to
 *   the governor answered in time, one to a judge open, one to the inspector in confidence.
 * - CECOT, as reported: two charges awaiting notice and hearing on the governor's work list, and a
 *   complaint to the governor unanswered for 45 days.
 */

const DAY = 86_400_000;
const H = 3_600_000;

/** Nationalities by position: every `foreignEvery`-th a foreign one (in turn), every `homeEvery`-th the home country's. */
export function withNationalities(
  list: AdmissionInput[],
  home: string,
  foreign: string[],
  homeEvery: number,
  foreignEvery: number,
): AdmissionInput[] {
  return list.map((a, i) => {
    const nationality =
      i % foreignEvery === foreignEvery - 1
        ? foreign[Math.floor(i / foreignEvery) % foreign.length]
        : i % homeEvery === 0
          ? home
          : undefined;
    return nationality ? { ...a, person: { ...a.person, nationality } } : a;
  });
}

/** People held in a facility since before `before`, newest first, skipping the first `skip`. */
async function heldSince(store: Store, facility: string, before: Date, n: number, skip: number) {
  const rows = await store.db
    .selectFrom('custody')
    .select('person_id')
    .where('facility_code', '=', facility)
    .where('released_at', 'is', null)
    .where('admitted_at', '<', before)
    .orderBy('admitted_at', 'desc')
    .orderBy('person_id')
    .offset(skip)
    .limit(n)
    .execute();
  return rows.map((r) => r.person_id);
}

const iso = (t: number) => new Date(Math.floor(t / 1000) * 1000).toISOString();

/** Records the demo's discipline and complaints; answers what it recorded. */
export async function recordDiscipline(store: Store, now: Date, actor: string) {
  const db = store.db;
  const t = now.getTime();
  const at = (ms: number) => ({ now: new Date(Math.floor(ms / 1000) * 1000) });
  const cl = await heldSince(store, 'CDP-SUR', new Date(t - 40 * DAY), 7, 25);
  const sv = await heldSince(store, 'CECOT', new Date(t - 60 * DAY), 3, 25);
  if (cl.length < 7 || sv.length < 3) return { charges: 0, complaints: 0 };
  const [assault, resisting, noisy, waiting, toGovernor, toJudge, toInspector] = cl as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  let charges = 0;

  // An assault: charged, told, heard and proved; five days of isolation, visited daily, ended on time.
  const t0 = t - 14 * DAY;
  const a = await layCharge(
    db,
    {
      personId: assault,
      incidentReference: 'INC-CDP-2291',
      offence: {
        code: 'cl-78-a',
        severity: 'grave',
        description: 'Agresión a otro interno en el patio del módulo 3',
      },
      occurredAt: iso(t0 - 20 * H),
    },
    actor,
    at(t0 - 18 * H),
  );
  await giveNotice(db, a.chargeId, { language: 'es' }, actor, at(t0 - 16 * H));
  const heard = await recordHearing(
    db,
    a.chargeId,
    {
      adjudicator: 'Alcaide del CDP Sur',
      heard: true,
      outcome: 'proved',
      legalAssistance: 'Defensoría Penal Pública',
      plea: 'denied',
      evidence: 'Parte del funcionario de guardia; registro de cámara del patio',
      sanctions: [{ kind: 'isolation', days: 5 }],
    },
    actor,
    at(t0),
  );
  charges++;
  const isolation = heard.sanctions.find((s) => s.kind === 'isolation');
  if (isolation?.segregationId && isolation.until) {
    const until = new Date(isolation.until).getTime();
    // the health-care staff's daily visit (Mandela Rule 46): each one done opens the next day's
    for (let k = 0; k < 8; k++) {
      const open = await db
        .selectFrom('duty')
        .select(['id', 'since'])
        .where('person_id', '=', assault)
        .where('kind', '=', 'health-visit')
        .where('done_at', 'is', null)
        .where('cancelled_at', 'is', null)
        .executeTakeFirst();
      const doneAt = open ? open.since.getTime() + (k === 0 ? 2 * H : 22 * H) : Number.POSITIVE_INFINITY;
      if (!open || doneAt >= until) break;
      await fulfilMany(
        db,
        [{ id: open.id, doneAt: new Date(doneAt), note: 'Visita diaria de enfermería' }],
        actor,
        now,
      );
    }
    await endSegregation(
      db,
      isolation.segregationId,
      { endedAt: iso(until), note: 'Cumplida la sanción de aislamiento' },
      actor,
      { now },
    );
  }

  // Resisting orders: proved an hour ago, family and intimate visits restricted for 14 days, appealed.
  const b = await layCharge(
    db,
    {
      personId: resisting,
      incidentReference: 'INC-CDP-2307',
      offence: {
        code: 'cl-78-b',
        severity: 'grave',
        description: 'Se negó a volver a su celda tras el recuento y empujó a un funcionario',
      },
      occurredAt: iso(t - 3 * DAY),
    },
    actor,
    at(t - 3 * DAY + 2 * H),
  );
  await giveNotice(db, b.chargeId, { language: 'es' }, actor, at(t - 3 * DAY + 5 * H));
  await recordHearing(
    db,
    b.chargeId,
    {
      adjudicator: 'Alcaide del CDP Sur',
      heard: true,
      outcome: 'proved',
      plea: 'admitted',
      sanctions: [{ kind: 'visit-restriction', days: 14 }],
    },
    actor,
    at(t - H),
  );
  await lodgeAppeal(
    db,
    b.chargeId,
    { grounds: 'La restricción de visitas es desproporcionada: es la primera falta en tres años' },
    actor,
    at(t - 30 * 60_000),
  );
  charges++;

  // Noise after lights out: heard and dismissed.
  const c = await layCharge(
    db,
    {
      personId: noisy,
      incidentReference: 'INC-CDP-2299',
      offence: {
        code: 'cl-ruidos',
        severity: 'minor',
        description: 'Ruidos molestos después del toque de silencio',
      },
      occurredAt: iso(t - 6 * DAY),
    },
    actor,
    at(t - 6 * DAY + 3 * H),
  );
  await giveNotice(db, c.chargeId, { language: 'es' }, actor, at(t - 6 * DAY + 6 * H));
  await recordHearing(
    db,
    c.chargeId,
    {
      adjudicator: 'Jefe interno del CDP Sur',
      heard: true,
      outcome: 'dismissed',
      plea: 'denied',
      evidence: 'Sin testigos; el funcionario no identificó la celda',
    },
    actor,
    at(t - 5 * DAY),
  );
  charges++;

  // Awaiting its hearing: told this morning.
  const d = await layCharge(
    db,
    {
      personId: waiting,
      incidentReference: 'INC-CDP-2311',
      offence: { code: 'cl-78-d', severity: 'grave', description: 'Barrotes de la ventana aserrados' },
      occurredAt: iso(t - 20 * H),
    },
    actor,
    at(t - 10 * H),
  );
  await giveNotice(db, d.chargeId, { language: 'es' }, actor, at(t - 4 * H));
  charges++;

  // CECOT, as reported: the governor's work list holds a charge awaiting notice and one its hearing.
  const [svA, svB, svC] = sv as [string, string, string];
  await layCharge(
    db,
    {
      personId: svA,
      incidentReference: 'CECOT-INC-0412',
      offence: { code: 'sv-riña', severity: 'less-grave', description: 'Riña en el pasillo del módulo 4' },
      occurredAt: iso(t - 8 * H),
    },
    actor,
    at(t - 3 * H),
  );
  const e = await layCharge(
    db,
    {
      personId: svB,
      incidentReference: 'CECOT-INC-0409',
      offence: { code: 'sv-objeto', severity: 'grave', description: 'Objeto cortante hallado en la celda' },
      occurredAt: iso(t - 30 * H),
    },
    actor,
    at(t - 28 * H),
  );
  await giveNotice(db, e.chargeId, { language: 'es' }, actor, at(t - 20 * H));
  charges += 2;

  // Complaints: answered in time, open with a judge, confidential to the inspector; in CECOT unanswered.
  const lodge = (
    personId: string,
    ms: number,
    input: Omit<Parameters<typeof lodgeComplaint>[1], 'personId'>,
  ) => lodgeComplaint(db, { ...input, personId, receivedAt: iso(ms) }, actor, { now });
  const food = await lodge(toGovernor, t - 20 * DAY, {
    addressee: 'governor',
    subject: 'Alimentación',
    text: 'La cena llega fría al módulo 2 desde hace dos semanas.',
  });
  await answerComplaint(
    db,
    food.complaintId,
    {
      text: 'Se cambió el horario del carro de comida; se revisará en una semana.',
      respondedAt: iso(t - 12 * DAY),
    },
    actor,
    { roles: ['governor'], now },
  );
  await lodge(toJudge, t - 5 * DAY, {
    addressee: 'judge',
    subject: 'Traslado',
    text: 'Solicita al Juzgado de Garantía el traslado a un centro cercano a su familia en Temuco.',
  });
  await lodge(toInspector, t - 3 * DAY, {
    addressee: 'inspector',
    confidential: true,
    subject: 'Trato de un funcionario',
    text: 'Denuncia golpes de un funcionario durante el allanamiento del módulo 2.',
  });
  await lodge(svC, t - 45 * DAY, {
    addressee: 'governor',
    subject: 'Atención médica',
    text: 'Pide atención médica por dolor de muelas desde hace un mes.',
  });
  return { charges, complaints: 4 };
}
