import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { sql } from 'kysely';
import { DEFAULT_SIGN_IN, type SignInSettings } from '../config.js';
import {
  ALL_FACILITIES,
  accountViolations as checkAccount,
  MIN_PASSWORD,
} from '../domain/access/accounts.js';
import type { Violation } from '../domain/violation.js';
import { announce } from './changes.js';
import type { Db } from './db.js';

export const ROLES = ['admin', 'records', 'officer', 'governor', 'medical', 'inspector'] as const;
export type Role = (typeof ROLES)[number];
/**
 * The first administrator (CUSTODIA_ADMIN) also holds the operational roles, across every facility,
 * so that a new installation can be worked end to end; narrow it once staff accounts exist.
 * Never medical or inspector: those see medical detail and the access log.
 */
export const BOOTSTRAP_ROLES: Role[] = ['admin', 'records', 'officer', 'governor'];
// the account rules' constants, for the store's importers (the API, the CLI, the demo)
export { ALL_FACILITIES, MIN_PASSWORD };

export interface User {
  id: number;
  username: string;
  roles: Role[];
  facilities: string[];
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function countUsers(db: Db): Promise<number> {
  const r = await db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function userExists(db: Db, username: string): Promise<boolean> {
  return !!(await db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirst());
}

/** argon2id with the library's defaults (19 MiB, 2 passes), as OWASP recommends. */
export async function createUser(
  db: Db,
  u: { username: string; password: string; roles: Role[]; facilities: string[] },
): Promise<User> {
  const password_hash = await hash(u.password);
  const row = await db
    .insertInto('app_user')
    .values({ username: u.username, password_hash, roles: u.roles, facilities: u.facilities })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  return { id: row.id, username: u.username, roles: u.roles, facilities: u.facilities };
}

export type SignInResult =
  | { ok: true; token: string; user: User; expiresAt: Date }
  /** `known`: the name is an enabled account (its failures count against it) */
  | { ok: false; reason: 'wrong'; known: boolean }
  | { ok: false; reason: 'locked'; until: Date };

/**
 * Checks a password and issues a bearer token. Wrong passwords count against the account; at
 * `lockAfter` in a row it is locked for `lockMinutes` (the right password is refused meanwhile).
 */
export async function signIn(
  db: Db,
  username: string,
  password: string,
  now = new Date(),
  settings: SignInSettings = DEFAULT_SIGN_IN,
): Promise<SignInResult> {
  const row = await db
    .selectFrom('app_user')
    .selectAll()
    .where('username', '=', username)
    .where('disabled', '=', false)
    .executeTakeFirst();
  // verify against a fixed hash when the user is unknown, so both answers take the same time
  dummyHash ??= hash(randomBytes(16).toString('hex'));
  const ok = await verify(row?.password_hash ?? (await dummyHash), password).catch(() => false);
  if (!row) return { ok: false, reason: 'wrong', known: false };
  if (row.locked_until && row.locked_until > now)
    return { ok: false, reason: 'locked', until: row.locked_until };
  if (!ok) {
    // counted in the row itself, one update at a time: wrong passwords sent in parallel all count
    const until = new Date(now.getTime() + settings.lockMinutes * 60_000);
    const locks = sql<boolean>`failed_sign_ins + 1 >= ${settings.lockAfter}`;
    const after = await db
      .updateTable('app_user')
      .set({
        failed_sign_ins: sql<number>`case when ${locks} then 0 else failed_sign_ins + 1 end`,
        locked_until: sql<Date | null>`case when ${locks} then ${until}::timestamptz else locked_until end`,
      })
      .where('id', '=', row.id)
      .returning(['locked_until'])
      .executeTakeFirstOrThrow();
    return after.locked_until && after.locked_until > now
      ? { ok: false, reason: 'locked', until: after.locked_until }
      : { ok: false, reason: 'wrong', known: true };
  }
  // the right password, unless a wrong one sent alongside locked the account meanwhile
  const cleared = await db
    .updateTable('app_user')
    .set({ failed_sign_ins: 0, locked_until: null })
    .where('id', '=', row.id)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .returning(['id'])
    .executeTakeFirst();
  if (!cleared) {
    const lock = await db
      .selectFrom('app_user')
      .select('locked_until')
      .where('id', '=', row.id)
      .executeTakeFirst();
    return { ok: false, reason: 'locked', until: lock?.locked_until ?? now };
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + settings.tokenTtlHours * 3600_000);
  await db
    .insertInto('auth_token')
    .values({ token_hash: sha256(token), user_id: row.id, expires_at: expiresAt, revoked_at: null })
    .execute();
  return { ok: true, token, expiresAt, user: toUser(row) };
}

const toUser = (r: { id: number; username: string; roles: string[]; facilities: string[] }): User => ({
  id: r.id,
  username: r.username,
  roles: r.roles as Role[],
  facilities: r.facilities,
});

let dummyHash: Promise<string> | undefined;

export async function userForToken(db: Db, token: string, now = new Date()): Promise<User | null> {
  return (await sessionForToken(db, sha256(token), now))?.user ?? null;
}

/** The signed-in user of a live session (by the token's hash), and when the session ends. */
export async function sessionForToken(
  db: Db,
  tokenHash: string,
  now = new Date(),
): Promise<{ user: User; expiresAt: Date } | null> {
  const row = await db
    .selectFrom('auth_token as t')
    .innerJoin('app_user as u', 'u.id', 't.user_id')
    .select(['u.id', 'u.username', 'u.roles', 'u.facilities', 't.expires_at'])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .where('t.expires_at', '>', now)
    .where('u.disabled', '=', false)
    .executeTakeFirst();
  return row ? { user: toUser(row), expiresAt: row.expires_at } : null;
}

export async function revokeToken(db: Db, token: string, now = new Date()): Promise<void> {
  await db
    .updateTable('auth_token')
    .set({ revoked_at: now })
    .where('token_hash', '=', sha256(token))
    .execute();
  announce('accounts');
}

/** Every token of a user ends now (disabled, password reset, or signed out everywhere). */
export async function revokeUserTokens(db: Db, userId: number, now = new Date()): Promise<void> {
  await db
    .updateTable('auth_token')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  announce('accounts');
}

export interface Account extends User {
  disabled: boolean;
  lockedUntil: Date | null;
  createdAt: Date;
}

export async function listAccounts(db: Db, username?: string): Promise<Account[]> {
  let q = db
    .selectFrom('app_user')
    .select(['id', 'username', 'roles', 'facilities', 'disabled', 'locked_until', 'created_at'])
    .orderBy('username');
  if (username !== undefined) q = q.where('username', '=', username);
  return (await q.execute()).map((r) => ({
    ...toUser(r),
    disabled: r.disabled,
    lockedUntil: r.locked_until,
    createdAt: r.created_at,
  }));
}

export async function updateAccount(
  db: Db,
  id: number,
  change: { roles?: Role[]; facilities?: string[]; disabled?: boolean; password?: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('app_user')
      .set({
        ...(change.roles && { roles: change.roles }),
        ...(change.facilities && { facilities: change.facilities }),
        ...(change.disabled !== undefined && { disabled: change.disabled }),
        // a new password also lifts a lock
        ...(change.password !== undefined && {
          password_hash: await hash(change.password),
          failed_sign_ins: 0,
          locked_until: null,
        }),
      })
      .where('id', '=', id)
      .execute();
    if (change.disabled || change.password !== undefined) await revokeUserTokens(trx, id);
  });
  // once committed (a cached session must not outlive this by even a notification's delay)
  announce('accounts');
}

/** What is wrong with an account's new password or facilities (each named), from the API or the CLI. */
export async function accountViolations(
  db: Db,
  a: { password?: string | undefined; facilities?: string[] | undefined },
): Promise<Violation[]> {
  const known = a.facilities
    ? (await db.selectFrom('facility').select('code').execute()).map((f) => f.code)
    : [];
  return checkAccount(a, new Set(known));
}
