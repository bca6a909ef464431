import type { Db } from './db.js';

/**
 * What the access log records: reads of a person's record (and the people a search showed; who
 * viewed a cell's occupants and history), and
 * what happened to accounts (created, changed, disabled, password reset, failed or locked sign-ins).
 */
export type AccessAction =
  | 'person.read'
  | 'person.search'
  | 'unit.read'
  | 'user.create'
  | 'user.update'
  | 'user.reset-password'
  | 'sign-in.failed'
  | 'sign-in.locked';

export interface AccessEntry {
  action: AccessAction;
  personId?: string | null;
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
  if (q.person !== undefined) s = s.where('person_id', '=', q.person);
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
    facility: r.facility_code,
    ...(r.detail ? { detail: r.detail as Record<string, unknown> } : {}),
  }));
}
