import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DEFAULT_SIGN_IN, type SignInSettings } from '../../config.js';
import { logAccess } from '../../store/access-log.js';
import type { Store } from '../../store/db.js';
import { revokeToken, signIn } from '../../store/users.js';
import { can, clearSessionCookie, csrfFor, sessionToken, setSessionCookie, signedIn } from '../auth.js';
import { HttpProblem } from '../problem.js';
import { LoginAnswer, LoginBody, MeAnswer } from '../schemas.js';
import { FailureWindow, NameLock } from '../sign-in-limit.js';

/** Signing in and out, and who is signed in. */
export const authRoutes =
  (store: Store, settings: SignInSettings = DEFAULT_SIGN_IN): FastifyPluginAsyncTypebox =>
  async (app) => {
    // failed sign-ins one client address may make in 15 minutes
    const byAddress = new FailureWindow(settings.perAddress, 15 * 60_000);
    const unknownNames = new NameLock(settings.lockAfter, settings.lockMinutes * 60_000);

    app.post(
      '/auth/login',
      {
        config: {
          policy: { public: true },
          // a wrong name or password (public, yet it answers 401); too many failures, or a locked account
          errors: [401, 429],
          summaryEs:
            'Iniciar sesión; responde un token bearer (y fija la cookie de sesión de la aplicación web). Los fallos repetidos bloquean la cuenta un tiempo',
          answer: {
            status: 200,
            en: 'Signed in: the bearer token, when it expires, the CSRF token, and the user with what they may do.',
            es: 'Sesión iniciada: el token bearer, cuándo vence, el token CSRF, y el usuario con lo que puede hacer.',
          },
        },
        schema: {
          tags: ['access'],
          summary:
            'Sign in; answers a bearer token (and sets the web app’s session cookie). Repeated failures lock the account for a while',
          body: LoginBody,
          response: { 200: LoginAnswer },
        },
      },
      async (req, reply) => {
        const { username, password } = req.body;
        const address = req.ip;
        const tooMany = (until: Date, key: string) => {
          reply.header('retry-after', String(Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000))));
          return new HttpProblem(429, key, { until: until.toISOString() });
        };
        // the attempt counts against the address before it is made (parallel attempts cannot overshoot)
        const blocked = byAddress.take(address);
        if (blocked) throw tooMany(blocked, 'detail.429-address');
        const r = await signIn(store.db, username, password, new Date(), settings);
        if (!r.ok) {
          // a name that is no enabled account locks like one, so a lock does not tell that a name is real
          const unknown = r.reason === 'wrong' && !r.known;
          const nameLocked = unknown ? unknownNames.lockedUntil(username) : null;
          if (nameLocked) throw tooMany(nameLocked, 'detail.429-locked');
          const until = r.reason === 'locked' ? r.until : unknown ? unknownNames.fail(username) : null;
          await logAccess(store.db, { id: null, username }, [
            { action: until ? 'sign-in.locked' : 'sign-in.failed', detail: { address } },
          ]);
          if (until) throw tooMany(until, 'detail.429-locked');
          throw new HttpProblem(401, 'detail.login-failed');
        }
        byAddress.forgive(address);
        setSessionCookie(req, reply, r.token, r.expiresAt);
        const { roles, facilities } = r.user;
        return {
          token: r.token,
          expiresAt: r.expiresAt.toISOString(),
          csrfToken: csrfFor(r.token),
          user: { username: r.user.username, roles, facilities, can: can(r.user, app.routeTable) },
        };
      },
    );

    app.post(
      '/auth/logout',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs: 'Revocar el token en uso (y borrar la cookie de sesión)',
          answer: {
            status: 204,
            en: 'Signed out: the token no longer works. No body.',
            es: 'Sesión cerrada: el token ya no sirve. Sin cuerpo.',
          },
        },
        schema: { tags: ['access'], summary: 'Revoke the token in use (and clear the session cookie)' },
      },
      async (req, reply) => {
        await revokeToken(store.db, sessionToken(req));
        clearSessionCookie(reply);
        return reply.code(204).send();
      },
    );

    app.get(
      '/auth/me',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs:
            'El usuario con sesión, lo que puede hacer (can), y el token CSRF cuando la sesión es por cookie',
          answer: {
            status: 200,
            en: 'The signed-in user: name, roles, facilities, what they may do, and the CSRF token when signed in by cookie.',
            es: 'El usuario con sesión: nombre, roles, recintos, lo que puede hacer, y el token CSRF si la sesión es por cookie.',
          },
        },
        schema: {
          tags: ['access'],
          summary:
            'The signed-in user, what they may do (can), and the CSRF token when signed in by the session cookie',
          response: { 200: MeAnswer },
        },
      },
      async (req) => {
        const user = signedIn(req);
        const { username, roles, facilities } = user;
        return {
          username,
          roles,
          facilities,
          can: can(user, app.routeTable),
          ...(req.via === 'cookie' ? { csrfToken: csrfFor(sessionToken(req)) } : {}),
        };
      },
    );
  };
