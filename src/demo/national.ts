import { fakerES_MX as faker } from '@faker-js/faker';
import type { LegalBasis, Person, Status } from '../domain/custody/admission.js';
import type { DutyKind } from '../domain/safeguards/profile.js';
import { nationalProfile } from '../domain/safeguards/profiles/index.js';
import { calculate, type ReleaseDates } from '../domain/sentences/calculate.js';
import { isoOf, toDay } from '../domain/sentences/calendar.js';
import { announce } from '../store/changes.js';
import { type BulkLoad, ensureRegisterPartitions, type Store } from '../store/db.js';
import { createFacility } from '../store/facilities.js';
import { planningLead, planningOpens } from '../store/sentences.js';
import { createUser, userExists } from '../store/users.js';
import { seeded } from './facilities.js';
import { DEMO_PASSWORD, DEMO_USERS } from './load.js';
import { NATIONAL_TIMEZONE, nationalFacilities } from './national-layout.js';
import { type Action, type Custody, type Duty, MOVE_REASONS, zoneDays } from './national-model.js';
import { Agenda, fmix, gauss, idFor, poisson } from './national-sim.js';
import { CopyWriter, withoutIndexes } from './national-writer.js';
import { rutCheckDigit } from './people.js';
import { imposedPayload, nationalSentences } from './sentences.js';

/**
 * `custodia demo --national`: a synthetic national system with years of history, written straight
 * into the register and its projections with COPY (PGlite and PostgreSQL alike), in one transaction.
 *
 * Every event is what the application itself records (same kinds, same payloads, hash-chained in
 * order) and every projection row is what its write paths would leave: people, custodies, stays,
 * duties, cell occupancy, and for each custody admitted as sentenced its sentences (events
 * `sentence.imposed`, as `recordSentence` writes them, recorded at the admission) with their release
 * dates from the pure calculator and the release-planning duty they open; a sentenced custody is
 * released on its release date. Facilities go through the ordinary path. Housing follows the blocks' rules
 * (sex, untried or sentenced) and the cells' operational capacity at every moment; it does not run
 * the allocator (no groups or non-associations are generated).
 */
export interface NationalOptions {
  facilities?: number;
  people?: number;
  /** about this many register events; cell moves make up the difference */
  events?: number;
  years?: number;
  seed?: number;
  now?: Date;
  onProgress?: (done: number, total: number, what: string) => void;
}

export interface NationalResult {
  facilities: number;
  people: number;
  custodies: number;
  inCustody: number;
  events: number;
  /** admissions left out because every facility for that person was full at the time */
  turnedAway: number;
  users: string[];
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const ACTOR = 'demo';
/** rows held before a COPY */
const FLUSH = 20_000;

/** Builds the national demo into an empty database. */
export async function loadNational(store: Store, opts: NationalOptions = {}): Promise<NationalResult> {
  const nFacilities = opts.facilities ?? 80;
  const nPeople = opts.people ?? 2_000_000;
  const targetEvents = opts.events ?? nPeople * 5;
  const years = opts.years ?? 8;
  const seed = opts.seed ?? 2026;
  const now = new Date(Math.floor((opts.now ?? new Date()).getTime() / 1000) * 1000);
  const start = new Date(now.getTime() - years * 365.25 * DAY);
  const horizon = now.getTime() - start.getTime();
  const rnd = seeded(seed);

  // people are admitted evenly over the period and stay ~11 months on average (log-normal, median
  // 200 days); a quarter come back after release; the population inside settles near
  // people × 1.2 × 330 days / period
  const expectedInside = (nPeople * 1.2 * 330 * DAY) / horizon;
  const layout = nationalFacilities(nFacilities, Math.max(40, expectedInside / 1.15), rnd);
  for (const f of layout) await createFacility(store.db, f.input, ACTOR, start);
  await ensureRegisterPartitions(store.db, start, now);

  // cells: one global index; per facility and category (0 untried, 1 sentenced) the cells to pick from
  const unitRows = await store.db
    .selectFrom('unit')
    .select(['id', 'facility_code', 'code', 'operational'])
    .where('kind', '=', 'cell')
    .execute();
  const facilityIndex = new Map(layout.map((f, i) => [f.input.code, i]));
  const blockSentenced = new Map<string, boolean>();
  for (const f of layout)
    for (const b of f.input.units)
      blockSentenced.set(`${f.input.code}/${b.code}`, b.accepts?.statuses?.[0] === 'sentenced');
  const cellCode: string[] = [];
  const cellUnit = new Int32Array(unitRows.length);
  const cellRoom = new Int32Array(unitRows.length);
  const occupants = new Int32Array(unitRows.length);
  const byCategory: number[][][] = layout.map(() => [[], []]);
  unitRows.forEach((u, i) => {
    cellCode[i] = u.code;
    cellUnit[i] = u.id;
    cellRoom[i] = u.operational ?? 0;
    const f = facilityIndex.get(u.facility_code)!;
    const block = u.code.slice(0, u.code.indexOf('-'));
    byCategory[f]![blockSentenced.get(`${u.facility_code}/${block}`) ? 1 : 0]!.push(i);
  });
  const bySex = { male: [] as number[], female: [] as number[] };
  layout.forEach((f, i) => {
    bySex[f.sex].push(i);
  });

  const pickCell = (f: number, cat: number, not = -1): number => {
    const cells = byCategory[f]![cat]!;
    if (!cells.length) return -1;
    for (let k = 0; k < 8; k++) {
      const c = cells[Math.floor(rnd() * cells.length)]!;
      if (c !== not && occupants[c]! < cellRoom[c]!) return c;
    }
    const from = Math.floor(rnd() * cells.length);
    for (let k = 0; k < cells.length; k++) {
      const c = cells[(from + k) % cells.length]!;
      if (c !== not && occupants[c]! < cellRoom[c]!) return c;
    }
    return -1;
  };
  const pickFacility = (sex: 'male' | 'female', cat: number, not = -1): [number, number] => {
    const list = bySex[sex];
    for (let k = 0; k < 6; k++) {
      // weighted by size
      let r = rnd() * list.reduce((s, i) => s + (i === not ? 0 : layout[i]!.share), 0);
      for (const i of list) {
        if (i === not) continue;
        r -= layout[i]!.share;
        if (r <= 0) {
          const c = pickCell(i, cat);
          if (c >= 0) return [i, c];
          break;
        }
      }
    }
    for (const i of list) {
      if (i === not) continue;
      const c = pickCell(i, cat);
      if (c >= 0) return [i, c];
    }
    return [-1, -1];
  };

  // synthetic identities, from the person's number: nothing held per person but their sex
  faker.seed(seed);
  const pool = (f: () => string, n: number) => [...new Set(Array.from({ length: n }, f))];
  const male = pool(() => faker.person.firstName('male'), 4000);
  const female = pool(() => faker.person.firstName('female'), 4000);
  const last = pool(() => faker.person.lastName(), 6000);
  const personSex = new Uint8Array(nPeople); // 0 male, 1 female
  const personSeen = new Uint8Array(nPeople);
  // women only where a facility holds women
  if (layout.some((f) => f.sex === 'female'))
    for (let k = 0; k < nPeople; k++) personSex[k] = fmix(k ^ 0x5e5) % 100 < 8 ? 1 : 0;
  // a person is the same person at every admission: the date of birth counts from their first
  const firstAdmission = (k: number) => start.getTime() + (horizon * (k + 0.5)) / nPeople;
  const identity = (k: number): Person => {
    const h = (i: number) => fmix((k * 8 + i) ^ fmix(seed));
    const names = personSex[k] ? female : male;
    const given =
      h(3) % 10 < 6
        ? `${names[h(1) % names.length]} ${names[h(2) % names.length]}`
        : names[h(1) % names.length]!;
    // 22 or older at the first admission (21 counted in days could fall a day short of a birthday)
    const age = 22 + (h(4) % 40) + (h(5) % 365) / 365;
    const dob = new Date(firstAdmission(k) - age * 365.25 * DAY).toISOString().slice(0, 10);
    // a bijection on 0..28,999,999: national ids never repeat
    const n = 1_000_000 + ((k * 7919 + 104_729) % 29_000_000);
    return {
      givenNames: given,
      familyNames: `${last[h(6) % last.length]} ${last[h(7) % last.length]}`,
      dateOfBirth: dob,
      sex: personSex[k] ? 'female' : 'male',
      nationalId: `${n}-${rutCheckDigit(n)}`,
    };
  };

  // -- writing ---------------------------------------------------------------------------------------
  const w = new CopyWriter(ACTOR);
  let custodies = 0;
  let duties = 0;
  let turnedAway = 0;
  const open = new Set<Custody>();
  const agenda = new Agenda<Action>();
  const estimate = Math.max(targetEvents, 1);
  // per custody: admission, two duties done, the hearing or review, the release (most), a transfer
  // (some) with its notice, and for the sentenced (55 %) a sentence and its release planning done;
  // cell moves make up the rest of the events asked for
  const basePerPerson = 1.2 * 5.5;
  const movesPerCustody = Math.max(0, (targetEvents / nPeople - basePerPerson) / 1.2);

  // -- calendar days and sentences ------------------------------------------------------------------
  const { localDay, startOfDay } = zoneDays(NATIONAL_TIMEZONE);
  const today = localDay(now.getTime());
  // sentences draw from their own sequence
  const srnd = seeded(seed ^ 0x5e47);
  let sentenceNo = 0;
  const lead = planningLead('CL');
  const chainFraction = nationalProfile('CL')?.sentences?.chainFraction ?? 'per-sentence';

  /** The release-planning duty moved to a new release date, as `recordSentence` moves it. */
  const planRelease = (c: Custody, releaseDate: string | null, at: Date, s: number) => {
    if (!lead) return;
    const planning = c.duties.filter((d) => d.kind === 'release-planning');
    if (planning.some((d) => d.doneAt)) return;
    const current = planning.find((d) => !d.cancelledAt);
    const since = releaseDate ? startOfDay(toDay(planningOpens(releaseDate, lead))) : null;
    if (current && since && current.since.getTime() === since.getTime()) return;
    if (current) {
      current.cancelledAt = at;
      current.cancelledSeq = s;
    }
    if (since) openDuty(c, 'release-planning', since, at, s);
  };

  /**
   * A custody admitted as sentenced: its sentences, imposed on the day of the judgment that is its
   * legal basis and recorded with the admission, released on the day the custody ends (a custody
   * still open: after today, so nobody is held past their release date).
   */
  const sentence = (c: Custody, issued: Date, end: number) => {
    const releaseOn = end < now.getTime() ? localDay(end) : Math.max(localDay(end), today + 1);
    const facts = nationalSentences({
      ids: () => idFor(seed, 5, sentenceNo++),
      reference: c.legalBasis.reference,
      imposedOn: localDay(issued.getTime()),
      releaseOn,
      draw: srnd,
    });
    const custody = { admittedOn: isoOf(localDay(c.admittedAt.getTime())), status: 'sentenced' as const };
    const seqs: number[] = [];
    let dates: ReleaseDates | undefined;
    for (let i = 0; i < facts.length; i++) {
      const f = facts[i]!;
      const s = w.append(
        {
          kind: 'sentence.imposed',
          effectiveAt: startOfDay(toDay(f.imposedAt)),
          personId: idFor(seed, 1, c.person),
          facility: layout[c.facility]!.input.code,
          payload: imposedPayload(f, c.id, c.status),
        },
        c.admittedAt,
      );
      seqs.push(s);
      dates = calculate(facts.slice(0, i + 1), custody, { chainFraction, explain: false });
      planRelease(c, dates.releaseDate, c.admittedAt, s);
    }
    c.sentences = { facts, seqs, dates: dates! };
  };

  const flush = async (load: BulkLoad, force = false) => {
    if (!force && w.pending < FLUSH) return;
    await w.flush(load);
    opts.onProgress?.(Math.min(w.count, estimate), estimate, 'events');
  };

  /** What every event of the demo says besides its kind and payload: when, whom, where. */
  const about = (at: Date, person: number, facility: number) => ({
    effectiveAt: at,
    personId: idFor(seed, 1, person),
    facility: layout[facility]!.input.code,
  });

  const openDuty = (c: Custody, kind: DutyKind, since: Date, at: Date, s: number) => {
    const d: Duty = { id: idFor(seed, 3, duties++), kind, since, seq: s, facility: c.facility };
    c.duties.push(d);
    // examinations and notices within hours, hearings within days, pretrial reviews within months
    const within =
      kind === 'pretrial-review'
        ? (60 + rnd() * 110) * DAY
        : kind === 'release-planning'
          ? (7 + rnd() * 50) * DAY
          : kind === 'detention-hearing'
            ? (12 + rnd() * 48) * HOUR
            : (1 + rnd() * 30) * HOUR;
    const t = Math.max(since.getTime() + within, at.getTime() + 60_000);
    if (t < now.getTime()) agenda.push({ t, kind: 'fulfil', c, duty: d });
  };

  const admitAt = (person: number, at: Date): boolean => {
    const status: Status =
      fmix(person * 3 + custodies) % 100 < 8 ? 'detained' : rnd() < 0.4 ? 'pretrial' : 'sentenced';
    const cat = status === 'sentenced' ? 1 : 0;
    const [f, cell] = pickFacility(personSex[person] ? 'female' : 'male', cat);
    if (f < 0) {
      turnedAway++;
      return false;
    }
    const issued = new Date(at.getTime() - Math.floor(rnd() * 36) * HOUR);
    const kind =
      status === 'detained' ? 'arrest' : status === 'pretrial' ? 'pretrial-detention-order' : 'sentence';
    const legalBasis: LegalBasis = {
      kind,
      reference: `${kind === 'arrest' ? 'DET' : kind === 'sentence' ? 'SENT' : 'PP'}-${at.getUTCFullYear()}-${String(custodies + 1).padStart(7, '0')}`,
      issuedBy:
        status === 'detained'
          ? 'Carabineros de Chile'
          : status === 'pretrial'
            ? 'Juzgado de Garantía'
            : 'Tribunal de Juicio Oral en lo Penal',
      issuedAt: issued.toISOString(),
      expiresAt: null,
    };
    const id = idFor(seed, 2, custodies++);
    const person_ = identity(person);
    const newPerson = !personSeen[person];
    const c: Custody = {
      id,
      person,
      facility: f,
      cell,
      status,
      securityLevel: rnd() < 0.2 ? 'maximum' : rnd() < 0.6 ? 'high' : 'medium',
      legalBasis,
      admittedAt: at,
      admittedSeq: 0,
      stays: [],
      duties: [],
    };
    const s = w.append({
      kind: 'custody.admitted',
      ...about(at, person, f),
      payload: {
        custodyId: id,
        newPerson,
        person: person_,
        legalBasis,
        status,
        securityLevel: c.securityLevel,
        groups: [],
        needs: [],
        injuries: null,
        cell: cellCode[cell]!,
      },
    });
    c.admittedSeq = s;
    if (newPerson) {
      personSeen[person] = 1;
      w.row('person', [
        idFor(seed, 1, person),
        person_.givenNames,
        person_.familyNames,
        person_.dateOfBirth,
        person_.sex,
        person_.nationalId,
        s,
      ]);
    }
    occupants[cell]!++;
    c.stays.push({ facility: f, cell, from: at, startSeq: s });
    openDuty(c, 'medical-exam', at, at, s);
    openDuty(c, 'family-notification', at, at, s);
    if (status === 'detained') openDuty(c, 'detention-hearing', issued, at, s);
    if (status === 'pretrial') openDuty(c, 'pretrial-review', issued, at, s);
    // written information on rights (Mandela Rules 54-55); the demo's people have no nationality on file
    openDuty(c, 'rights-information', at, at, s);
    open.add(c);
    // how long: log-normal, median 200 days
    const length = 200 * DAY * Math.exp(gauss(rnd));
    const end = at.getTime() + length;
    if (status === 'sentenced') sentence(c, issued, end);
    if (end < now.getTime()) agenda.push({ t: end, kind: 'release', c });
    const last = Math.min(end, now.getTime());
    const moves = poisson(movesPerCustody, rnd);
    for (let k = 0; k < moves; k++)
      agenda.push({ t: at.getTime() + rnd() * (last - at.getTime()), kind: 'move', c });
    if (rnd() < 0.1) agenda.push({ t: at.getTime() + rnd() * (last - at.getTime()), kind: 'transfer', c });
    return true;
  };

  const endStay = (c: Custody, at: Date, s: number) => {
    const st = c.stays[c.stays.length - 1]!;
    st.to = at;
    st.endSeq = s;
    occupants[st.cell]!--;
  };

  const emitCustody = (c: Custody) => {
    const pid = idFor(seed, 1, c.person);
    const r = c.released;
    w.row('custody', [
      c.id,
      pid,
      layout[c.facility]!.input.code,
      c.status,
      // kept by the first sentence, as recordSentence keeps it; null while no sentence changed it
      c.sentences ? c.status : null,
      c.securityLevel,
      '{}',
      JSON.stringify(c.legalBasis),
      c.admittedAt.toISOString(),
      c.admittedSeq,
      cellUnit[c.cell]!,
      r ? r.at.toISOString() : null,
      r ? r.seq : null,
      r ? r.reason : null,
      '{}',
      false,
      null,
    ]);
    if (c.sentences) w.sentenceRows(c.id, pid, c.sentences.facts, c.sentences.seqs, c.sentences.dates);
    for (const st of c.stays)
      w.row('stay', [
        pid,
        c.id,
        layout[st.facility]!.input.code,
        cellUnit[st.cell]!,
        `[${st.from.toISOString()},${st.to ? st.to.toISOString() : ''})`,
        st.startSeq,
        st.endSeq ?? null,
      ]);
    for (const d of c.duties)
      w.row('duty', [
        d.id,
        d.kind,
        pid,
        c.id,
        layout[d.facility]!.input.code,
        d.since.toISOString(),
        d.seq,
        d.doneAt?.toISOString() ?? null,
        d.doneSeq ?? null,
        d.doneAt ? 'Registro de demostración' : null,
        d.cancelledAt?.toISOString() ?? null,
        d.cancelledSeq ?? null,
        d.doneAt && d.kind === 'rights-information' ? 'es' : null,
      ]);
  };

  const act = (a: Action) => {
    const at = new Date(Math.floor(a.t / 1000) * 1000);
    if (a.kind === 'readmit') {
      admitAt(a.person, at);
      return;
    }
    const c = a.c;
    if (c.released) return;
    // one thing at a time: no move or release in the same second as the stay it ends began
    const since = c.stays[c.stays.length - 1]!.from.getTime();
    if (a.kind !== 'fulfil' && at.getTime() <= since) {
      if (a.kind === 'release') agenda.push({ ...a, t: since + 1000 });
      return;
    }
    if (a.kind === 'fulfil') {
      if (a.duty.doneAt || a.duty.cancelledAt) return;
      const s = w.append({
        kind: 'duty.fulfilled',
        ...about(at, c.person, a.duty.facility),
        payload: {
          dutyId: a.duty.id,
          kind: a.duty.kind,
          note: 'Registro de demostración',
          // the information on rights is recorded with the language it was given in, as the API requires
          ...(a.duty.kind === 'rights-information' && { language: 'es' }),
        },
      });
      a.duty.doneAt = at;
      a.duty.doneSeq = s;
      // a pretrial detention is reviewed again, counted from this review (as the application does)
      if (a.duty.kind === 'pretrial-review') openDuty(c, 'pretrial-review', at, at, s);
    } else if (a.kind === 'move') {
      const cat = c.status === 'sentenced' ? 1 : 0;
      const to = pickCell(c.facility, cat, c.cell);
      if (to < 0) return;
      const s = w.append({
        kind: 'custody.moved',
        ...about(at, c.person, c.facility),
        payload: {
          custodyId: c.id,
          fromCell: cellCode[c.cell]!,
          toCell: cellCode[to]!,
          reason: MOVE_REASONS[Math.floor(rnd() * MOVE_REASONS.length)]!,
        },
      });
      endStay(c, at, s);
      c.cell = to;
      occupants[to]!++;
      c.stays.push({ facility: c.facility, cell: to, from: at, startSeq: s });
    } else if (a.kind === 'transfer') {
      const cat = c.status === 'sentenced' ? 1 : 0;
      const [f, to] = pickFacility(personSex[c.person] ? 'female' : 'male', cat, c.facility);
      if (f < 0) return;
      // recorded under the receiving facility, as the application records it
      const s = w.append({
        kind: 'custody.transferred',
        ...about(at, c.person, f),
        payload: {
          custodyId: c.id,
          fromFacility: layout[c.facility]!.input.code,
          fromCell: cellCode[c.cell]!,
          toFacility: layout[f]!.input.code,
          toCell: cellCode[to]!,
          reason: 'Descongestión',
        },
      });
      endStay(c, at, s);
      for (const d of c.duties) if (!d.doneAt && !d.cancelledAt) d.facility = f;
      c.facility = f;
      c.cell = to;
      occupants[to]!++;
      c.stays.push({ facility: f, cell: to, from: at, startSeq: s });
      openDuty(c, 'family-notification', at, at, s);
    } else {
      const reason = c.status === 'sentenced' ? 'Cumplimiento de condena' : 'Orden de libertad';
      const legalBasis: LegalBasis = {
        kind: 'release-order',
        reference: `LIB-${at.getUTCFullYear()}-${String(w.seq + 1).padStart(8, '0')}`,
        issuedBy: c.status === 'sentenced' ? 'Tribunal de Juicio Oral en lo Penal' : 'Juzgado de Garantía',
        issuedAt: new Date(at.getTime() - 2 * HOUR).toISOString(),
        expiresAt: null,
      };
      const s = w.append({
        kind: 'custody.released',
        ...about(at, c.person, c.facility),
        payload: { custodyId: c.id, reason, legalBasis, cell: cellCode[c.cell]! },
      });
      c.released = { at, seq: s, reason };
      endStay(c, at, s);
      for (const d of c.duties)
        if (!d.doneAt && !d.cancelledAt) {
          d.cancelledAt = at;
          d.cancelledSeq = s;
        }
      open.delete(c);
      emitCustody(c);
      const back = at.getTime() + (60 + rnd() * 940) * DAY;
      if (rnd() < 0.25 && back < now.getTime()) agenda.push({ t: back, kind: 'readmit', person: c.person });
    }
  };

  await store.bulk(async (load) => {
    const rebuild = await withoutIndexes(load, [
      'person',
      'custody',
      'sentence',
      'release_dates',
      'stay',
      'duty',
      'custody_event',
    ]);
    const head = (
      await load.query<{ seq: number | string; hash: string }>(
        'select seq, hash from register_head where id = 1 for update',
      )
    )[0]!;
    w.follow({ seq: Number(head.seq), hash: head.hash });
    // first admissions spread evenly over the period, in order; everything else from the agenda
    for (let k = 0; k < nPeople; k++) {
      const t = start.getTime() + 60_000 + ((horizon - 120_000) * (k + rnd())) / nPeople;
      for (let a = agenda.peek(); a && a.t <= t; a = agenda.peek()) {
        act(agenda.pop()!);
        await flush(load);
      }
      admitAt(k, new Date(Math.floor(t / 1000) * 1000));
      await flush(load);
    }
    for (let a = agenda.pop(); a; a = agenda.pop()) {
      act(a);
      await flush(load);
    }
    for (const c of open) emitCustody(c);
    await flush(load, true);
    const cells = [...occupants.keys()].filter((i) => occupants[i]! > 0);
    await load.query(
      'update cell_occupancy o set occupants = v.n from unnest($1::int[], $2::int[]) as v(id, n) where o.unit_id = v.id',
      [cells.map((i) => cellUnit[i]), cells.map((i) => occupants[i])],
    );
    await load.query('update register_head set seq = $1, hash = $2 where id = 1', [w.seq, w.hash]);
    await rebuild();
  });
  announce('register');
  opts.onProgress?.(estimate, estimate, 'events');
  // statistics for the planner, and the visibility map that lets the roll count from its index alone
  await store.exec('vacuum analyze');

  const users: string[] = [];
  for (const u of DEMO_USERS) {
    if (await userExists(store.db, u.username)) continue;
    await createUser(store.db, {
      ...u,
      facilities: u.facilities.map((f) => (f === 'CECOT' ? 'CP-001' : f)),
      password: DEMO_PASSWORD,
    });
    users.push(u.username);
  }
  return {
    facilities: layout.length,
    people: personSeen.reduce((s, v) => s + v, 0),
    custodies,
    inCustody: open.size,
    events: w.count + layout.length,
    turnedAway,
    users,
  };
}
