import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { checkNewGroup, groupRivals, rivalryChange, rivalryPair } from '../domain/housing/groups.js';
import type { Scope } from '../domain/housing/model.js';
import {
  checkNoneOpen,
  checkOnFile,
  checkPair,
  checkStillOpen,
  sharedLocation,
} from '../domain/housing/non-association.js';
import { notFound } from '../domain/violation.js';
import type { Db } from './db.js';
import { loadCells } from './housing.js';
import { appendEvents, type Trx, type WriteOptions, withRegister } from './register.js';
import { authorizePeople } from './scope.js';
import { must } from './util.js';

export const NON_ASSOCIATION_REASONS = [
  'gang-related',
  'threat',
  'violence',
  'co-defendant',
  'legal-request',
  'other',
] as const;

export interface GroupInput {
  code: string;
  name: string;
  rivals: string[];
  scope: Scope;
}

/** Records a group and its rivalries (the rules: domain/housing/groups.ts). */
export async function createGroup(db: Db, input: GroupInput, actor: string, now = new Date()) {
  const rivals = groupRivals(input.code, input.rivals);
  return withRegister(db, async (trx) => {
    const exists = await trx
      .selectFrom('grp')
      .select('code')
      .where('code', '=', input.code)
      .executeTakeFirst();
    checkNewGroup(input.code, !!exists);
    const [ev] = await appendEvents(
      trx,
      actor,
      [{ kind: 'group.created', effectiveAt: now, payload: { ...input, rivals } }],
      now,
    );
    await trx
      .insertInto('grp')
      .values({ code: input.code, name: input.name, created_at: now, created_seq: ev.seq })
      .execute();
    for (const r of rivals) {
      const [a, b] = rivalryPair(input.code, r);
      const old = await trx
        .selectFrom('group_rivalry')
        .select('scope')
        .where('a', '=', a)
        .where('b', '=', b)
        .executeTakeFirst();
      const change = rivalryChange(old?.scope as Scope | undefined, input.scope);
      if (change === 'record')
        await trx.insertInto('group_rivalry').values({ a, b, scope: input.scope, seq: ev.seq }).execute();
      else if (change === 'widen') {
        await trx
          .updateTable('group_rivalry')
          .set({ scope: input.scope, seq: ev.seq })
          .where('a', '=', a)
          .where('b', '=', b)
          .execute();
      }
    }
    return groupView(db, input.code, trx);
  });
}

async function groupView(db: Db, code: string, trx?: Trx) {
  const q = trx ?? db;
  const g = await q.selectFrom('grp').selectAll().where('code', '=', code).executeTakeFirst();
  if (!g) throw notFound('unknown-group', { group: code });
  const rivalries = await q
    .selectFrom('group_rivalry')
    .selectAll()
    .where((eb) => eb.or([eb('a', '=', code), eb('b', '=', code)]))
    .orderBy('a')
    .orderBy('b')
    .execute();
  return {
    code: g.code,
    name: g.name,
    rivals: rivalries.map((r) => ({ group: r.a === code ? r.b : r.a, scope: r.scope })),
  };
}

/** Groups with their rivals; `inCustody` counts members in the facilities of `scope` (null: all). */
export async function listGroups(db: Db, scope: string[] | null = null) {
  const groups = await db.selectFrom('grp').select('code').orderBy('code').execute();
  let members = db
    .selectFrom('custody')
    .select((eb) => [eb.fn<string>('unnest', ['groups']).as('code'), eb.fn.countAll<number>().as('n')])
    .where('released_at', 'is', null);
  if (scope) members = members.where('facility_code', 'in', scope.length ? scope : ['']);
  const counts = await members.groupBy('code').execute();
  const inCustody = new Map(counts.map((c) => [c.code, Number(c.n)]));
  const out = [];
  for (const g of groups)
    out.push({ ...(await groupView(db, g.code)), inCustody: inCustody.get(g.code) ?? 0 });
  return out;
}

export interface NonAssociationInput {
  personA: string;
  personB: string;
  scope: Scope;
  reason: (typeof NON_ASSOCIATION_REASONS)[number];
  details?: string;
}

const view = (r: {
  id: string;
  person_a: string;
  person_b: string;
  scope: string;
  reason: string;
  details: string | null;
  opened_at: Date;
  closed_at: Date | null;
  close_reason: string | null;
}) => ({
  id: r.id,
  personA: r.person_a,
  personB: r.person_b,
  scope: r.scope,
  reason: r.reason,
  details: r.details,
  openedAt: r.opened_at.toISOString(),
  closedAt: r.closed_at?.toISOString() ?? null,
  closeReason: r.close_reason,
});

/**
 * Records that two people must be kept apart. It is recorded even when they share a location now
 * (a threat is never refused); the answer then says where, so staff can move one of them. The
 * rules: domain/housing/non-association.ts.
 */
export async function openNonAssociation(
  db: Db,
  input: NonAssociationInput,
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  checkPair(input);
  return withRegister(db, async (trx) => {
    const people = await trx
      .selectFrom('person')
      .select('id')
      .where('id', 'in', [input.personA, input.personB])
      .execute();
    checkOnFile(input, new Set(people.map((p) => p.id)));
    const where = await trx
      .selectFrom('custody as c')
      .innerJoin('unit as u', 'u.id', 'c.cell_id')
      .select(['c.person_id', 'c.facility_code', 'u.code'])
      .where('c.person_id', 'in', [input.personA, input.personB])
      .where('c.released_at', 'is', null)
      .execute();
    // both people, wherever they are held now or were held last (person-scope)
    const held = await authorizePeople(trx, [input.personA, input.personB], opts);
    const existing = await trx
      .selectFrom('non_association')
      .select('id')
      .where('closed_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb.and([eb('person_a', '=', input.personA), eb('person_b', '=', input.personB)]),
          eb.and([eb('person_a', '=', input.personB), eb('person_b', '=', input.personA)]),
        ]),
      )
      .executeTakeFirst();
    checkNoneOpen(input, existing?.id);
    const id = randomUUID();
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'non-association.opened',
          effectiveAt: now,
          personId: input.personA,
          // the person it is filed under: where they are held now (or were last)
          facility: held.get(input.personA) ?? null,
          payload: { id, ...input },
        },
      ],
      now,
    );
    await trx
      .insertInto('non_association')
      .values({
        id,
        person_a: input.personA,
        person_b: input.personB,
        scope: input.scope,
        reason: input.reason,
        details: input.details ?? null,
        opened_at: now,
        opened_seq: ev.seq,
        closed_at: null,
        closed_seq: null,
        close_reason: null,
      })
      .execute();
    // do they share a location of that scope right now?
    let conflict: { facility: string; cellA: string; cellB: string; location: string } | null = null;
    const a = where.find((w) => w.person_id === input.personA);
    const b = where.find((w) => w.person_id === input.personB);
    if (a && b && a.facility_code === b.facility_code) {
      const cells = new Map((await loadCells(trx, a.facility_code)).cells.map((c) => [c.code, c]));
      const cellOf = (code: string) => must(cells.get(code), `cell ${code} of ${a.facility_code}`);
      const location = sharedLocation(cellOf(a.code), cellOf(b.code), input.scope);
      if (location) conflict = { facility: a.facility_code, cellA: a.code, cellB: b.code, location };
    }
    const row = await trx
      .selectFrom('non_association')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return { ...view(row), conflict };
  });
}

export async function closeNonAssociation(
  db: Db,
  id: string,
  reason: string,
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const row = await trx.selectFrom('non_association').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('unknown-non-association', { id });
    await authorizePeople(trx, [row.person_a, row.person_b], opts);
    checkStillOpen(id, row.closed_at);
    const [ev] = await appendEvents(
      trx,
      actor,
      [{ kind: 'non-association.closed', effectiveAt: now, personId: row.person_a, payload: { id, reason } }],
      now,
    );
    await trx
      .updateTable('non_association')
      .set({ closed_at: now, closed_seq: ev.seq, close_reason: reason })
      .where('id', '=', id)
      .execute();
    return view({ ...row, closed_at: now, close_reason: reason });
  });
}

/**
 * Non-associations, of one person or all; with a scope, those touching someone its facilities
 * hold now (or, released, held last): a non-association follows the person (person-scope).
 */
export async function listNonAssociations(
  db: Db,
  personId?: string,
  includeClosed = false,
  scope: string[] | null = null,
) {
  let q = db.selectFrom('non_association as n').selectAll().orderBy('opened_at');
  if (scope)
    q = q.where(
      sql<boolean>`exists (select 1 from (values (n.person_a), (n.person_b)) as p(id)
        where (select c.facility_code from custody c where c.person_id = p.id
          order by c.released_at is null desc, c.admitted_at desc, c.id desc limit 1)
        in (${sql.join(scope.length ? scope : [''])}))`,
    );
  if (personId) q = q.where((eb) => eb.or([eb('person_a', '=', personId), eb('person_b', '=', personId)]));
  if (!includeClosed) q = q.where('closed_at', 'is', null);
  return (await q.execute()).map(view);
}
