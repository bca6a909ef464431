import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { DutyKind, Profile, Span } from '../domain/safeguards/profile.js';
import { FLOOR, nationalProfile } from '../domain/safeguards/profiles/index.js';
import { type CustodyFacts, calculate } from '../domain/sentences/calculate.js';
import { addMonths, isoOf, toDay } from '../domain/sentences/calendar.js';
import {
  type ChainFraction,
  type Credit,
  type CreditKind,
  checkCredit,
  checkLifeFollowed,
  checkReduction,
  checkRelation,
  checkSentence,
  type OffenceCategory,
  type Reduction,
  type Relation,
  type SentenceFacts,
  type SentenceLength,
} from '../domain/sentences/sentence.js';
import { dateIn, parseInstant } from '../domain/time.js';
import { notFound, refuse } from '../domain/violation.js';
import { requireOpenCustody } from './custody-state.js';
import type { Db } from './db.js';
import { facilityRow } from './facilities.js';
import { loadCells } from './housing.js';
import { appendEvents, type Trx, type WriteOptions, withRegister } from './register.js';
import { openDuties } from './safeguards/duties.js';

/**
 * Sentences in the register (docs/sentences.md): each change an event, the `sentence`,
 * `sentence_credit`, `sentence_reduction` and `release_dates` tables projections of them, written in
 * the same transaction. The dates come from the pure calculator (src/domain/sentences/calculate.ts).
 */

export interface SentenceInput {
  personId: string;
  caseReference: string;
  court: string;
  imposedAt: string;
  length: SentenceLength;
  offenceCategory: OffenceCategory;
  relation?: Relation;
}

export type SentenceCorrection = Partial<Omit<SentenceInput, 'personId' | 'relation'>> & {
  relation?: Relation | null;
  reason: string;
};

type SentenceRow = Awaited<ReturnType<typeof sentenceRow>>;

/** Sentences with the facility and end of their custody. */
const sentencesWithCustody = (db: Db | Trx) =>
  db
    .selectFrom('sentence as s')
    .innerJoin('custody as c', 'c.id', 's.custody_id')
    .selectAll('s')
    .select(['c.facility_code', 'c.released_at']);

async function sentenceRow(db: Db | Trx, id: string) {
  const s = await sentencesWithCustody(db).where('s.id', '=', id).executeTakeFirst();
  if (!s) throw notFound('unknown-sentence', { id });
  return s;
}

/** The chain fraction the facility's national profile reads (per sentence without one). */
export const chainFraction = (jurisdiction: string): ChainFraction =>
  nationalProfile(jurisdiction)?.sentences?.chainFraction ?? 'per-sentence';

/** The person's sentences with their relations (the chain checks read them). */
async function relationsOf(trx: Trx, personId: string) {
  const mine = await trx
    .selectFrom('sentence')
    .select(['id', 'relation_kind', 'relation_to'])
    .where('person_id', '=', personId)
    .execute();
  return mine.map((s) => ({
    id: s.id,
    relation: s.relation_to ? { kind: s.relation_kind as Relation['kind'], to: s.relation_to } : null,
  }));
}

/** Refuses a relation to a sentence that is unknown, or that the chain rules refuse (checkRelation). */
async function checkLink(
  trx: Trx,
  id: string,
  own: { personId: string; custodyId: string },
  relation: Relation,
): Promise<void> {
  const target = await trx
    .selectFrom('sentence')
    .select(['person_id', 'custody_id', 'length'])
    .where('id', '=', relation.to)
    .executeTakeFirst();
  if (!target) throw notFound('unknown-sentence', { id: relation.to });
  checkRelation(
    id,
    own,
    relation,
    { personId: target.person_id, custodyId: target.custody_id, length: target.length as SentenceLength },
    await relationsOf(trx, own.personId),
  );
}

/**
 * A sentence to change (a credit, a reduction, a correction): the caller must act for the facility
 * of its custody, and that custody must still be open (409 `not-in-custody`: a released person's
 * sentences are history).
 */
async function openSentence(trx: Trx, id: string, opts: WriteOptions) {
  const s = await sentenceRow(trx, id);
  opts.authorize?.(s.facility_code);
  if (s.released_at !== null)
    throw refuse([{ rule: 'not-in-custody', subject: 'sentenceId', params: { person: s.person_id } }]);
  return s;
}

/** A sentence for a person in custody: the custody is `sentenced` from then; the answer has the new dates. */
export async function recordSentence(db: Db, input: SentenceInput, actor: string, opts: WriteOptions = {}) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const c = await requireOpenCustody(trx, input.personId);
    opts.authorize?.(c.facility);
    const f = await facilityRow(trx, c.facility);
    checkSentence(input, dateIn(now, f.timezone));
    const id = randomUUID();
    if (input.relation)
      await checkLink(trx, id, { personId: input.personId, custodyId: c.custodyId }, input.relation);
    const custody = await trx
      .selectFrom('custody')
      .select(['status'])
      .where('id', '=', c.custodyId)
      .executeTakeFirstOrThrow();
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'sentence.imposed',
          effectiveAt: startOfDay(input.imposedAt, f.timezone),
          personId: input.personId,
          facility: c.facility,
          payload: {
            sentenceId: id,
            custodyId: c.custodyId,
            caseReference: input.caseReference,
            court: input.court,
            imposedAt: input.imposedAt,
            length: input.length,
            offenceCategory: input.offenceCategory,
            relation: input.relation ?? null,
            statusBefore: custody.status,
          },
        },
      ],
      now,
    );
    await trx
      .insertInto('sentence')
      .values({
        id,
        person_id: input.personId,
        custody_id: c.custodyId,
        case_reference: input.caseReference,
        court: input.court,
        imposed_at: input.imposedAt,
        length: JSON.stringify(input.length),
        offence_category: input.offenceCategory,
        relation_kind: input.relation?.kind ?? null,
        relation_to: input.relation?.to ?? null,
        seq: ev.seq,
        corrected_seq: null,
      })
      .execute();
    // the status of admission is kept the first time it changes (until then `status` is it)
    await sql`update custody set admitted_status = coalesce(admitted_status, status), status = 'sentenced'
      where id = ${c.custodyId}`.execute(trx);
    const findings = await housingFindings(trx, c.facility, c.cell, input.personId, f.jurisdiction);
    const dates = await recompute(trx, c.custodyId, ev.seq, now);
    return { sentenceId: id, seq: ev.seq, findings, ...dates };
  });
}

/**
 * Mandela rule 11 on sentencing: a person now sentenced in a cell that does not take sentenced
 * people (the cell's or a parent unit's acceptance rules) is a housing finding of the floor's
 * separation rule. The sentence is recorded all the same: it is a fact, the housing must follow it.
 */
async function housingFindings(
  trx: Trx,
  facility: string,
  cell: string,
  personId: string,
  jurisdiction: string,
) {
  const { cells } = await loadCells(trx, facility);
  const statuses = cells.find((x) => x.code === cell)?.accepts.statuses;
  if (!statuses || statuses.includes('sentenced')) return [];
  return [FLOOR, nationalProfile(jurisdiction)]
    .filter((p): p is Profile => !!p?.separation)
    .map((p) => ({
      rule: p.separation?.rule ?? 'mandela-11',
      ref: p.separation?.ref ?? '',
      severity: p.separation?.severity ?? 'serious',
      profile: p.id,
      message: 'finding.sentenced-not-accepted',
      params: { person: personId, cell },
    }));
}

/** Credit (abono) of days held elsewhere; a day counts once whatever records cover it. */
export async function creditSentence(
  db: Db,
  sentenceId: string,
  input: { from: string; to: string; kind: CreditKind; reference: string },
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const s = await openSentence(trx, sentenceId, opts);
    checkCredit(input);
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'sentence.credited',
          effectiveAt: now,
          personId: s.person_id,
          facility: s.facility_code,
          payload: {
            sentenceId,
            from: input.from,
            to: input.to,
            kind: input.kind,
            reference: input.reference,
          },
        },
      ],
      now,
    );
    await trx
      .insertInto('sentence_credit')
      .values({
        seq: ev.seq,
        sentence_id: sentenceId,
        from_date: input.from,
        to_date: input.to,
        kind: input.kind,
        reference: input.reference,
      })
      .execute();
    return { sentenceId, seq: ev.seq, ...(await recompute(trx, s.custody_id, ev.seq, now)) };
  });
}

/** A reduction granted (Ley 19.856): recorded as the commission granted it, not computed. */
export async function reduceSentence(
  db: Db,
  sentenceId: string,
  input: { days: number; grantedAt: string; reference: string },
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const s = await openSentence(trx, sentenceId, opts);
    const f = await facilityRow(trx, s.facility_code);
    checkReduction(input, s.imposed_at, dateIn(now, f.timezone));
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'sentence.reduced',
          effectiveAt: startOfDay(input.grantedAt, f.timezone),
          personId: s.person_id,
          facility: s.facility_code,
          payload: { sentenceId, days: input.days, grantedAt: input.grantedAt, reference: input.reference },
        },
      ],
      now,
    );
    await trx
      .insertInto('sentence_reduction')
      .values({
        seq: ev.seq,
        sentence_id: sentenceId,
        days: input.days,
        granted_at: input.grantedAt,
        reference: input.reference,
      })
      .execute();
    return { sentenceId, seq: ev.seq, ...(await recompute(trx, s.custody_id, ev.seq, now)) };
  });
}

const CORRECTABLE = ['caseReference', 'court', 'imposedAt', 'length', 'offenceCategory', 'relation'] as const;

/** A correction of a sentence as imposed, with its reason; the register keeps what it was. */
export async function correctSentence(
  db: Db,
  sentenceId: string,
  input: SentenceCorrection,
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const s = await openSentence(trx, sentenceId, opts);
    const f = await facilityRow(trx, s.facility_code);
    const current = facts(s);
    const next = {
      ...current,
      ...Object.fromEntries(CORRECTABLE.filter((k) => input[k] !== undefined).map((k) => [k, input[k]])),
    } as typeof current;
    checkSentence(next, dateIn(now, f.timezone));
    const own = { personId: s.person_id, custodyId: s.custody_id };
    if (input.relation) await checkLink(trx, sentenceId, own, input.relation);
    checkLifeFollowed(sentenceId, next.length, await relationsOf(trx, s.person_id));
    // what was recorded against the sentence must still fit it
    const reductions = await trx
      .selectFrom('sentence_reduction')
      .select('granted_at')
      .where('sentence_id', '=', sentenceId)
      .execute();
    for (const r of reductions)
      checkReduction({ grantedAt: r.granted_at }, next.imposedAt, dateIn(now, f.timezone));
    const changes: Record<string, unknown> = {};
    const before: Record<string, unknown> = {};
    for (const k of CORRECTABLE)
      if (input[k] !== undefined) {
        changes[k] = input[k];
        before[k] = current[k];
      }
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'sentence.corrected',
          effectiveAt: now,
          personId: s.person_id,
          facility: s.facility_code,
          corrects: s.seq,
          payload: { sentenceId, reason: input.reason, changes, before },
        },
      ],
      now,
    );
    await trx
      .updateTable('sentence')
      .set({
        case_reference: next.caseReference,
        court: next.court,
        imposed_at: next.imposedAt,
        length: JSON.stringify(next.length),
        offence_category: next.offenceCategory,
        relation_kind: next.relation?.kind ?? null,
        relation_to: next.relation?.to ?? null,
        corrected_seq: ev.seq,
      })
      .where('id', '=', sentenceId)
      .execute();
    return { sentenceId, seq: ev.seq, ...(await recompute(trx, s.custody_id, ev.seq, now)) };
  });
}

function facts(s: SentenceRow) {
  return {
    caseReference: s.case_reference,
    court: s.court,
    imposedAt: s.imposed_at,
    length: s.length as SentenceLength,
    offenceCategory: s.offence_category as OffenceCategory,
    relation: s.relation_to ? { kind: s.relation_kind as Relation['kind'], to: s.relation_to } : null,
  };
}

/** The instant a calendar day begins in the zone. */
const startOfDay = (date: string, tz: string): Date =>
  parseInstant(date, tz) ?? new Date(`${date}T00:00:00Z`);

/** Everything the calculator needs about a custody's sentences, from the projections. */
export async function sentenceFacts(db: Db | Trx, custodyIds: string[]) {
  if (!custodyIds.length) return new Map<string, { facts: SentenceFacts[]; rows: SentenceRow[] }>();
  const rows = await sentencesWithCustody(db).where('s.custody_id', 'in', custodyIds).execute();
  const ids = rows.map((r) => r.id);
  const credits = ids.length
    ? await db
        .selectFrom('sentence_credit')
        .selectAll()
        .where('sentence_id', 'in', ids)
        .orderBy('seq')
        .execute()
    : [];
  const reductions = ids.length
    ? await db
        .selectFrom('sentence_reduction')
        .selectAll()
        .where('sentence_id', 'in', ids)
        .orderBy('seq')
        .execute()
    : [];
  const out = new Map<string, { facts: SentenceFacts[]; rows: SentenceRow[] }>();
  for (const r of rows) {
    const entry = out.get(r.custody_id) ?? { facts: [], rows: [] };
    entry.rows.push(r);
    entry.facts.push({
      id: r.id,
      ...facts(r),
      credits: credits
        .filter((c) => c.sentence_id === r.id)
        .map(
          (c): Credit => ({
            from: c.from_date,
            to: c.to_date,
            kind: c.kind as CreditKind,
            reference: c.reference,
          }),
        ),
      reductions: reductions
        .filter((x) => x.sentence_id === r.id)
        .map((x): Reduction => ({ days: x.days, grantedAt: x.granted_at, reference: x.reference })),
    });
    out.set(r.custody_id, entry);
  }
  return out;
}

/** The custody facts the calculator reads: its first day (in the facility's zone) and first status. */
async function custodyFacts(db: Db | Trx, custodyId: string) {
  const c = await db
    .selectFrom('custody as c')
    .innerJoin('facility as f', 'f.code', 'c.facility_code')
    .select([
      'c.admitted_at',
      'c.admitted_status',
      'c.status',
      'c.released_at',
      'c.person_id',
      'c.facility_code',
      'f.timezone',
      'f.jurisdiction',
    ])
    .where('c.id', '=', custodyId)
    .executeTakeFirstOrThrow();
  return { c, facts: custodyFactsOf(c) };
}

/** What the calculator reads of a custody: its first day in the facility's zone, its status of admission. */
export const custodyFactsOf = (c: {
  admitted_at: Date;
  admitted_status: string | null;
  status: string;
  timezone: string;
}): CustodyFacts => ({
  admittedOn: dateIn(c.admitted_at, c.timezone),
  status: (c.admitted_status ?? c.status) as CustodyFacts['status'],
});

/**
 * The custody's dates again, after a sentence event (`seq`): the release_dates row, and the
 * release-planning duty moved to its new opening (a done one stays done; none without a date).
 */
async function recompute(trx: Trx, custodyId: string, seq: number, now: Date) {
  const { c, facts: cf } = await custodyFacts(trx, custodyId);
  const sentences = (await sentenceFacts(trx, [custodyId])).get(custodyId)?.facts ?? [];
  const d = calculate(sentences, cf, { chainFraction: chainFraction(c.jurisdiction), explain: false });
  const row = {
    person_id: c.person_id,
    release_date: d.releaseDate,
    parole_date: d.paroleEligibilityDate,
    sunday_leave_date: d.sundayLeaveDate,
    credited_days: d.creditedDays,
    reduced_days: d.reducedDays,
    case_references: [...new Set(sentences.map((s) => s.caseReference))],
    seq,
  };
  await trx
    .insertInto('release_dates')
    .values({ custody_id: custodyId, ...row })
    .onConflict((oc) => oc.column('custody_id').doUpdateSet(row))
    .execute();
  if (c.released_at === null) await planRelease(trx, { ...c, custodyId }, d.releaseDate, seq, now);
  return {
    releaseDate: d.releaseDate,
    paroleEligibilityDate: d.paroleEligibilityDate,
    sundayLeaveDate: d.sundayLeaveDate,
    creditedDays: d.creditedDays,
    reducedDays: d.reducedDays,
  };
}

/** How long before the release date its planning opens: the longest lead of the profiles that set one. */
export function planningLead(jurisdiction: string): Span | null {
  const leads = [FLOOR, nationalProfile(jurisdiction)]
    .map((p) => p?.deadlines['release-planning' as DutyKind]?.within)
    .filter((s): s is Span => !!s);
  if (!leads.length) return null;
  return leads.reduce((a, b) =>
    (a.months ?? 0) * 31 + (a.days ?? 0) >= (b.months ?? 0) * 31 + (b.days ?? 0) ? a : b,
  );
}

/** The day the planning of a release on `releaseDate` opens, with a lead of `lead`. */
export function planningOpens(releaseDate: string, lead: Span): string {
  return isoOf(addMonths(toDay(releaseDate), -(lead.months ?? 0)) - (lead.days ?? 0));
}

async function planRelease(
  trx: Trx,
  c: { custodyId: string; person_id: string; facility_code: string; timezone: string; jurisdiction: string },
  releaseDate: string | null,
  seq: number,
  now: Date,
) {
  const lead = planningLead(c.jurisdiction);
  if (!lead) return;
  const duties = await trx
    .selectFrom('duty')
    .select(['id', 'since', 'done_at', 'cancelled_at'])
    .where('custody_id', '=', c.custodyId)
    .where('kind', '=', 'release-planning')
    .execute();
  if (duties.some((d) => d.done_at)) return;
  const open = duties.find((d) => !d.cancelled_at);
  const since = releaseDate ? startOfDay(planningOpens(releaseDate, lead), c.timezone) : null;
  if (open && since && open.since.getTime() === since.getTime()) return;
  if (open)
    await trx
      .updateTable('duty')
      .set({ cancelled_at: now, cancelled_seq: seq })
      .where('id', '=', open.id)
      .execute();
  if (since)
    await openDuties(trx, [
      {
        kind: 'release-planning',
        personId: c.person_id,
        custodyId: c.custodyId,
        facility: c.facility_code,
        since,
        seq,
      },
    ]);
}
