import { sql } from 'kysely';
import { beforeStay, notHeld } from '../domain/custody/in-custody.js';
import { refuse } from '../domain/violation.js';
import { timeAt } from './facilities.js';
import type { Trx, WriteOptions } from './register.js';

export interface OpenCustody {
  custodyId: string;
  personId: string;
  facility: string;
  cellId: number;
  cell: string;
  /** when the current stay in that cell began */
  since: Date;
}

/** The open custody of each of these people who has one. */
export async function openCustodies(trx: Trx, personIds: string[]): Promise<Map<string, OpenCustody>> {
  if (!personIds.length) return new Map();
  const rows = await sql<{
    id: string;
    person_id: string;
    facility_code: string;
    cell_id: number;
    code: string;
    since: Date;
  }>`
    select c.id, c.person_id, c.facility_code, c.cell_id, u.code, lower(s.during) as since
    from custody c
    join unit u on u.id = c.cell_id
    join stay s on s.custody_id = c.id and upper_inf(s.during)
    where c.person_id in (${sql.join(personIds)}) and c.released_at is null`.execute(trx);
  return new Map(
    rows.rows.map((r) => [
      r.person_id,
      {
        custodyId: r.id,
        personId: r.person_id,
        facility: r.facility_code,
        cellId: r.cell_id,
        cell: r.code,
        since: new Date(r.since),
      },
    ]),
  );
}

/** A person's open custody: 404 for a person not on file, 409 `not-in-custody` for one not held. */
export async function requireOpenCustody(trx: Trx, personId: string): Promise<OpenCustody> {
  const c = (await openCustodies(trx, [personId])).get(personId);
  if (c) return c;
  const known = await trx.selectFrom('person').select('id').where('id', '=', personId).executeTakeFirst();
  throw notHeld(personId, !!known);
}

/** Ends each custody's current stay at `at`, recording the event that ended it. */
export async function endStays(
  trx: Trx,
  ends: { custodyId: string; seq: number }[],
  at: Date,
): Promise<void> {
  for (let i = 0; i < ends.length; i += 1000) {
    const rows = sql.join(ends.slice(i, i + 1000).map((e) => sql`(${e.custodyId}::text, ${e.seq}::bigint)`));
    await sql`update stay s set during = tstzrange(lower(s.during), ${at.toISOString()}::timestamptz, '[)'), end_seq = v.seq
      from (values ${rows}) as v(custody_id, seq)
      where s.custody_id = v.custody_id and upper_inf(s.during)`.execute(trx);
  }
}

/** Opens a stay from `at` for each custody in its new cell. */
export async function startStays(
  trx: Trx,
  starts: { custodyId: string; personId: string; facility: string; unitId: number; seq: number }[],
  at: Date,
): Promise<void> {
  for (let i = 0; i < starts.length; i += 1000) {
    await trx
      .insertInto('stay')
      .values(
        starts.slice(i, i + 1000).map((m) => ({
          person_id: m.personId,
          custody_id: m.custodyId,
          facility_code: m.facility,
          unit_id: m.unitId,
          during: `[${at.toISOString()},)`,
          start_seq: m.seq,
          end_seq: null,
        })),
      )
      .execute();
  }
}

/**
 * The open custody of the person an event is about, within the caller's scope, and the event's time
 * (`text`, or now): refused when it falls at or before the person's current stay began.
 */
export async function custodyAt(
  trx: Trx,
  personId: string,
  text: string | undefined,
  now: Date,
  field: string,
  opts: WriteOptions,
) {
  const c = await requireOpenCustody(trx, personId);
  opts.authorize?.(c.facility);
  const { at, facility } = await timeAt(trx, c.facility, text, now, field);
  const early = beforeStay(c, at, field);
  if (early.length) throw refuse(early);
  return { c, at, facility };
}
