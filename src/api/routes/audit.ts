import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../domain/violation.js';
import { readAccessLog } from '../../store/access-log.js';
import type { Store } from '../../store/db.js';
import { AccessLog } from '../answers/core.js';
import { type Policy, signedIn } from '../auth.js';
import { bilingual } from '../openapi/answer.js';
import type { WorkPool } from '../pool.js';
import { problemAnswers } from '../problem.js';
import { instantParam } from '../query.js';
import { Verification, VerifyResult } from '../schemas.js';
import { Verifications } from '../verifications.js';

/** What inspectors look at: who read what (the access log), and whether the register is intact. */
export const auditRoutes =
  (store: Store, pool: WorkPool): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/access-log',
      {
        config: {
          policy: { roles: ['inspector'] },
          summaryEs:
            'Quién leyó el expediente de qué persona, y qué pasó con las cuentas; lo más reciente primero (solo inspectores)',
          answer: {
            status: 200,
            en: 'The access log’s entries that match, newest first: who, when, what action, which people and facility.',
            es: 'Las entradas del registro de accesos que coinciden, lo más reciente primero: quién, cuándo, qué acción, qué personas y recinto.',
            schema: AccessLog,
          },
        },
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
              Type.String({
                pattern: '^[0-9]{1,4}$',
                description: bilingual('at most 1000; default 100', 'como máximo 1000; por defecto 100'),
              }),
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

    // the pages of events are hashed in the worker pool while the next page is read; a page waits
    // for room in a full queue rather than fail a verification half-way
    const verifications = new Verifications(
      store.db,
      pool.enabled ? (page) => pool.runWhenRoom('hashPage', page) : undefined,
    );
    /** starts a verification or joins the one running; a new one is refused (503) while the pool is full */
    const start = (by: string) => {
      if (!verifications.busy && pool.full) throw pool.unavailable();
      return verifications.start(by);
    };
    // integrity of the whole register is for oversight and system administration: inspectors,
    // administrators, and governors of every facility (not of one: it spans them all)
    const policy = { roles: ['inspector', 'admin', 'governor'], everywhere: ['governor'] } satisfies Policy;

    app.get(
      '/audit/verify',
      {
        config: {
          policy,
          summaryEs:
            'Recalcular la cadena de hashes del registro; ok es false si algún evento se alteró o eliminó. Se une a una verificación en curso; mientras, se atienden otras peticiones',
          answer: {
            status: 200,
            en: 'The verification’s result: whether the chain is intact, how many events were checked, the head’s hash, and each problem found.',
            es: 'El resultado de la verificación: si la cadena está intacta, cuántos eventos se comprobaron, el hash de la cabeza, y cada problema encontrado.',
          },
        },
        schema: {
          tags: ['register'],
          summary:
            'Recompute the register’s hash chain; ok is false when any event was altered or removed. Joins a verification already running; other requests are served meanwhile',
          response: { 200: VerifyResult, ...problemAnswers(503) },
        },
      },
      async (req) => start(signedIn(req).username).done,
    );

    app.post(
      '/audit/verifications',
      {
        config: {
          policy,
          summaryEs:
            'Iniciar una verificación del registro en segundo plano (o unirse a la que está en curso); seguirla en Location',
          answer: {
            status: 202,
            en: 'The verification started (or the one running): its id, state and progress; Location is where to follow it.',
            es: 'La verificación iniciada (o la que está en curso): su id, estado y avance; Location dice dónde seguirla.',
          },
        },
        schema: {
          tags: ['register'],
          summary:
            'Start a verification of the register in the background (or join the one running); follow it at Location',
          response: { 202: Verification, ...problemAnswers(503) },
        },
      },
      async (req, reply) => {
        const { job, started } = start(signedIn(req).username);
        // the answer says how many events there are to check (the head is read first: one statement)
        await started;
        return reply
          .code(202)
          .header('location', `${req.url.replace(/\/?(\?.*)?$/, '')}/${job.id}`)
          .send(job);
      },
    );

    app.get(
      '/audit/verifications/:id',
      {
        config: {
          policy,
          summaryEs: 'Una verificación: su avance, y su resultado cuando termina',
          answer: {
            status: 200,
            en: 'The verification: its state, events checked of the total, who asked for it, and its result once done.',
            es: 'La verificación: su estado, eventos comprobados del total, quién la pidió, y su resultado cuando termina.',
          },
        },
        schema: {
          tags: ['register'],
          summary: 'A verification: its progress, and its result once done',
          params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
          response: { 200: Verification },
        },
      },
      async (req) => {
        const job = verifications.get(req.params.id);
        if (!job) throw notFound('unknown-verification', { id: req.params.id });
        return job;
      },
    );
  };
