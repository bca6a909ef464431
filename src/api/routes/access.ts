import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DEFAULT_SIGN_IN, type SignInSettings } from '../../config.js';
import { invalid, refuse } from '../../domain/violation.js';
import { logAccess, readAccessLog } from '../../store/access-log.js';
import type { Store } from '../../store/db.js';
import { verifyRegister } from '../../store/register.js';
import {
  type Account,
  accountViolations,
  createUser,
  listAccounts,
  type Role,
  revokeToken,
  signIn,
  updateAccount,
  userExists,
} from '../../store/users.js';
import { clearSessionCookie, csrfFor, setSessionCookie } from '../auth.js';
import { HttpProblem } from '../problem.js';
import { instantParam } from '../query.js';
import { AccountView, LoginBody, PasswordBody, UserBody, UserChangeBody, UserView } from '../schemas.js';
import { FailureWindow, NameLock } from '../sign-in-limit.js';

const accountView = (a: Account) => ({
  username: a.username,
  roles: a.roles,
  facilities: a.facilities,
  disabled: a.disabled,
  lockedUntil: a.lockedUntil?.toISOString() ?? null,
  createdAt: a.createdAt.toISOString(),
});

const Username = Type.Object({ username: Type.String({ minLength: 1, maxLength: 100 }) });

export const accessRoutes =
  (store: Store, settings: SignInSettings = DEFAULT_SIGN_IN): FastifyPluginAsyncTypebox =>
  async (app) => {
    // failed sign-ins one client address may make in 15 minutes
    const byAddress = new FailureWindow(settings.perAddress, 15 * 60_000);
    const unknownNames = new NameLock(settings.lockAfter, settings.lockMinutes * 60_000);

    /** Refuses a weak password or an unknown facility, naming each. */
    const checkAccount = async (a: { password?: string | undefined; facilities?: string[] | undefined }) => {
      const violations = await accountViolations(store.db, a);
      if (violations.length) throw invalid(violations);
    };

    const account = async (username: string) => {
      const [a] = await listAccounts(store.db, username);
      if (!a) throw new HttpProblem(404, 'detail.404-user', { username });
      return a;
    };

    app.post(
      '/auth/login',
      {
        config: { policy: { public: true } },
        schema: {
          tags: ['access'],
          summary:
            'Sign in; answers a bearer token (and sets the web app’s session cookie). Repeated failures lock the account for a while',
          body: LoginBody,
          response: {
            200: Type.Object({
              token: Type.String(),
              expiresAt: Type.String(),
              csrfToken: Type.String(),
              user: UserView,
            }),
          },
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
          user: { username: r.user.username, roles, facilities },
        };
      },
    );

    app.post(
      '/auth/logout',
      {
        config: { policy: { roles: 'any' } },
        schema: { tags: ['access'], summary: 'Revoke the token in use (and clear the session cookie)' },
      },
      async (req, reply) => {
        await revokeToken(store.db, req.token!);
        clearSessionCookie(reply);
        return reply.code(204).send();
      },
    );

    app.get(
      '/auth/me',
      {
        config: { policy: { roles: 'any' } },
        schema: {
          tags: ['access'],
          summary: 'The signed-in user (with the CSRF token when signed in by the session cookie)',
          response: {
            200: Type.Object({
              username: Type.String(),
              roles: Type.Array(Type.String()),
              facilities: Type.Array(Type.String()),
              csrfToken: Type.Optional(Type.String()),
            }),
          },
        },
      },
      async (req) => {
        const { username, roles, facilities } = req.user!;
        return {
          username,
          roles,
          facilities,
          ...(req.via === 'cookie' ? { csrfToken: csrfFor(req.token!) } : {}),
        };
      },
    );

    app.get(
      '/users',
      {
        config: { policy: { roles: ['admin', 'inspector'] } },
        schema: {
          tags: ['access'],
          summary: 'Every account with its roles, facilities and state',
          response: { 200: Type.Object({ users: Type.Array(AccountView) }) },
        },
      },
      async () => ({ users: (await listAccounts(store.db)).map(accountView) }),
    );

    app.post(
      '/users',
      {
        config: { policy: { roles: ['admin'] } },
        schema: {
          tags: ['access'],
          summary: 'Create a user (admin only)',
          body: UserBody,
          response: { 201: UserView },
        },
      },
      async (req, reply) => {
        const { username, password, roles, facilities } = req.body;
        await checkAccount({ password, facilities });
        if (await userExists(store.db, username))
          throw refuse([{ rule: 'user-exists', subject: 'username', params: { username } }]);
        const u = await createUser(store.db, {
          username,
          password,
          roles: [...new Set(roles)],
          facilities: [...new Set(facilities)],
        });
        await logAccess(store.db, req.user!, [
          { action: 'user.create', detail: { username, roles: u.roles, facilities: u.facilities } },
        ]);
        return reply.code(201).send({ username: u.username, roles: u.roles, facilities: u.facilities });
      },
    );

    app.patch(
      '/users/:username',
      {
        config: { policy: { roles: ['admin'] } },
        schema: {
          tags: ['access'],
          summary: 'Change a user’s roles or facilities, or disable (and sign out) or enable the account',
          params: Username,
          body: UserChangeBody,
          response: { 200: AccountView },
        },
      },
      async (req) => {
        const a = await account(req.params.username);
        const change = {
          ...(req.body.roles && { roles: [...new Set(req.body.roles)] as Role[] }),
          ...(req.body.facilities && { facilities: [...new Set(req.body.facilities)] }),
          ...(req.body.disabled !== undefined && { disabled: req.body.disabled }),
        };
        await checkAccount(change);
        // an installation never loses its last enabled administrator
        const staysAdmin = !change.disabled && (change.roles ?? a.roles).includes('admin');
        if (a.roles.includes('admin') && !a.disabled && !staysAdmin) {
          const admins = (await listAccounts(store.db)).filter(
            (u) => u.roles.includes('admin') && !u.disabled && u.id !== a.id,
          );
          if (!admins.length)
            throw refuse([{ rule: 'last-admin', subject: 'username', params: { username: a.username } }]);
        }
        await updateAccount(store.db, a.id, change);
        await logAccess(store.db, req.user!, [
          { action: 'user.update', detail: { username: a.username, ...change } },
        ]);
        return accountView(await account(a.username));
      },
    );

    app.post(
      '/users/:username/password',
      {
        config: { policy: { roles: ['admin'] } },
        schema: {
          tags: ['access'],
          summary: 'Set a new password: ends the user’s sessions and lifts a lock',
          params: Username,
          body: PasswordBody,
        },
      },
      async (req, reply) => {
        const a = await account(req.params.username);
        await checkAccount({ password: req.body.password });
        await updateAccount(store.db, a.id, { password: req.body.password });
        await logAccess(store.db, req.user!, [
          { action: 'user.reset-password', detail: { username: a.username } },
        ]);
        return reply.code(204).send();
      },
    );

    app.get(
      '/access-log',
      {
        config: { policy: { roles: ['inspector'] } },
        schema: {
          tags: ['access'],
          summary:
            'Who read which person’s record, and what happened to accounts; newest first (inspectors only)',
          querystring: Type.Object({
            person: Type.Optional(Type.String({ maxLength: 64 })),
            username: Type.Optional(Type.String({ maxLength: 100 })),
            action: Type.Optional(Type.String({ maxLength: 64 })),
            from: Type.Optional(Type.String({ maxLength: 64 })),
            to: Type.Optional(Type.String({ maxLength: 64 })),
            limit: Type.Optional(
              Type.String({ pattern: '^[0-9]{1,4}$', description: 'at most 1000; default 100' }),
            ),
          }),
        },
      },
      async (req) => {
        const q = req.query;
        return {
          entries: await readAccessLog(store.db, {
            person: q.person,
            username: q.username,
            action: q.action,
            from: instantParam(q.from, 'from'),
            to: instantParam(q.to, 'to'),
            limit: Math.min(1000, Math.max(1, Number(q.limit ?? 100))),
          }),
        };
      },
    );

    app.get(
      '/audit/verify',
      {
        config: { policy: { roles: ['inspector', 'governor', 'admin'] } },
        schema: {
          tags: ['register'],
          summary: 'Recompute the register’s hash chain; ok is false when any event was altered or removed',
          response: {
            200: Type.Object({
              ok: Type.Boolean(),
              events: Type.Integer(),
              head: Type.String(),
              problems: Type.Array(Type.Object({ seq: Type.Integer(), problem: Type.String() })),
            }),
          },
        },
      },
      async () => verifyRegister(store.db),
    );
  };
