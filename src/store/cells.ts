import { sql } from 'kysely';
import { buildTree, type UnitKind } from '../domain/facility/units.js';
import { formatIn } from '../domain/time.js';
import { notFound } from '../domain/violation.js';
import type { Db } from './db.js';
import { currentOccupants, facilityRow, storedUnits } from './facilities.js';
import { must } from './util.js';

/** At most this many stays in a unit's history (newest first). */
export const HISTORY_LIMIT = 500;

export interface UnitOccupant {
  personId: string;
  givenNames: string;
  familyNames: string;
  status: string;
  /** the cell they are in (the unit itself for a cell) */
  cell: string;
  /** when their stay in that cell began */
  since: string;
}

export interface UnitStay {
  personId: string;
  givenNames: string;
  familyNames: string;
  cell: string;
  from: string;
  /** null while they are still there */
  to: string | null;
}

export interface UnitDetail {
  facility: string;
  timezone: string;
  unit: {
    code: string;
    kind: UnitKind;
    parent: string | null;
    design: number;
    operational: number;
    areaM2: number | null;
    attributes: string[];
    inCustody: number;
    /** floor area per person held: null when empty or without an area */
    m2PerPerson: number | null;
  };
  occupants: UnitOccupant[];
  history: UnitStay[];
}

/**
 * One unit of a facility as it is now: its capacity, who is in it (for a block or landing, everyone in
 * its cells) and the stays recorded in it, newest first. Read in one snapshot, so the count and the
 * list of occupants agree. 404 `unknown-unit` for a code not in the facility.
 */
export async function unitDetail(db: Db, facility: string, code: string): Promise<UnitDetail> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const f = await facilityRow(trx, facility);
      const units = await storedUnits(trx, facility);
      const unit = units.find((u) => u.code === code);
      if (!unit) throw notFound('unknown-unit', { unit: code, facility });

      // the unit and everything under it
      const childrenOf = new Map<number, number[]>();
      for (const u of units) {
        if (u.parentId === null) continue;
        childrenOf.set(u.parentId, [...(childrenOf.get(u.parentId) ?? []), u.id]);
      }
      const inside = new Set<number>();
      const queue = [unit.id];
      for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
        inside.add(id);
        queue.push(...(childrenOf.get(id) ?? []));
      }
      const subtree = units.filter((u) => inside.has(u.id));
      const cellIds = subtree.filter((u) => u.kind === 'cell').map((u) => u.id);
      // its parent is outside the subtree: the unit is the one root, with its cells summed into it
      const view = must(
        buildTree(subtree, await currentOccupants(trx, facility))[0],
        `unit ${code} as a tree`,
      );

      let occupants: UnitOccupant[] = [];
      let history: UnitStay[] = [];
      if (cellIds.length) {
        const cells = sql.join(cellIds);
        const held = await sql<{
          person_id: string;
          given_names: string;
          family_names: string;
          status: string;
          cell: string;
          since: Date | string;
        }>`
          select c.person_id, p.given_names, p.family_names, c.status, u.code as cell, lower(s.during) as since
          from custody c
          join person p on p.id = c.person_id
          join unit u on u.id = c.cell_id
          join stay s on s.custody_id = c.id and upper_inf(s.during)
          where c.cell_id in (${cells}) and c.released_at is null
          order by u.position, p.family_names, p.given_names, c.person_id`.execute(trx);
        occupants = held.rows.map((r) => ({
          personId: r.person_id,
          givenNames: r.given_names,
          familyNames: r.family_names,
          status: r.status,
          cell: r.cell,
          since: formatIn(new Date(r.since), f.timezone),
        }));
        const stays = await sql<{
          person_id: string;
          given_names: string;
          family_names: string;
          cell: string;
          from: Date | string;
          to: Date | string | null;
        }>`
          select s.person_id, p.given_names, p.family_names, u.code as cell,
            lower(s.during) as "from", upper(s.during) as "to"
          from stay s
          join person p on p.id = s.person_id
          join unit u on u.id = s.unit_id
          where s.unit_id in (${cells}) and not isempty(s.during)
          order by lower(s.during) desc, s.id desc
          limit ${HISTORY_LIMIT}`.execute(trx);
        history = stays.rows.map((r) => ({
          personId: r.person_id,
          givenNames: r.given_names,
          familyNames: r.family_names,
          cell: r.cell,
          from: formatIn(new Date(r.from), f.timezone),
          to: r.to === null ? null : formatIn(new Date(r.to), f.timezone),
        }));
      }

      const inCustody = view.inCustody;
      const areaM2 = view.areaM2;
      return {
        facility: f.code,
        timezone: f.timezone,
        unit: {
          code: unit.code,
          kind: unit.kind,
          parent: unit.parentCode,
          design: view.capacity.design,
          operational: view.capacity.operational,
          areaM2,
          attributes: unit.attributes,
          inCustody,
          m2PerPerson: areaM2 !== null && inCustody > 0 ? Math.round((areaM2 / inCustody) * 100) / 100 : null,
        },
        occupants,
        history,
      };
    });
}
