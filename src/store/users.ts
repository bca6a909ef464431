import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Db } from './db.js';

export const ROLES = ['admin', 'records', 'officer', 'governor', 'medical', 'inspector'] as const;
export type Role = (typeof ROLES)[number];
/** A user whose facilities include this sees every facility. */
export const ALL_FACILITIES = '*';

export interface User {
  id: number;
  username: string;
  roles: Role[];
  facilities: string[];
}

const TOKEN_TTL_MS = Number(process.env.CUSTODIA_TOKEN_TTL_HOURS ?? 12) * 3600_000;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

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

/** Checks a password and issues a bearer token; null when the username or password is wrong. */
export async function signIn(
  db: Db,
  username: string,
  password: string,
  now = new Date(),
): Promise<{ token: string; user: User; expiresAt: Date } | null> {
  const row = await db
    .selectFrom('app_user')
    .selectAll()
    .where('username', '=', username)
    .where('disabled', '=', false)
    .executeTakeFirst();
  // verify against a fixed hash when the user is unknown, so both answers take the same time
  dummyHash ??= hash(randomBytes(16).toString('hex'));
  const ok = await verify(row?.password_hash ?? (await dummyHash), password).catch(() => false);
  if (!row || !ok) return null;
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + TOKEN_TTL_MS);
  await db
    .insertInto('auth_token')
    .values({ token_hash: sha256(token), user_id: row.id, expires_at: expiresAt, revoked_at: null })
    .execute();
  return {
    token,
    expiresAt,
    user: { id: row.id, username: row.username, roles: row.roles as Role[], facilities: row.facilities },
  };
}

let dummyHash: Promise<string> | undefined;

export async function userForToken(db: Db, token: string, now = new Date()): Promise<User | null> {
  const row = await db
    .selectFrom('auth_token as t')
    .innerJoin('app_user as u', 'u.id', 't.user_id')
    .select(['u.id', 'u.username', 'u.roles', 'u.facilities'])
    .where('t.token_hash', '=', sha256(token))
    .where('t.revoked_at', 'is', null)
    .where('t.expires_at', '>', now)
    .where('u.disabled', '=', false)
    .executeTakeFirst();
  return row
    ? { id: row.id, username: row.username, roles: row.roles as Role[], facilities: row.facilities }
    : null;
}

export async function revokeToken(db: Db, token: string, now = new Date()): Promise<void> {
  await db
    .updateTable('auth_token')
    .set({ revoked_at: now })
    .where('token_hash', '=', sha256(token))
    .execute();
}
