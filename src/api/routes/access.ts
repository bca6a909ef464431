import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { invalid, refuse } from '../../domain/violation.js';
import type { Store } from '../../store/db.js';
import { verifyRegister } from '../../store/register.js';
import { ALL_FACILITIES, createUser, revokeToken, signIn, userExists } from '../../store/users.js';
import { HttpProblem } from '../problem.js';
import { LoginBody, UserBody, UserView } from '../schemas.js';

export const MIN_PASSWORD = 8;

export const accessRoutes =
  (store: Store): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/auth/login',
      {
        config: { policy: { public: true } },
        schema: {
          tags: ['access'],
          summary: 'Sign in; answers a bearer token',
          body: LoginBody,
          response: { 200: Type.Object({ token: Type.String(), expiresAt: Type.String(), user: UserView }) },
        },
      },
      async (req) => {
        const r = await signIn(store.db, req.body.username, req.body.password);
        if (!r) throw new HttpProblem(401, 'detail.login-failed');
        const { username, roles, facilities } = r.user;
        return {
          token: r.token,
          expiresAt: r.expiresAt.toISOString(),
          user: { username, roles, facilities },
        };
      },
    );

    app.post(
      '/auth/logout',
      {
        config: { policy: { roles: 'any' } },
        schema: { tags: ['access'], summary: 'Revoke the token in use' },
      },
      async (req, reply) => {
        await revokeToken(store.db, req.token!);
        return reply.code(204).send();
      },
    );

    app.get(
      '/auth/me',
      {
        config: { policy: { roles: 'any' } },
        schema: { tags: ['access'], summary: 'The signed-in user', response: { 200: UserView } },
      },
      async (req) => {
        const { username, roles, facilities } = req.user!;
        return { username, roles, facilities };
      },
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
        const violations = [];
        if (password.length < MIN_PASSWORD)
          violations.push({ rule: 'weak-password', subject: 'password', params: { min: MIN_PASSWORD } });
        const known = new Set(
          (await store.db.selectFrom('facility').select('code').execute()).map((f) => f.code),
        );
        facilities.forEach((f, i) => {
          if (f !== ALL_FACILITIES && !known.has(f))
            violations.push({
              rule: 'unknown-facility',
              subject: `facilities[${i}]`,
              params: { facility: f },
            });
        });
        if (violations.length) throw invalid(violations);
        if (await userExists(store.db, username))
          throw refuse([{ rule: 'user-exists', subject: 'username', params: { username } }]);
        const u = await createUser(store.db, {
          username,
          password,
          roles,
          facilities: [...new Set(facilities)],
        });
        return reply.code(201).send({ username: u.username, roles: u.roles, facilities: u.facilities });
      },
    );

    app.get(
      '/audit/verify',
      {
        config: { policy: { roles: ['inspector', 'governor'] } },
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
