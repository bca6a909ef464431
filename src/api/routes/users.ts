import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { checkAdminsRemain, checkNewUser, removesAdmin } from '../../domain/access/accounts.js';
import { checkGrant } from '../../domain/access/grants.js';
import { invalid } from '../../domain/violation.js';
import { logAccess } from '../../store/access-log.js';
import type { Store } from '../../store/db.js';
import {
  type Account,
  accountViolations,
  createUser,
  listAccounts,
  type Role,
  updateAccount,
  userExists,
} from '../../store/users.js';
import { signedIn } from '../auth.js';
import { HttpProblem } from '../problem.js';
import { AccountView, PasswordBody, UserBody, UserChangeBody, UserView } from '../schemas.js';

const accountView = (a: Account) => ({
  username: a.username,
  roles: a.roles,
  facilities: a.facilities,
  disabled: a.disabled,
  lockedUntil: a.lockedUntil?.toISOString() ?? null,
  createdAt: a.createdAt.toISOString(),
});

const Username = Type.Object({ username: Type.String({ minLength: 1, maxLength: 100 }) });

/** Staff accounts: listed, created, changed, given a new password (administrators). */
export const userRoutes =
  (store: Store): FastifyPluginAsyncTypebox =>
  async (app) => {
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

    app.get(
      '/users',
      {
        config: {
          policy: { roles: ['admin', 'inspector'] },
          summaryEs: 'Todas las cuentas con sus roles, recintos y estado',
          answer: {
            status: 200,
            en: 'Every account: its roles, facilities, whether it is disabled or locked, and when it was created.',
            es: 'Todas las cuentas: sus roles, recintos, si está deshabilitada o bloqueada, y cuándo se creó.',
          },
        },
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
        config: {
          policy: { roles: ['admin'] },
          summaryEs: 'Crear un usuario (solo administradores)',
          answer: {
            status: 201,
            en: 'The account created: its name, roles and facilities.',
            es: 'La cuenta creada: su nombre, roles y recintos.',
          },
        },
        schema: {
          tags: ['access'],
          summary: 'Create a user (admin only)',
          body: UserBody,
          response: { 201: UserView },
        },
      },
      async (req, reply) => {
        const { username, password, roles, facilities } = req.body;
        checkGrant(signedIn(req), null, { username, roles, facilities });
        await checkAccount({ password, facilities });
        checkNewUser(username, await userExists(store.db, username));
        const u = await createUser(store.db, {
          username,
          password,
          roles: [...new Set(roles)],
          facilities: [...new Set(facilities)],
        });
        await logAccess(store.db, signedIn(req), [
          { action: 'user.create', detail: { username, roles: u.roles, facilities: u.facilities } },
        ]);
        return reply.code(201).send({ username: u.username, roles: u.roles, facilities: u.facilities });
      },
    );

    app.patch(
      '/users/:username',
      {
        config: {
          policy: { roles: ['admin'] },
          summaryEs:
            'Cambiar los roles o recintos de un usuario, o deshabilitar (y cerrar sus sesiones) o habilitar la cuenta',
          answer: {
            status: 200,
            en: 'The account as it is now: roles, facilities, state and when it was created.',
            es: 'La cuenta tal como queda: roles, recintos, estado y cuándo se creó.',
          },
        },
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
        // nobody changes their own reach; an administrator's ends where its own does
        checkGrant(signedIn(req), a, change);
        await checkAccount(change);
        // an installation never loses its last enabled administrator
        if (removesAdmin(a, change)) {
          const others = (await listAccounts(store.db)).filter(
            (u) => u.roles.includes('admin') && !u.disabled && u.id !== a.id,
          );
          checkAdminsRemain(a, change, others.length);
        }
        await updateAccount(store.db, a.id, change);
        await logAccess(store.db, signedIn(req), [
          { action: 'user.update', detail: { username: a.username, ...change } },
        ]);
        return accountView(await account(a.username));
      },
    );

    app.post(
      '/users/:username/password',
      {
        config: {
          policy: { roles: ['admin'] },
          summaryEs: 'Fijar una contraseña nueva: termina las sesiones del usuario y levanta un bloqueo',
          answer: {
            status: 204,
            en: 'The password is set; the user’s sessions have ended. No body.',
            es: 'La contraseña quedó fijada; las sesiones del usuario terminaron. Sin cuerpo.',
          },
        },
        schema: {
          tags: ['access'],
          summary: 'Set a new password: ends the user’s sessions and lifts a lock',
          params: Username,
          body: PasswordBody,
        },
      },
      async (req, reply) => {
        const a = await account(req.params.username);
        checkGrant(signedIn(req), a, {});
        await checkAccount({ password: req.body.password });
        await updateAccount(store.db, a.id, { password: req.body.password });
        await logAccess(store.db, signedIn(req), [
          { action: 'user.reset-password', detail: { username: a.username } },
        ]);
        return reply.code(204).send();
      },
    );
  };
