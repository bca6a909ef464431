import { sql } from 'kysely';
import { checkMove, checkTransfer } from '../domain/custody/movement.js';
import type { Housed } from '../domain/housing/model.js';
import { transferDuty } from '../domain/safeguards/duties.js';
import { notFound, refuse } from '../domain/violation.js';
import { endStays, openCustodies, requireOpenCustody, startStays } from './custody-state.js';
import type { Db } from './db.js';
import { addOccupants, facilityRow } from './facilities.js';
import { allocateInto, housingViolations } from './housing.js';
import { appendEvents, type NewEvent, type Trx, type WriteOptions, withRegister } from './register.js';
import { moveDuties, openDuties } from './safeguards/duties.js';
import { moveSegregations } from './safeguards/segregation.js';
import { must } from './util.js';

/** Ends each person's current stay and opens one in the new cell, both at `at`. */
async function restay(
  trx: Trx,
  moves: { custodyId: string; personId: string; facility: string; unitId: number; seq: number }[],
  at: Date,
) {
  await endStays(trx, moves, at);
  await startStays(trx, moves, at);
}

async function residents(trx: Trx, personIds: string[]): Promise<Map<string, Omit<Housed, 'cell'>>> {
  const rows = await trx
    .selectFrom('custody as c')
    .innerJoin('person as p', 'p.id', 'c.person_id')
    .select(['c.person_id', 'p.sex', 'c.status', 'c.young', 'c.security_level', 'c.groups', 'c.needs'])
    .where('c.person_id', 'in', personIds)
    .where('c.released_at', 'is', null)
    .execute();
  return new Map(
    rows.map((r) => [
      r.person_id,
      {
        id: r.person_id,
        sex: r.sex,
        untried: r.status !== 'sentenced',
        young: r.young,
        securityLevel: r.security_level,
        groups: r.groups,
        needs: r.needs,
      },
    ]),
  );
}

export interface MoveInput {
  personId: string;
  toCell: string;
  reason: string;
}

/** Moves a person to another cell of the same facility, checked by every housing rule. */
export async function move(db: Db, input: MoveInput, actor: string, opts: WriteOptions = {}) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const c = await requireOpenCustody(trx, input.personId);
    opts.authorize?.(c.facility);
    checkMove(input.personId, c.cell, input.toCell);
    const me = must(
      (await residents(trx, [input.personId])).get(input.personId),
      `the open custody of ${input.personId}`,
    );
    const { housing, result } = await allocateInto(
      trx,
      c.facility,
      [{ ...me, cell: input.toCell }],
      [input.personId],
    );
    const toId = housing.cellId.get(input.toCell);
    if (toId === undefined) throw notFound('unknown-cell', { cell: input.toCell, facility: c.facility });
    if (!result.ok) {
      throw refuse(
        housingViolations(
          result.violations,
          c.facility,
          () => 'toCell',
          (id) => id,
        ),
      );
    }
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'custody.moved',
          effectiveAt: now,
          personId: input.personId,
          facility: c.facility,
          payload: { custodyId: c.custodyId, fromCell: c.cell, toCell: input.toCell, reason: input.reason },
        },
      ],
      now,
    );
    await trx.updateTable('custody').set({ cell_id: toId }).where('id', '=', c.custodyId).execute();
    await restay(
      trx,
      [
        {
          custodyId: c.custodyId,
          personId: input.personId,
          facility: c.facility,
          unitId: toId,
          seq: ev.seq,
        },
      ],
      now,
    );
    await addOccupants(
      trx,
      new Map([
        [c.cellId, -1],
        [toId, 1],
      ]),
    );
    return { personId: input.personId, cell: input.toCell, from: c.cell, seq: ev.seq };
  });
}

export interface TransferInput {
  personIds: string[];
  toFacility: string;
  reason: string;
}

/** Moves many people to another facility in one transaction: all of them, or none. */
export async function transfer(db: Db, input: TransferInput, actor: string, opts: WriteOptions = {}) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    await facilityRow(trx, input.toFacility);
    opts.authorize?.(input.toFacility);
    const ids = [...new Set(input.personIds)];
    const known = new Set(
      (await trx.selectFrom('person').select('id').where('id', 'in', ids).execute()).map((r) => r.id),
    );
    const custodies = await openCustodies(trx, ids);
    checkTransfer(input.personIds, input.toFacility, known, custodies);
    for (const f of new Set([...custodies.values()].map((c) => c.facility))) opts.authorize?.(f);

    const who = await residents(trx, ids);
    const { housing, result } = await allocateInto(
      trx,
      input.toFacility,
      ids.map((id) => must(who.get(id), `the open custody of ${id}`)),
      ids,
    );
    if (!result.ok) {
      throw refuse(
        housingViolations(
          result.violations,
          input.toFacility,
          (id) => `personIds[${input.personIds.indexOf(id)}]`,
          (id) => id,
        ),
      );
    }
    // checkTransfer passed: everyone has an open custody; the allocation answered a cell for each
    const movers = ids.map((id, i) => ({
      id,
      c: must(custodies.get(id), `the open custody of ${id}`),
      cell: must(result.cells[i], `the cell allocated to ${id}`),
    }));
    const events = movers.map(
      ({ id, c, cell }): NewEvent<'custody.transferred'> => ({
        kind: 'custody.transferred',
        effectiveAt: now,
        personId: id,
        facility: input.toFacility,
        payload: {
          custodyId: c.custodyId,
          fromFacility: c.facility,
          fromCell: c.cell,
          toFacility: input.toFacility,
          toCell: cell,
          reason: input.reason,
        },
      }),
    );
    const stored = await appendEvents(trx, actor, events, now);
    const delta = new Map<number, number>();
    const moves = movers.map(({ id, c, cell }, i) => {
      const unitId = must(housing.cellId.get(cell), `the id of cell ${cell}`);
      delta.set(c.cellId, (delta.get(c.cellId) ?? 0) - 1);
      delta.set(unitId, (delta.get(unitId) ?? 0) + 1);
      return {
        custodyId: c.custodyId,
        personId: id,
        facility: input.toFacility,
        unitId,
        seq: must(stored[i], `the event of the transfer of ${id}`).seq,
      };
    });
    for (let i = 0; i < moves.length; i += 1000) {
      const rows = sql.join(
        moves.slice(i, i + 1000).map((m) => sql`(${m.custodyId}::text, ${m.unitId}::int)`),
      );
      await sql`update custody c set facility_code = ${input.toFacility}, cell_id = v.unit_id
        from (values ${rows}) as v(id, unit_id) where c.id = v.id`.execute(trx);
    }
    // duties and open segregations follow the person
    const moved = moves.map((m) => m.custodyId);
    await moveDuties(trx, moved, input.toFacility);
    await moveSegregations(trx, moved, input.toFacility);
    await openDuties(
      trx,
      moves.map((m) =>
        transferDuty({
          personId: m.personId,
          custodyId: m.custodyId,
          facility: input.toFacility,
          since: now,
          seq: m.seq,
        }),
      ),
    );
    await restay(trx, moves, now);
    await addOccupants(trx, delta);
    return {
      transferred: ids.length,
      placements: movers.map(({ id, c, cell }) => ({
        personId: id,
        custodyId: c.custodyId,
        from: c.facility,
        cell,
      })),
    };
  });
}
