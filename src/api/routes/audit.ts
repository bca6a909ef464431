import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { readAccessLog } from '../../store/access-log.js';
import type { Store } from '../../store/db.js';
import { verifyRegister } from '../../store/register.js';
import { instantParam } from '../query.js';

/** What inspectors look at: who read what (the access log), and whether the register is intact. */
export const auditRoutes =
  (store: Store): FastifyPluginAsyncTypebox =>
  async (app) => {
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
