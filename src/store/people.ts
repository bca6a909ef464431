import { sql } from 'kysely';
import { personReach, recordedIn } from '../domain/access/person-scope.js';
import { normaliseSex } from '../domain/custody/admission.js';
import {
  type CorrectionChanges,
  checkCorrection,
  correctedLegalBasis,
  valuesBefore,
} from '../domain/custody/correction.js';
import { decodePayload } from '../domain/register/events.js';
import { notFound } from '../domain/violation.js';
import { personComplaints } from './complaints.js';
import type { Db } from './db.js';
import { personDiscipline } from './discipline.js';
import { chargesAsSeen } from './discipline-reach.js';
import { listNonAssociations } from './groups.js';
import { personIncidents } from './incidents.js';
import { appendEvents, readEvent, type Trx, type WriteOptions, withRegister } from './register.js';
import { releaseDatesOf } from './release-dates.js';
import { correctConsularDuty } from './safeguards/consular.js';
import { personDuties } from './safeguards/duties.js';
import { authorizePeople } from './scope.js';
import { must } from './util.js';

/**
 * A person's file: identity, current (or last) custody, and every register event about them, as
 * far as a caller of the `visible` facilities (null: all) may see it (rule `person-scope`): the
 * facility that holds the person now (or held them last) sees all of it; a facility that held
 * them before sees its own part of the history (`reach: 'past'`); any other, nothing (`reach:
 * 'none'`, with the facility that answers for the person, for the refusal).
 */
export async function personFileFor(db: Db, personId: string, visible: readonly string[] | null) {
  const file = await personView(db, personId);
  // the facilities that held the person: where custodies began, and the transfers out of them (an
  // event recorded elsewhere about the person, such as a non-association, is not custody)
  const history = [
    ...file.custodies.map((c) => c.facility),
    ...file.timeline.flatMap((e) =>
      e.kind === 'custody.admitted'
        ? [e.facility]
        : e.kind === 'custody.transferred'
          ? [e.facility, e.payload.fromFacility]
          : [],
    ),
  ];
  const reach = personReach(visible, file.holder, history);
  if (reach === 'none') return { reach, holder: file.holder } as const;
  if (reach === 'full' || visible === null)
    return { reach: 'full', file: { ...file, reach: 'full' } } as const;
  const ours = (f: string | null) => f !== null && visible.includes(f);
  // the transfer that took the person away, without the cell they went to
  const timeline = file.timeline
    .filter((e) => recordedIn(visible, e))
    .map((e) => {
      if (e.kind !== 'custody.transferred' || visible.includes(e.payload.toFacility)) return e;
      const { toCell: _, ...payload } = e.payload;
      // the one field a reader may find missing (the web shows '—')
      return { ...e, payload } as unknown as typeof e;
    });
  const seqs = new Set(timeline.map((e) => e.seq));
  return {
    reach,
    file: {
      ...file,
      reach,
      // held elsewhere now, or released by another facility: not where, nor whether, nor what
      // happened there
      inCustody: null,
      custody: null,
      custodies: file.custodies.filter((c) => ours(c.facility) && c.releasedAt !== null),
      duties: file.duties.filter((d) => ours(d.facility)),
      incidents: file.incidents.filter((i) => ours(i.facility)),
      // charges laid in the caller's facilities only, without what another facility did with them
      // since (docs/discipline.md)
      discipline: {
        charges: await chargesAsSeen(
          db,
          file.discipline.charges.filter((c) => ours(c.facility)),
          visible,
        ),
        // the conduct record is the current holder's profile at work: not another facility's to read
        conductRecord: null,
      },
      // the complaints received there (docs/complaints.md)
      complaints: file.complaints.filter((c) => ours(c.facility)),
      nonAssociations: [],
      // the sentences answer for the holder's custody: not another facility's to read
      releaseDates: null,
      timeline: timeline.map((e) => ({ ...e, correctedBy: e.correctedBy.filter((s) => seqs.has(s)) })),
    },
  } as const;
}

/** A person's whole file, for a caller of every facility (personFileFor filters it). */
export async function personView(db: Db, personId: string) {
  const p = await db.selectFrom('person').selectAll().where('id', '=', personId).executeTakeFirst();
  if (!p) throw notFound('unknown-person', { person: personId });
  const custodies = await db
    .selectFrom('custody as c')
    .leftJoin('unit as u', 'u.id', 'c.cell_id')
    .select([
      'c.id',
      'c.facility_code',
      'c.status',
      'c.security_level',
      'c.groups',
      'c.legal_basis',
      'c.admitted_at',
      'c.released_at',
      'c.release_reason',
      'u.code as cell',
    ])
    .where('c.person_id', '=', personId)
    .orderBy('c.admitted_at', 'desc')
    .execute();
  const events = (
    await db
      .selectFrom('custody_event')
      .selectAll()
      .where('person_id', '=', personId)
      .orderBy('seq')
      .execute()
  ).map(readEvent);
  const correctedBy = new Map<number, number[]>();
  for (const e of events)
    if (e.corrects !== null) correctedBy.set(e.corrects, [...(correctedBy.get(e.corrects) ?? []), e.seq]);
  const custodyView = (c: (typeof custodies)[number]) => ({
    custodyId: c.id,
    facility: c.facility_code,
    cell: c.released_at === null ? c.cell : null,
    status: c.status,
    securityLevel: c.security_level,
    groups: c.groups,
    legalBasis: c.legal_basis,
    admittedAt: c.admitted_at.toISOString(),
    releasedAt: c.released_at?.toISOString() ?? null,
    releaseReason: c.release_reason,
  });
  const open = custodies.find((c) => c.released_at === null);
  const nonAssociations = await listNonAssociations(db, personId, true);
  const duties = await personDuties(db, personId);
  const incidents = await personIncidents(db, personId);
  const releaseDates = await releaseDatesOf(db, personId);
  const discipline = await personDiscipline(db, personId);
  const complaints = await personComplaints(db, personId);
  return {
    personId: p.id,
    /** the facility that answers for the person: where held now, or last */
    holder: open?.facility_code ?? custodies[0]?.facility_code ?? null,
    registerNumber: p.created_seq,
    givenNames: p.given_names,
    familyNames: p.family_names,
    dateOfBirth: p.date_of_birth,
    sex: p.sex,
    nationalId: p.national_id,
    nationality: p.nationality,
    inCustody: !!open,
    custody: open ? custodyView(open) : null,
    custodies: custodies.map(custodyView),
    duties,
    incidents,
    /** sentences, credits, reductions and the dates they give, each step explained */
    releaseDates,
    /** charges, hearings, sanctions and appeals (docs/discipline.md) */
    discipline,
    /** requests and complaints: the route withholds confidential ones from all but inspectors */
    complaints,
    nonAssociations: nonAssociations.map((n) => ({
      ...n,
      other: n.personA === personId ? n.personB : n.personA,
    })),
    // seq, kind, actor, facility, corrects, payload (decoded: kind and payload stay paired) and hash
    timeline: events.map(({ personId: _, prevHash: __, effectiveAt, recordedAt, ...e }) => ({
      ...e,
      effectiveAt: effectiveAt.toISOString(),
      recordedAt: recordedAt.toISOString(),
      correctedBy: correctedBy.get(e.seq) ?? [],
    })),
  };
}

export interface SearchOptions {
  facility?: string;
  /** facilities the caller may see; null: all */
  scope: string[] | null;
  limit: number;
}

/**
 * A register number as people write it: the digits, perhaps after "N°", "No.", "#" or "R-". It is
 * the number of the register entry that first recorded the person (`person.created_seq`).
 */
export function registerNumberOf(text: string): number | null {
  const m = /^(?:n\s*[°º.]|no\.?|#|r-?)?\s*(\d{1,15})$/i.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** Most vocabulary words a typed word stands for (the closest first). */
const EXPANSIONS = 100;
/** Most words of a query that are looked up */
const QUERY_WORDS = 8;

/**
 * The words a query's words may stand for, from the vocabulary of names (migration 8): the word
 * itself, words it begins (three letters or more), and words a letter or two off (trigram
 * similarity). One list per word typed, in the database's own folding (lower case, no accents);
 * words of one or two letters only when there is nothing longer.
 */
async function expandWords(db: Db, text: string): Promise<string[][]> {
  // the trigram operator's bar, for this statement only (set local ends with the transaction)
  const r = await db.transaction().execute(async (trx) => {
    await sql`set local pg_trgm.similarity_threshold = 0.2`.execute(trx);
    return sql<{ w: string; words: string[] | null }>`
    with q as (
      select distinct w from unnest(string_to_array(custodia_fold(${text}), ' ')) as w where w <> ''
    )
    select q.w, (
      select array_agg(v.word order by v.word = q.w desc, v.prefix desc, similarity(v.word, q.w) desc, v.word)
      from (
        select v.word, starts_with(v.word, q.w) as prefix from person_name_word v
        where v.word = q.w
          or (length(q.w) >= 3 and v.word like replace(replace(replace(q.w, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')
          -- a letter off in a short word leaves few trigrams in common: a lower bar for those
          or (length(q.w) >= 3 and v.word % q.w
            and similarity(v.word, q.w) >= case when length(q.w) <= 5 then 0.2 else 0.3 end)
        -- the word itself, then words it begins (typing ahead), then the nearest by trigrams
        order by v.word = q.w desc, starts_with(v.word, q.w) desc, similarity(v.word, q.w) desc, v.word
        limit ${EXPANSIONS}
      ) v
    ) as words
    from q order by length(q.w) desc, q.w limit ${QUERY_WORDS}`.execute(trx);
  });
  const all = r.rows.map((x) => ({ w: x.w, words: x.words ?? [] }));
  // particles and initials ("de", "y", "j") are not required: one mistyped would hide the person
  const long = all.filter((x) => x.w.length >= 3);
  return (long.length ? long : all).map((x) => x.words);
}

/**
 * People by name (accent- and case-insensitive, tolerant of small typos), or exactly by national id,
 * register number or person id; best match first. Each with their current or last custody.
 *
 * A name matches when every word typed stands for a word of it (equal, begun, or a letter or two
 * off: the vocabulary of names), and the whole query is near enough (trigram word similarity, the
 * rank). The best matches are chosen from the person table alone and only they are joined to their
 * custodies; a facility filter is applied while choosing.
 */
export async function searchPeople(db: Db, q: string, o: SearchOptions) {
  const text = q.trim();
  const regNo = registerNumberOf(text);
  const words = await expandWords(db, text);
  const name = sql`custodia_fold(p.given_names || ' ' || p.family_names)`;
  const exact = sql`(p.national_id = ${text} or p.id = ${text}${regNo === null ? sql`` : sql` or p.created_seq = ${regNo}`})`;
  // every word typed must stand for a word of the name; a word that stands for nothing matches no one
  const byName =
    words.length && words.every((w) => w.length)
      ? sql`(${sql.join(
          words.map((w) => sql`p.name_words && ${w}::text[]`),
          sql` and `,
        )} and custodia_fold(${text}) <% ${name})`
      : sql`false`;
  // the latest custody, the same one for the filter and the answer (ties broken by id)
  const lastFacility = sql`(select x.facility_code from custody x where x.person_id = p.id order by x.admitted_at desc, x.id desc limit 1)`;
  const rows = await sql<{
    id: string;
    given_names: string;
    family_names: string;
    date_of_birth: string;
    national_id: string | null;
    created_seq: number;
    facility_code: string | null;
    cell: string | null;
    status: string | null;
    released_at: Date | null;
    score: number;
  }>`
    select h.*, c.facility_code, case when c.released_at is null then u.code end as cell, c.status, c.released_at
    from (
      select p.id, p.given_names, p.family_names, p.date_of_birth, p.national_id, p.created_seq,
        greatest(word_similarity(custodia_fold(${text}), ${name}), case when ${exact} then 1 else 0 end)::float8 as score
      from person p
      where (${byName} or ${exact})
        ${o.facility ? sql`and ${lastFacility} = ${o.facility}` : sql``}
        ${o.scope ? sql`and ${lastFacility} in (${sql.join(o.scope.length ? o.scope : [''])})` : sql``}
      order by score desc, p.family_names, p.given_names, p.id
      limit ${o.limit}
    ) h
    left join lateral (select * from custody x where x.person_id = h.id order by x.admitted_at desc, x.id desc limit 1) c on true
    left join unit u on u.id = c.cell_id
    order by h.score desc, h.family_names, h.given_names, h.id`.execute(db);
  return rows.rows.map((r) => ({
    personId: r.id,
    registerNumber: r.created_seq,
    givenNames: r.given_names,
    familyNames: r.family_names,
    dateOfBirth: r.date_of_birth,
    nationalId: r.national_id,
    facility: r.facility_code,
    cell: r.cell,
    status: r.released_at ? 'released' : r.status,
    inCustody: !!r.facility_code && !r.released_at,
    score: Math.round(r.score * 1000) / 1000,
  }));
}

export interface CorrectionInput {
  corrects: number;
  reason: string;
  changes: CorrectionChanges;
}

/**
 * A correction never edits the event it corrects: it is a new event pointing at it, carrying the
 * changed fields and their values before; the person's file then shows the corrected values.
 * Admissions can have the person's identity and the legal basis corrected.
 */
export async function correct(db: Db, input: CorrectionInput, actor: string, opts: WriteOptions = {}) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const target = await trx
      .selectFrom('custody_event')
      .selectAll()
      .where('seq', '=', input.corrects)
      .executeTakeFirst();
    // a confidential complaint's events go through the same scope check and refusal as any other
    // event that is no admission: answering 404 for them alone would reveal them (docs/complaints.md)
    if (!target) throw notFound('unknown-event', { seq: input.corrects });
    const personChanges = input.changes.person ?? {};
    const lbChanges = input.changes.legalBasis ?? {};
    const holderNow = await authorizeCorrection(
      trx,
      target,
      Object.keys(personChanges).length > 0,
      Object.keys(lbChanges).length > 0,
      opts,
    );
    checkCorrection({ seq: target.seq, kind: target.kind, personId: target.person_id }, input.changes);

    const personId = must(target.person_id, 'the person of an admission (checkCorrection passed)');
    const payload = decodePayload('custody.admitted', target.payload);
    const p = await trx
      .selectFrom('person')
      .selectAll()
      .where('id', '=', personId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const c = await trx
      .selectFrom('custody')
      .select(['legal_basis', 'facility_code'])
      .where('id', '=', payload.custodyId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const personBefore: Record<string, unknown> = {
      givenNames: p.given_names,
      familyNames: p.family_names,
      dateOfBirth: p.date_of_birth,
      sex: p.sex,
      nationalId: p.national_id,
      nationality: p.nationality,
    };
    const lbBefore = c.legal_basis as Record<string, unknown>;
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'record.corrected',
          effectiveAt: now,
          personId,
          // recorded for the facility answerable for what changed: who the person is, the one
          // holding them now; a custody's legal basis, the custody's
          facility: Object.keys(personChanges).length ? (holderNow ?? c.facility_code) : c.facility_code,
          corrects: target.seq,
          payload: {
            reason: input.reason,
            custodyId: payload.custodyId,
            changes: input.changes,
            before: {
              person: valuesBefore(personBefore, personChanges),
              legalBasis: valuesBefore(lbBefore, lbChanges),
            },
          },
        },
      ],
      now,
    );
    if (Object.keys(personChanges).length) {
      await trx
        .updateTable('person')
        .set({
          ...(personChanges.givenNames !== undefined && { given_names: personChanges.givenNames }),
          ...(personChanges.familyNames !== undefined && { family_names: personChanges.familyNames }),
          ...(personChanges.dateOfBirth !== undefined && { date_of_birth: personChanges.dateOfBirth }),
          ...(personChanges.sex !== undefined && { sex: normaliseSex(personChanges.sex) }),
          ...(personChanges.nationalId !== undefined && { national_id: personChanges.nationalId || null }),
          ...(personChanges.nationality !== undefined && { nationality: personChanges.nationality || null }),
        })
        .where('id', '=', personId)
        .execute();
      // a corrected nationality opens or cancels the consular notice (Mandela Rule 62)
      if (personChanges.nationality !== undefined && (personChanges.nationality || null) !== p.nationality)
        await correctConsularDuty(trx, personId, personChanges.nationality || null, now, ev.seq);
    }
    if (Object.keys(lbChanges).length) {
      await trx
        .updateTable('custody')
        .set({ legal_basis: JSON.stringify(correctedLegalBasis(lbBefore, lbChanges)) })
        .where('id', '=', payload.custodyId)
        .execute();
    }
    return { seq: ev.seq, corrects: target.seq, personId };
  });
}

/**
 * Who may correct (before the request is judged, so a caller out of scope learns nothing): who the
 * person is, the facility that holds them now; the legal basis of a custody, the facility whose
 * custody it is (after a transfer, the new one); anything else, the facility of the event. Answers
 * the facility holding the person, looked up when who the person is changes.
 */
async function authorizeCorrection(
  trx: Trx,
  target: { kind: string; person_id: string | null; facility_code: string | null; payload: unknown },
  identity: boolean,
  legalBasis: boolean,
  opts: WriteOptions,
): Promise<string | null> {
  let holderNow: string | null = null;
  let checked = false;
  if (identity && target.person_id) {
    holderNow = (await authorizePeople(trx, [target.person_id], opts)).get(target.person_id) ?? null;
    checked = true;
  }
  const authorize = opts.authorize;
  if (!authorize) return holderNow;
  if (legalBasis && target.kind === 'custody.admitted') {
    const { custodyId } = decodePayload('custody.admitted', target.payload);
    const c = await trx
      .selectFrom('custody')
      .select('facility_code')
      .where('id', '=', custodyId)
      .executeTakeFirst();
    if (c) {
      authorize(c.facility_code);
      checked = true;
    }
  }
  if (!checked && target.facility_code) authorize(target.facility_code);
  return holderNow;
}
