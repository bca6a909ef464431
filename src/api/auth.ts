import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Lang, pickLang } from '../domain/messages.js';
import { notFound } from '../domain/violation.js';
import type { Freshness } from '../store/changes.js';
import type { Db, Store } from '../store/db.js';
import { holders } from '../store/scope.js';
import { ALL_FACILITIES, type Role, sessionForToken, sha256, type User } from '../store/users.js';
import { DOCS_PREFIX } from './docs.js';
import { HttpProblem } from './problem.js';
import type { Action, Can } from './schemas.js';

/**
 * Who may call a route. Every /api route declares one; a route without a policy fails at start-up.
 * `roles`: any of these roles passes (no role passes them all: `admin` administers users and
 * facilities only). Facility scope is checked by the handler, once it knows the facility.
 */
export type Policy =
  | { public: true }
  | {
      roles: Role[] | 'any';
      /**
       * only accounts of every facility may (what the route does holds everywhere): `true` for
       * every role of `roles`, or the roles that pass only so; 403 otherwise
       */
      everywhere?: true | Role[];
    };

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
    lang: Lang;
    token: string | null;
    /** how the token came: a bearer header, or the web app's session cookie */
    via: 'bearer' | 'cookie' | null;
  }
  interface FastifyContextConfig {
    policy?: Policy;
  }
}

export const SESSION_COOKIE = 'custodia_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Every route with its policy, in the order declared (the authorization matrix test reads it). */
export interface RouteEntry {
  method: string;
  url: string;
  policy: Policy | undefined;
}

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (h?.toLowerCase().startsWith('bearer ')) return h.slice(7).trim() || null;
  return null;
}

export function cookie(req: FastifyRequest, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      // a malformed escape (%ZZ) is no session, not a server error
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/**
 * The CSRF token of a cookie session: derived from the session token, which the page's scripts
 * cannot read (HttpOnly). A forged cross-site request carries the cookie but cannot know this.
 */
export const csrfFor = (token: string) =>
  createHash('sha256').update(`custodia-csrf:${token}`).digest('base64url');

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, expires: Date) {
  const secure = req.protocol === 'https' ? '; Secure' : '';
  reply.header(
    'set-cookie',
    `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict; Expires=${expires.toUTCString()}${secure}`,
  );
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
}

/** Sessions held at most this many (then forgotten all at once) */
const SESSIONS_HELD = 10_000;

/**
 * Live sessions by token hash, kept while nothing about accounts or sessions has changed (any change
 * anywhere forgets them all) and the database's notifications are being received.
 */
class Sessions {
  private held = new Map<string, { user: User; expiresAt: number; version: number }>();
  constructor(
    private readonly store: Store,
    private readonly fresh: Freshness,
  ) {}

  async user(token: string): Promise<User | null> {
    const key = sha256(token);
    const now = Date.now();
    const version = this.fresh.version('accounts');
    const s = this.held.get(key);
    if (s && this.fresh.holds('accounts', s.version) && now < s.expiresAt) return s.user;
    const found = await sessionForToken(this.store.db, key, new Date(now));
    if (!found) {
      this.held.delete(key);
      return null;
    }
    if (this.held.size >= SESSIONS_HELD) this.held.clear();
    if (this.fresh.holds('accounts', version))
      this.held.set(key, { user: found.user, expiresAt: found.expiresAt.getTime(), version });
    return found.user;
  }
}

/**
 * The routes each action of `Can` stands for (`METHOD /api/v1/path`): the user may do it when every
 * one of them lets one of the user's roles through. Read from the routes' own policies, so what the
 * web app offers and what the server allows cannot part.
 */
const ACTION_ROUTES: Record<Action, string[]> = {
  admit: ['POST /api/v1/admissions', 'POST /api/v1/admissions/preview', 'POST /api/v1/admissions/bulk'],
  release: ['POST /api/v1/releases'],
  correct: ['POST /api/v1/corrections'],
  move: ['POST /api/v1/moves'],
  transfer: ['POST /api/v1/transfers'],
  keepApart: ['POST /api/v1/non-associations', 'POST /api/v1/non-associations/:id/close'],
  manageGroups: ['POST /api/v1/groups'],
  recordIncident: ['POST /api/v1/incidents'],
  createFacility: ['POST /api/v1/facilities'],
  setCapacity: ['PUT /api/v1/facilities/:code/units/:unit/capacity'],
  setRegime: ['PUT /api/v1/facilities/:code/regime', 'PUT /api/v1/facilities/:code/units/:unit/regime'],
  fulfilDuty: ['POST /api/v1/duties/:id/fulfil'],
  segregate: ['POST /api/v1/segregations', 'POST /api/v1/segregations/:id/end'],
  reviewSegregation: ['POST /api/v1/segregations/:id/reviews'],
  examine: ['POST /api/v1/medical-examinations'],
  recordDeath: ['POST /api/v1/deaths'],
  recordSentence: [
    'POST /api/v1/sentences',
    'POST /api/v1/sentences/:sentenceId/credits',
    'POST /api/v1/sentences/:sentenceId/reductions',
    'POST /api/v1/sentences/:sentenceId/corrections',
  ],
  manageUsers: [
    'POST /api/v1/users',
    'PATCH /api/v1/users/:username',
    'POST /api/v1/users/:username/password',
  ],
  listUsers: ['GET /api/v1/users'],
  audit: [
    'GET /api/v1/audit/verify',
    'POST /api/v1/audit/verifications',
    'GET /api/v1/audit/verifications/:id',
  ],
  viewAccessLog: ['GET /api/v1/access-log'],
};

/** Whether one of the user's roles lets them through (then the facility scope is the handler's). */
function passes(
  policy: Exclude<Policy, { public: true }>,
  user: Pick<User, 'roles' | 'facilities'>,
): boolean {
  if (policy.roles === 'any' && !policy.everywhere) return true;
  const everywhere = user.facilities.includes(ALL_FACILITIES);
  return user.roles.some(
    (r) =>
      (policy.roles === 'any' || policy.roles.includes(r)) &&
      (everywhere || !policy.everywhere || (policy.everywhere !== true && !policy.everywhere.includes(r))),
  );
}

const allows = (policy: Policy | undefined, user: Pick<User, 'roles' | 'facilities'>) =>
  !!policy && ('public' in policy || passes(policy, user));

/** The routes an action names that the server does not have (none, or `can` would be wrong). */
export function unknownActionRoutes(table: RouteEntry[]): string[] {
  const served = new Set(table.map((r) => `${r.method} ${r.url}`));
  return Object.values(ACTION_ROUTES)
    .flat()
    .filter((k) => !served.has(k));
}

/** What a user with these roles and facilities may do, from the policies of the routes in `table`. */
export function can(user: Pick<User, 'roles' | 'facilities'>, table: RouteEntry[]): Can {
  const policies = new Map(table.map((r) => [`${r.method} ${r.url}`, r.policy]));
  const out = {} as Can;
  for (const [action, routes] of Object.entries(ACTION_ROUTES) as [Action, string[]][])
    out[action] = routes.every((k) => allows(policies.get(k), user));
  return out;
}

export function registerAuth(app: FastifyInstance, store: Store, fresh: Freshness): RouteEntry[] {
  const table: RouteEntry[] = [];
  // an action of `can` that names a route the server lacks fails at start-up, as a route without a policy does
  app.addHook('onReady', async () => {
    const unknown = unknownActionRoutes(table);
    if (unknown.length) throw new Error(`can() names routes the server does not have: ${unknown.join(', ')}`);
  });
  const sessions = new Sessions(store, fresh);
  app.decorateRequest('user', null);
  app.decorateRequest('lang', 'en');
  app.decorateRequest('token', null);
  app.decorateRequest('via', null);
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    // the rendered reference's own page and files (docs.ts) are public, like the document they show
    if (!url.startsWith('/api/') || url === DOCS_PREFIX || url.startsWith(`${DOCS_PREFIX}/`)) return;
    if (!route.config?.policy) throw new Error(`route ${route.method} ${url} declares no access policy`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') table.push({ method, url, policy: route.config.policy });
    }
  });
  app.addHook('onRequest', async (req) => {
    req.lang = pickLang(req.headers['accept-language']);
    const policy = req.routeOptions.config?.policy;
    if (!policy || 'public' in policy) return;
    let token = bearer(req);
    let via: 'bearer' | 'cookie' = 'bearer';
    if (!token) {
      token = cookie(req, SESSION_COOKIE);
      via = 'cookie';
    }
    const user = token ? await sessions.user(token) : null;
    if (!token || !user) throw new HttpProblem(401, 'detail.401');
    if (via === 'cookie' && !SAFE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== csrfFor(token)) {
      throw new HttpProblem(403, 'detail.403-csrf');
    }
    req.user = user;
    req.token = token;
    req.via = via;
    if (policy.roles !== 'any' && !user.roles.some((r) => (policy.roles as Role[]).includes(r))) {
      throw new HttpProblem(403, 'detail.403-role', { roles: user.roles.join(', ') });
    }
    if (!passes(policy, user)) throw new HttpProblem(403, 'detail.403-all-facilities');
  });
  return table;
}

const isRead = (req: FastifyRequest) => SAFE_METHODS.has(req.method);

/**
 * The signed-in user of a request. A route with a non-public policy always has one after the
 * onRequest hook; anywhere else there is none to speak for, so the request is refused (401).
 */
export function signedIn(req: FastifyRequest): User {
  if (!req.user) throw new HttpProblem(401, 'detail.401');
  return req.user;
}

/** The session token of a signed-in request, refused (401) as `signedIn` when there is none. */
export function sessionToken(req: FastifyRequest): string {
  if (!req.token) throw new HttpProblem(401, 'detail.401');
  return req.token;
}

/** Inspectors read every facility; everyone else sees the facilities of their account. */
export function canSeeFacility(user: User, facility: string, read = false): boolean {
  return (
    (read && user.roles.includes('inspector')) ||
    user.facilities.includes(ALL_FACILITIES) ||
    user.facilities.includes(facility)
  );
}

/** The facilities a request may see: null when all. */
export function visibleFacilities(req: FastifyRequest): string[] | null {
  const u = signedIn(req);
  if (u.facilities.includes(ALL_FACILITIES) || (isRead(req) && u.roles.includes('inspector'))) return null;
  return u.facilities;
}

/**
 * The facility that answers for a person (person scope: where held now, or last): 404 for an unknown
 * person, 403 when it is outside what the user may see (other facilities are not told). Null for a
 * person never held, whom only a user of every facility sees.
 */
export async function personHolder(db: Db, req: FastifyRequest, personId: string): Promise<string | null> {
  const holder = (await holders(db, [personId])).get(personId);
  if (!holder) {
    const known = await db.selectFrom('person').select('id').where('id', '=', personId).executeTakeFirst();
    if (!known) throw notFound('unknown-person', { person: personId });
  }
  const visible = visibleFacilities(req);
  if (visible !== null && (!holder || !visible.includes(holder)))
    throw new HttpProblem(403, 'detail.403-person');
  return holder ?? null;
}

/** Refuses (403) a request about a facility outside the user's scope. */
export function assertFacility(req: FastifyRequest, facility: string): void {
  if (!req.user || !canSeeFacility(req.user, facility, isRead(req)))
    throw new HttpProblem(403, 'detail.403-scope', { facility });
}

/**
 * Medical detail (injuries at admission, examination findings, medical duties' notes, the medical
 * cause of a death) is for medical staff and inspectors; a death's circumstances are for all staff.
 */
export const seesMedical = (user: User) => user.roles.includes('medical') || user.roles.includes('inspector');
