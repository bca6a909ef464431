import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { checkIncidentPeople } from '../domain/custody/incident.js';
import { notFound } from '../domain/violation.js';
import { openCustodies } from './custody-state.js';
import type { Db } from './db.js';
import { timeAt } from './facilities.js';
import { appendEvents, type WriteOptions, withRegister } from './register.js';

export const INCIDENT_KINDS = [
  'fight',
  'assault-on-staff',
  'use-of-force',
  'self-harm',
  'contraband',
  'escape-attempt',
  'disturbance',
  'other',
] as const;

export interface IncidentInput {
  facility: string;
  kind: (typeof INCIDENT_KINDS)[number];
  occurredAt?: string;
  /** where: any unit of the facility (a cell, a landing, a block) */
  unit?: string;
  /** the people in custody involved (none for, say, contraband found in a yard) */
  people: string[];
  /** force was used by staff (Mandela Rule 82: reported to the director at once) */
  forceUsed?: boolean;
  description: string;
}

/**
 * An incident in a facility: a register event, and a row people's files and the facility list read.
 * Everyone named must be in custody in that facility at the time it is recorded.
 */
export async function recordIncident(db: Db, input: IncidentInput, actor: string, opts: WriteOptions = {}) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const { at } = await timeAt(trx, input.facility, input.occurredAt, now, 'occurredAt');
    opts.authorize?.(input.facility);
    if (input.unit !== undefined) {
      const unit = await trx
        .selectFrom('unit')
        .select('id')
        .where('facility_code', '=', input.facility)
        .where('code', '=', input.unit)
        .executeTakeFirst();
      if (!unit) throw notFound('unknown-unit', { unit: input.unit, facility: input.facility });
    }
    const people = [...new Set(input.people)];
    const held = await openCustodies(trx, people);
    checkIncidentPeople(input.people, input.facility, held);
    const id = randomUUID();
    const payload = {
      id,
      kind: input.kind,
      unit: input.unit ?? null,
      people,
      forceUsed: input.forceUsed ?? false,
      description: input.description,
    };
    const [ev] = await appendEvents(
      trx,
      actor,
      [{ kind: 'incident.recorded', effectiveAt: at, personId: null, facility: input.facility, payload }],
      now,
    );
    await trx
      .insertInto('incident')
      .values({
        id,
        facility_code: input.facility,
        occurred_at: at,
        kind: input.kind,
        unit_code: input.unit ?? null,
        people,
        force_used: payload.forceUsed,
        description: input.description,
        seq: ev.seq,
      })
      .execute();
    return { seq: ev.seq, facility: input.facility, occurredAt: at.toISOString(), ...payload };
  });
}

const view = (r: {
  id: string;
  facility_code: string;
  occurred_at: Date;
  kind: string;
  unit_code: string | null;
  people: string[];
  force_used: boolean;
  description: string;
  seq: number;
}) => ({
  id: r.id,
  facility: r.facility_code,
  occurredAt: r.occurred_at.toISOString(),
  kind: r.kind,
  unit: r.unit_code,
  people: r.people,
  forceUsed: r.force_used,
  description: r.description,
  seq: r.seq,
});

/** A facility's incidents, newest first, optionally between two instants. */
export async function listIncidents(db: Db, facility: string, from?: Date, to?: Date, limit = 200) {
  let q = db
    .selectFrom('incident')
    .selectAll()
    .where('facility_code', '=', facility)
    .orderBy('occurred_at', 'desc')
    .limit(limit);
  if (from) q = q.where('occurred_at', '>=', from);
  if (to) q = q.where('occurred_at', '<', to);
  return (await q.execute()).map(view);
}

/** The incidents a person was involved in, oldest first. */
export async function personIncidents(db: Db, personId: string) {
  const rows = await db
    .selectFrom('incident')
    .selectAll()
    .where(sql<boolean>`people @> array[${personId}]::text[]`)
    .orderBy('occurred_at')
    .execute();
  return rows.map(view);
}
