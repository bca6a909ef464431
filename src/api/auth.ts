import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Lang, pickLang } from '../domain/messages.js';
import type { Freshness } from '../store/changes.js';
import type { Store } from '../store/db.js';
import { ALL_FACILITIES, type Role, sessionForToken, sha256, type User } from '../store/users.js';
import { HttpProblem } from './problem.js';

/**
 * Who may call a route. Every /api route declares one; a route without a policy fails at start-up.
 * `roles`: any of these roles passes (no role passes them all: `admin` administers users and
 * facilities only). Facility scope is checked by the handler, once it knows the facility.
 */
export type Policy = { public: true } | { roles: Role[] | 'any' };

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

export function registerAuth(app: FastifyInstance, store: Store, fresh: Freshness): RouteEntry[] {
  const table: RouteEntry[] = [];
  const sessions = new Sessions(store, fresh);
  app.decorateRequest('user', null);
  app.decorateRequest('lang', 'en');
  app.decorateRequest('token', null);
  app.decorateRequest('via', null);
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    if (!url.startsWith('/api/')) return;
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
  });
  return table;
}

const isRead = (req: FastifyRequest) => SAFE_METHODS.has(req.method);

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
  const u = req.user!;
  if (u.facilities.includes(ALL_FACILITIES) || (isRead(req) && u.roles.includes('inspector'))) return null;
  return u.facilities;
}

/** Refuses (403) a request about a facility outside the user's scope. */
export function assertFacility(req: FastifyRequest, facility: string): void {
  if (!req.user || !canSeeFacility(req.user, facility, isRead(req)))
    throw new HttpProblem(403, 'detail.403-scope', { facility });
}

/** Medical detail (injuries, examinations, causes of death) is for medical staff and inspectors. */
export const seesMedical = (user: User) => user.roles.includes('medical') || user.roles.includes('inspector');
