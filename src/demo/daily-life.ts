import { fakerES_MX as faker } from '@faker-js/faker';
import { plusDays } from '../domain/daily-life/open-air.js';
import { dateIn, parseInstant } from '../domain/time.js';
import { RuleError } from '../domain/violation.js';
import { allocateActivity, createActivity, joinWaitlist, recordAttendance } from '../store/activities.js';
import type { Store } from '../store/db.js';
import { recordUnitTime } from '../store/open-air.js';
import { enrolVisitor, registerVisitor } from '../store/visitors.js';
import { bookVisit, createSession, recordOutcome } from '../store/visits.js';
import { seeded } from './facilities.js';
import { rutCheckDigit } from './people.js';

/**
 * The demo's daily life (docs/daily-life.md), written through the store like real records:
 * - CECOT as reported: families turned away (a handful of visits booked, then refused), no open air
 *   (every block, each of the last 7 days, recorded with 0 minutes: the indoor corridor is not open
 *   air), no activities.
 * - The Chilean centre, a normal week: visitors registered and enrolled (family, and a Defensoría lawyer
 *   for some), a visit session every weekday afternoon, visits held over the last 7 days for most
 *   people, some booked for the coming sessions, one refused and one no-show; open air of 60-120
 *   minutes for every block each day with a few people in hospital or in court; time out of cell; a
 *   workshop, school and a programme with allocations, a waiting list and attendance.
 * Synthetic people only (faker es_MX); deterministic for the same people and `now`.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Days recorded back from today (today included): the compliance report's default window. */
const WEEK = 7;
export const CECOT_VISITS_REFUSED = 'régimen de excepción: visitas suspendidas';

interface Held {
  personId: string;
  admittedAt: Date;
  block: string;
}

/** The people held now in a facility with their block, in a stable order (admission, then document). */
async function heldIn(store: Store, facility: string): Promise<Held[]> {
  const rows = await store.db
    .selectFrom('custody as c')
    .innerJoin('person as p', 'p.id', 'c.person_id')
    .innerJoin('unit as cell', 'cell.id', 'c.cell_id')
    .innerJoin('unit as b', 'b.id', 'cell.parent_id')
    .select(['c.person_id', 'c.admitted_at', 'b.code as block'])
    .where('c.facility_code', '=', facility)
    .where('c.released_at', 'is', null)
    .orderBy('c.admitted_at')
    .orderBy('p.national_id')
    .execute();
  return rows.map((r) => ({ personId: r.person_id, admittedAt: new Date(r.admitted_at), block: r.block }));
}

/** A local time of a calendar day in a zone (hours after midnight; the demo's days have no DST jump at these hours). */
const at = (date: string, tz: string, hours: number) =>
  new Date((parseInstant(date, tz) as Date).getTime() + hours * HOUR);
const weekday = (date: string) => {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return d >= 1 && d <= 5;
};
const earlier = (a: Date, b: Date) => (a < b ? a : b);

/** Runs a write that the rules may refuse (a non-association, a full session): false when refused. */
async function tried(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (e) {
    if (e instanceof RuleError) return false;
    throw e;
  }
}

export interface DailyLifeFacility {
  code: string;
  timezone: string;
}

export interface DailyLifeSummary {
  visitors: number;
  visits: { held: number; booked: number; refused: number; noShow: number; skipped: number };
  unitTimeRecords: number;
  activities: number;
  allocations: number;
  waiting: number;
}

/** Records the demo's daily life for CECOT as reported (`sv`) and the Chilean centre (`cl`). */
export async function recordDailyLife(
  store: Store,
  sv: DailyLifeFacility,
  cl: DailyLifeFacility,
  now: Date,
  actor: string,
): Promise<DailyLifeSummary> {
  const summary: DailyLifeSummary = {
    visitors: 0,
    visits: { held: 0, booked: 0, refused: 0, noShow: 0, skipped: 0 },
    unitTimeRecords: 0,
    activities: 0,
    allocations: 0,
    waiting: 0,
  };
  await cecotAsReported(store, sv, now, actor, summary);
  await chileanWeek(store, cl, now, actor, summary);
  return summary;
}

/** A unit's open air and time out of cell for each of the last 7 days. */
async function unitTimes(
  store: Store,
  f: DailyLifeFacility,
  blocks: string[],
  now: Date,
  actor: string,
  summary: DailyLifeSummary,
  day: (
    block: string,
    date: string,
  ) => {
    openAir: number;
    /** null: not recorded */
    outOfCell: number | null;
    exceptions: { personId: string; reason: string }[];
  },
) {
  const today = dateIn(now, f.timezone);
  for (let k = WEEK - 1; k >= 0; k--) {
    const date = plusDays(today, -k);
    // recorded at the end of the day's regime (today: as it stands now)
    const when = earlier(at(date, f.timezone, 19), now);
    for (const block of blocks) {
      const d = day(block, date);
      await recordUnitTime(
        store.db,
        f.code,
        'open-air',
        { unit: block, date, minutes: d.openAir, exceptions: d.exceptions },
        actor,
        { now: when },
      );
      summary.unitTimeRecords++;
      if (d.outOfCell === null) continue;
      await recordUnitTime(
        store.db,
        f.code,
        'out-of-cell',
        { unit: block, date, minutes: d.outOfCell, exceptions: d.exceptions },
        actor,
        { now: when },
      );
      summary.unitTimeRecords++;
    }
  }
}

/**
 * CECOT as reported: no visits (a handful of families turned away), no open air (0 minutes for every
 * block each day), no activities.
 */
async function cecotAsReported(
  store: Store,
  f: DailyLifeFacility,
  now: Date,
  actor: string,
  summary: DailyLifeSummary,
) {
  const held = await heldIn(store, f.code);
  const blocks = [...new Set(held.map((h) => h.block))].sort();
  // the indoor corridor's half hour is not open air; it is not recorded as time out of cell either,
  // to keep the demo's load short (each CECOT block's record reads the block's 2,000 stays)
  await unitTimes(store, f, blocks, now, actor, summary, () => ({
    openAir: 0,
    outOfCell: null,
    exceptions: [],
  }));

  faker.seed(1603);
  const rnd = seeded(1603);
  const today = dateIn(now, f.timezone);
  const families = Math.min(6, held.length);
  for (let k = 0; k < families; k++) {
    const person = held[Math.floor(rnd() * held.length)] as Held;
    const n = 10_000_000 + Math.floor(rnd() * 89_000_000);
    const { visitorId } = await registerVisitor(
      store.db,
      {
        givenNames: faker.person.firstName('female'),
        familyNames: `${faker.person.lastName()} ${faker.person.lastName()}`,
        nationalId: `${String(n).padStart(8, '0')}-${n % 10}`,
      },
      actor,
      { now },
    );
    summary.visitors++;
    if (
      !(await tried(() =>
        enrolVisitor(store.db, person.personId, { visitorId, relationship: 'madre', kind: 'family' }, actor, {
          now,
        }),
      ))
    )
      continue;
    // the family came on a recent morning and was turned away at the gate
    const date = plusDays(today, -(1 + (k % (WEEK - 1))));
    const startsAt = at(date, f.timezone, 9);
    let visitId: string | undefined;
    const booked = await tried(async () => {
      ({ visitId } = await bookVisit(
        store.db,
        {
          personId: person.personId,
          visitorIds: [visitorId],
          kind: 'family',
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
        },
        actor,
        { now: earlier(new Date(startsAt.getTime() - 2 * DAY), now) },
      ));
    });
    if (!booked || !visitId) {
      summary.visits.skipped++;
      continue;
    }
    await recordOutcome(store.db, visitId, { outcome: 'refused', reason: CECOT_VISITS_REFUSED }, actor, {
      now: earlier(startsAt, now),
    });
    summary.visits.refused++;
  }
}

const RELATIONSHIPS = ['madre', 'padre', 'hermana', 'hermano', 'pareja', 'hija', 'hijo', 'tía', 'abuela'];

/** The Chilean centre's normal week. */
async function chileanWeek(
  store: Store,
  f: DailyLifeFacility,
  now: Date,
  actor: string,
  summary: DailyLifeSummary,
) {
  const held = await heldIn(store, f.code);
  const blocks = [...new Set(held.map((h) => h.block))].sort();
  const today = dateIn(now, f.timezone);
  const windowStart = parseInstant(plusDays(today, -(WEEK - 1)), f.timezone) as Date;
  const rnd = seeded(2049);
  faker.seed(2049);

  // -- open air and time out of cell: every block every day; a few people in hospital or in court
  const byBlock = new Map<string, Held[]>();
  for (const h of held) byBlock.set(h.block, [...(byBlock.get(h.block) ?? []), h]);
  await unitTimes(store, f, blocks, now, actor, summary, (block, date) => {
    const dayStart = parseInstant(date, f.timezone) as Date;
    const here = (byBlock.get(block) ?? []).filter((h) => h.admittedAt < dayStart);
    const exceptions: { personId: string; reason: string }[] = [];
    if (here.length && rnd() < 0.4) {
      const who = here[Math.floor(rnd() * here.length)] as Held;
      exceptions.push({
        personId: who.personId,
        reason:
          rnd() < 0.5 ? 'Hospitalizado (Hospital Penitenciario)' : 'Audiencia en el Juzgado de Garantía',
      });
    }
    return {
      openAir: 60 + 15 * Math.floor(rnd() * 5),
      outOfCell: 360 + 30 * Math.floor(rnd() * 6),
      exceptions,
    };
  });

  // -- visitors: family for most people held since before the week, and the Defensoría's lawyers
  const sinceBefore = held.filter((h) => h.admittedAt < windowStart);
  const visited = sinceBefore.filter(() => rnd() < 0.85);
  const ruts = new Set<string>();
  const rut = () => {
    let id: string;
    do {
      const n = 5_000_000 + Math.floor(rnd() * 22_000_000);
      id = `${n}-${rutCheckDigit(n)}`;
    } while (ruts.has(id));
    ruts.add(id);
    return id;
  };
  const family = new Map<string, string[]>();
  for (const h of visited) {
    const ids: string[] = [];
    const count = rnd() < 0.12 ? 2 : 1;
    for (let k = 0; k < count; k++) {
      const female = rnd() < 0.7;
      const { visitorId } = await registerVisitor(
        store.db,
        {
          givenNames: faker.person.firstName(female ? 'female' : 'male'),
          familyNames: `${faker.person.lastName()} ${faker.person.lastName()}`,
          nationalId: rut(),
          dateOfBirth: new Date(now.getTime() - (20 + rnd() * 50) * 365.25 * DAY).toISOString().slice(0, 10),
        },
        actor,
        { now: new Date(now.getTime() - 20 * DAY) },
      );
      summary.visitors++;
      const relationship = RELATIONSHIPS[Math.floor(rnd() * RELATIONSHIPS.length)] as string;
      await enrolVisitor(store.db, h.personId, { visitorId, relationship, kind: 'family' }, actor, {
        now: new Date(now.getTime() - 20 * DAY),
      });
      ids.push(visitorId);
    }
    family.set(h.personId, ids);
  }
  const lawyers: string[] = [];
  for (let k = 0; k < 4; k++) {
    const { visitorId } = await registerVisitor(
      store.db,
      {
        givenNames: faker.person.firstName(),
        familyNames: `${faker.person.lastName()} ${faker.person.lastName()}`,
        nationalId: rut(),
      },
      actor,
      { now: new Date(now.getTime() - 30 * DAY) },
    );
    summary.visitors++;
    lawyers.push(visitorId);
  }

  // -- sessions: every weekday afternoon, 14:00-18:00, from the week's first day to three days ahead
  const sessionDays: string[] = [];
  for (let k = -(WEEK - 1); k <= 3; k++)
    if (weekday(plusDays(today, k))) sessionDays.push(plusDays(today, k));
  const past = sessionDays.filter((d) => at(d, f.timezone, 18) <= now);
  const coming = sessionDays.filter((d) => at(d, f.timezone, 14) > now).slice(0, 2);
  const perSession = Math.ceil(visited.length / Math.max(1, past.length));
  for (const d of sessionDays)
    await createSession(
      store.db,
      f.code,
      {
        startsAt: at(d, f.timezone, 14).toISOString(),
        endsAt: at(d, f.timezone, 18).toISOString(),
        capacity: Math.max(40, perSession + 20),
        kinds: ['family'],
      },
      actor,
      { now: new Date(now.getTime() - 10 * DAY) },
    );

  // -- visits held this week (two hours each), one refused and one no-show; a few booked ahead
  const book = async (personId: string, date: string, slot: number, visitorIds: string[]) => {
    const startsAt = at(date, f.timezone, 14 + 2 * slot);
    let visitId: string | undefined;
    const ok = await tried(async () => {
      ({ visitId } = await bookVisit(
        store.db,
        {
          personId,
          visitorIds,
          kind: 'family',
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
        },
        actor,
        { now: earlier(new Date(startsAt.getTime() - 3 * DAY), now) },
      ));
    });
    if (!ok) summary.visits.skipped++;
    return { visitId, startsAt };
  };
  const ahead = new Set(visited.filter(() => rnd() < 0.03).map((h) => h.personId));
  let n = 0;
  for (const h of visited) {
    const visitors = family.get(h.personId) ?? [];
    if (!visitors.length) continue;
    if (past.length) {
      const { visitId, startsAt } = await book(h.personId, past[n % past.length] as string, n % 2, visitors);
      if (visitId) {
        const end = earlier(new Date(startsAt.getTime() + 2 * HOUR), now);
        const outcome = n === 7 ? 'refused' : n === 11 ? 'no-show' : 'held';
        const reason =
          outcome === 'refused'
            ? 'La visitante no portaba su cédula de identidad vigente'
            : outcome === 'no-show'
              ? 'La visita no se presentó'
              : undefined;
        await recordOutcome(store.db, visitId, { outcome, reason }, actor, { now: end });
        if (outcome === 'held') summary.visits.held++;
        else if (outcome === 'refused') summary.visits.refused++;
        else summary.visits.noShow++;
      }
    }
    if (coming.length && ahead.has(h.personId)) {
      const { visitId } = await book(h.personId, coming[n % coming.length] as string, n % 2, visitors);
      if (visitId) summary.visits.booked++;
    }
    n++;
  }
  // a legal visit on a weekday morning for some, confidential and outside the family sessions
  for (const [k, h] of visited.filter(() => rnd() < 0.06).entries()) {
    const lawyer = lawyers[k % lawyers.length] as string;
    await enrolVisitor(
      store.db,
      h.personId,
      { visitorId: lawyer, relationship: 'defensor penal público', kind: 'legal' },
      actor,
      {
        now: new Date(now.getTime() - 15 * DAY),
      },
    );
    const date = past[k % Math.max(1, past.length)];
    if (!date) continue;
    const startsAt = at(date, f.timezone, 10);
    let visitId: string | undefined;
    await tried(async () => {
      ({ visitId } = await bookVisit(
        store.db,
        {
          personId: h.personId,
          visitorIds: [lawyer],
          kind: 'legal',
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 45 * 60_000).toISOString(),
        },
        actor,
        { now: new Date(startsAt.getTime() - DAY) },
      ));
    });
    if (!visitId) {
      summary.visits.skipped++;
      continue;
    }
    await recordOutcome(store.db, visitId, { outcome: 'held' }, actor, {
      now: new Date(startsAt.getTime() + HOUR),
    });
    summary.visits.held++;
  }

  // -- activities: a workshop, school and a programme; allocated three weeks ago, a waiting list since
  const allocatedOn = new Date(now.getTime() - 21 * DAY);
  const activities = [
    { code: 'TALLER-CARP', name: 'Taller de carpintería', kind: 'work' as const, places: 40, minutes: 180 },
    {
      code: 'ESCUELA',
      name: 'Escuela: educación básica y media (CEIA)',
      kind: 'education' as const,
      places: 120,
      minutes: 240,
    },
    {
      code: 'PROG-REINS',
      name: 'Programa de intervención para la reinserción',
      kind: 'programme' as const,
      places: 30,
      minutes: 90,
    },
  ];
  const eligible = held.filter((h) => h.admittedAt < allocatedOn);
  const queue = [...eligible];
  // a stable shuffle, so that each activity takes people from every block
  for (let i = queue.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [queue[i], queue[j]] = [queue[j] as Held, queue[i] as Held];
  }
  const allocated = new Map<string, string[]>();
  let next = 0;
  for (const a of activities) {
    await createActivity(
      store.db,
      { facility: f.code, code: a.code, name: a.name, kind: a.kind, places: a.places },
      actor,
      { now: new Date(now.getTime() - 30 * DAY) },
    );
    summary.activities++;
    const people: string[] = [];
    while (people.length < a.places && next < queue.length) {
      const h = queue[next++] as Held;
      if (
        await tried(() =>
          allocateActivity(store.db, { facility: f.code, activity: a.code, personId: h.personId }, actor, {
            now: allocatedOn,
          }),
        )
      )
        people.push(h.personId);
    }
    allocated.set(a.code, people);
    summary.allocations += people.length;
  }
  // the workshop is full: recent arrivals wait for a place
  const recent = held.filter((h) => h.admittedAt >= allocatedOn).slice(0, 12);
  for (const h of recent)
    if (await tried(() => joinWaitlist(store.db, f.code, 'TALLER-CARP', h.personId, actor, { now })))
      summary.waiting++;

  // -- attendance on the week's weekdays before today
  for (const date of sessionDays.filter((d) => d < today)) {
    for (const a of activities) {
      const people = allocated.get(a.code) ?? [];
      const absent: { personId: string; reason: string }[] = [];
      const present: string[] = [];
      for (const p of people) {
        if (rnd() < 0.06)
          absent.push({
            personId: p,
            reason: rnd() < 0.5 ? 'Audiencia en el Juzgado de Garantía' : 'Atención en enfermería',
          });
        else present.push(p);
      }
      await recordAttendance(store.db, f.code, a.code, { date, minutes: a.minutes, present, absent }, actor, {
        now: earlier(at(date, f.timezone, 18), now),
      });
    }
  }
}
