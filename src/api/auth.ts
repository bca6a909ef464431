import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Lang, pickLang } from '../domain/messages.js';
import type { Store } from '../store/db.js';
import { ALL_FACILITIES, type Role, type User, userForToken } from '../store/users.js';
import { HttpProblem } from './problem.js';

/** Who may call a route. Every /api route declares one; a route without a policy fails at start-up. */
export type Policy = { public: true } | { roles: Role[] | 'any' };

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
    lang: Lang;
    token: string | null;
  }
  interface FastifyContextConfig {
    policy?: Policy;
  }
}

export const SESSION_COOKIE = 'custodia_session';

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (h?.toLowerCase().startsWith('bearer ')) return h.slice(7).trim() || null;
  return null;
}

export function registerAuth(app: FastifyInstance, store: Store) {
  app.decorateRequest('user', null);
  app.decorateRequest('lang', 'en');
  app.decorateRequest('token', null);
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    if (url.startsWith('/api/') && !route.config?.policy) {
      throw new Error(`route ${route.method} ${url} declares no access policy`);
    }
  });
  app.addHook('onRequest', async (req) => {
    req.lang = pickLang(req.headers['accept-language']);
    const policy = req.routeOptions.config?.policy;
    if (!policy || 'public' in policy) return;
    const token = bearer(req);
    const user = token ? await userForToken(store.db, token) : null;
    if (!user) throw new HttpProblem(401, 'detail.401');
    req.user = user;
    req.token = token;
    if (
      policy.roles !== 'any' &&
      !user.roles.includes('admin') &&
      !user.roles.some((r) => (policy.roles as Role[]).includes(r))
    ) {
      throw new HttpProblem(403, 'detail.403-role', { roles: user.roles.join(', ') });
    }
  });
}

export function canSeeFacility(user: User, facility: string): boolean {
  return user.facilities.includes(ALL_FACILITIES) || user.facilities.includes(facility);
}

/** Refuses (403) a request about a facility outside the user's scope. */
export function assertFacility(req: FastifyRequest, facility: string): void {
  if (!req.user || !canSeeFacility(req.user, facility))
    throw new HttpProblem(403, 'detail.403-scope', { facility });
}
