import { sql } from 'kysely';
import type { Db } from './db.js';

/**
 * What the access log records: reads of a person's record; every read that shows people in a list
 * (a search's results, a cell's occupants and history, compliance findings, alerts, incidents,
 * non-associations, complaints), one row per request naming them all; reads refused (403); and what happened
 * to accounts (created, changed, disabled, password reset, failed or locked sign-ins).
 */
export const ACCESS_ACTIONS = [
  'person.read',
  'person.search',
  'unit.read',
  'compliance.read',
  'alerts.read',
  'incidents.read',
  'non-associations.read',
  'release-dates.read',
  'releases-due.read',
  'complaints.read',
  'discipline.read',
  'read.refused',
  'user.create',
  'user.update',
  'user.reset-password',
  'sign-in.failed',
  'sign-in.locked',
] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

export interface AccessEntry {
  action: AccessAction;
  personId?: string | null;
  /** the people a list showed: kept in one row, in order, each once */
  people?: readonly string[];
  facility?: string | null;
  detail?: Record<string, unknown>;
}

/** Appends entries for one actor (a user, or the username tried at a failed sign-in). */
export async function logAccess(
  db: Db,
  actor: { id: number | null; username: string },
  entries: AccessEntry[],
  at = new Date(),
): Promise<void> {
  if (!entries.length) return;
  await db
    .insertInto('access_log')
    .values(
      entries.map((e) => ({
        at,
        user_id: actor.id,
        username: actor.username,
        action: e.action,
        person_id: e.personId ?? null,
        people: e.people === undefined ? null : [...new Set(e.people)],
        facility_code: e.facility ?? null,
        detail: e.detail === undefined ? null : JSON.stringify(e.detail),
      })),
    )
    .execute();
}

export interface AccessQuery {
  person?: string | undefined;
  username?: string | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
}

/** The newest entries first. */
export async function readAccessLog(db: Db, q: AccessQuery) {
  let s = db.selectFrom('access_log').selectAll().orderBy('id', 'desc').limit(q.limit);
  // a person read alone, or named in a list (the GIN index serves the second)
  if (q.person !== undefined)
    s = s.where(sql<boolean>`(person_id = ${q.person} or people @> array[${q.person}]::text[])`);
  if (q.username !== undefined) s = s.where('username', '=', q.username);
  if (q.action !== undefined) s = s.where('action', '=', q.action);
  if (q.from) s = s.where('at', '>=', q.from);
  if (q.to) s = s.where('at', '<', q.to);
  return (await s.execute()).map((r) => ({
    id: String(r.id),
    at: r.at.toISOString(),
    username: r.username,
    action: r.action,
    personId: r.person_id,
    people: r.people ?? (r.person_id ? [r.person_id] : []),
    facility: r.facility_code,
    ...(r.detail ? { detail: r.detail as Record<string, unknown> } : {}),
  }));
}
