import { sql } from 'kysely';
import { daysFrom, plusDays } from '../domain/daily-life/open-air.js';
import type { DisciplineFacts } from '../domain/discipline/compliance.js';
import type { OffenceSeverity } from '../domain/register/events-rights.js';
import { parseInstant } from '../domain/time.js';
import type { Db } from './db.js';
import { must } from './util.js';

/**
 * The records of discipline and complaints a compliance report judges (the rules:
 * src/domain/discipline/compliance.ts), for a facility and a window of local dates [from, to]:
 * charges laid, heard or appealed in it, and those still unheard now; sanctions imposed in it, quashed in it, or
 * whose segregation was in force in it; complaints received or answered in it, or still unanswered.
 * A complaint's text and subject are never read here; confidential complaints only when `confidential`
 * (the reader is an inspector: seesConfidential).
 */
export async function disciplineFacts(
  db: Db,
  s: { facility: string; tz: string; from: string; to: string; confidential?: boolean },
): Promise<DisciplineFacts> {
  const start = must(parseInstant(s.from, s.tz), `the start of ${s.from}`);
  const end = must(parseInstant(plusDays(s.to, 1), s.tz), `the end of ${s.to}`);
  // a hearing counts where it was recorded (the person may have been moved since the charge was laid)
  const charges = await db
    .selectFrom('disciplinary_charge')
    .leftJoin('custody_event as he', 'he.seq', 'disciplinary_charge.hearing_seq')
    .select([
      'id',
      'disciplinary_charge.person_id',
      'disciplinary_charge.facility_code',
      'he.facility_code as heard_in',
      'offence_code',
      'offence_severity',
      'charged_at',
      'notice_at',
      'heard_at',
      'heard',
      'outcome',
      'appeal_at',
      'appeal_decided_at',
      'appeal_outcome',
    ])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('custody as cu')
            .select(sql`1`.as('one'))
            .whereRef('cu.id', '=', 'disciplinary_charge.custody_id')
            .where('cu.released_at', 'is', null),
        )
        .as('custody_open'),
    )
    .where((eb) =>
      eb.or([
        eb('disciplinary_charge.facility_code', '=', s.facility),
        eb('he.facility_code', '=', s.facility),
      ]),
    )
    .where((eb) =>
      eb.or([
        // awaiting notice or hearing now, whenever laid
        eb('heard_at', 'is', null),
        eb.and([
          eb('charged_at', '<', end),
          eb.or([
            eb('charged_at', '>=', start),
            eb('heard_at', '>=', start),
            eb('appeal_at', '>=', start),
            eb('appeal_decided_at', '>=', start),
          ]),
        ]),
      ]),
    )
    .orderBy('charged_at')
    .execute();
  const sanctions = await db
    .selectFrom('sanction as s')
    .innerJoin('disciplinary_charge as c', 'c.id', 's.charge_id')
    .leftJoin('segregation as g', 'g.id', 's.segregation_id')
    .select([
      's.id',
      's.charge_id',
      's.person_id',
      's.kind',
      's.days',
      's.starts_at',
      's.ends_at',
      's.quashed_at',
      's.segregation_id',
      'g.ended_at',
      'c.offence_severity',
    ])
    .where('s.facility_code', '=', s.facility)
    .where('s.starts_at', '<', end)
    .where((eb) =>
      eb.or([
        eb('s.starts_at', '>=', start),
        eb('s.quashed_at', '>=', start),
        eb.and([
          eb('s.segregation_id', 'is not', null),
          eb.or([eb('g.ended_at', 'is', null), eb('g.ended_at', '>=', start)]),
        ]),
      ]),
    )
    .orderBy('s.starts_at')
    .execute();
  const complaints = await db
    .selectFrom('complaint')
    .select(['id', 'person_id', 'addressee', 'confidential', 'received_at', 'responded_at'])
    .where('facility_code', '=', s.facility)
    // confidential complaints are counted for inspectors only: for every other reader they do not exist
    .$if(!s.confidential, (q) => q.where('confidential', '=', false))
    .where('received_at', '<', end)
    .where((eb) =>
      eb.or([
        eb('received_at', '>=', start),
        eb('responded_at', 'is', null),
        eb('responded_at', '>=', start),
      ]),
    )
    .orderBy('received_at')
    .execute();
  return {
    window: { from: s.from, to: s.to, days: daysFrom(s.from, s.to) + 1, start, end },
    charges: charges.map((c) => ({
      chargeId: c.id,
      personId: c.person_id,
      offenceCode: c.offence_code,
      severity: c.offence_severity,
      chargedAt: c.charged_at,
      noticeAt: c.notice_at,
      heardAt: c.heard_at,
      heard: c.heard,
      outcome: c.outcome,
      appealAt: c.appeal_at,
      appealDecidedAt: c.appeal_decided_at,
      appealOutcome: c.appeal_outcome,
      custodyOpen: !!c.custody_open,
      ...(c.facility_code !== s.facility ? { laidElsewhere: true } : {}),
      ...(c.heard_in !== null && c.heard_in !== s.facility ? { heardElsewhere: true } : {}),
    })),
    sanctions: sanctions.map((x) => ({
      sanctionId: x.id,
      chargeId: x.charge_id,
      personId: x.person_id,
      kind: x.kind,
      days: x.days,
      severity: x.offence_severity as OffenceSeverity,
      from: x.starts_at,
      until: x.ends_at,
      quashedAt: x.quashed_at,
      segregation: x.segregation_id ? { id: x.segregation_id, endedAt: x.ended_at } : null,
    })),
    complaints: complaints.map((c) => ({
      complaintId: c.id,
      personId: c.person_id,
      addressee: c.addressee,
      confidential: c.confidential,
      receivedAt: c.received_at,
      respondedAt: c.responded_at,
    })),
  };
}
