import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Store } from '../../../store/db.js';
import {
  endSegregation,
  reviewSegregation,
  startSegregation,
} from '../../../store/safeguards/segregation.js';
import { Segregation, SegregationReview } from '../../answers/safeguards.js';
import { assertFacility, signedIn } from '../../auth.js';

/** Segregation (solitary confinement): started, reviewed, ended. */
export const segregationRoutes =
  (store: Store): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/segregations',
      {
        config: {
          policy: { roles: ['governor', 'officer'] },
          summaryEs:
            'Iniciar un aislamiento (régimen de aislamiento): quién lo ordenó y por qué; más de 15 días genera mandela-44',
          answer: {
            status: 201,
            en: 'The segregation as started: who, where, since when, by whose order and why (endedAt null).',
            es: 'El aislamiento iniciado: quién, dónde, desde cuándo, por orden de quién y por qué (endedAt nulo).',
            schema: Segregation,
          },
        },
        schema: {
          tags: ['safeguards'],
          summary:
            'Start a segregation (solitary confinement): who ordered it and why; more than 15 days raises mandela-44',
          body: Type.Object({
            personId: Type.String({ minLength: 1, maxLength: 64 }),
            startedAt: Type.Optional(Type.String({ format: 'date-time' })),
            authority: Type.String({ minLength: 1, maxLength: 200 }),
            reason: Type.String({ minLength: 1, maxLength: 2000 }),
          }),
        },
      },
      async (req, reply) =>
        reply.code(201).send(
          await startSegregation(store.db, req.body, signedIn(req).username, {
            authorize: (f) => assertFacility(req, f),
          }),
        ),
    );

    app.post(
      '/segregations/:id/end',
      {
        config: {
          policy: { roles: ['governor', 'officer'] },
          summaryEs: 'Terminar un aislamiento',
          answer: {
            status: 200,
            en: 'The segregation as ended, with when it ended.',
            es: 'El aislamiento terminado, con cuándo terminó.',
            schema: Segregation,
          },
        },
        schema: {
          tags: ['safeguards'],
          summary: 'End a segregation',
          params: Type.Object({ id: Type.String() }),
          body: Type.Object({
            endedAt: Type.Optional(Type.String({ format: 'date-time' })),
            note: Type.String({ minLength: 1, maxLength: 2000 }),
          }),
        },
      },
      async (req) =>
        endSegregation(store.db, req.params.id, req.body, signedIn(req).username, {
          authorize: (f) => assertFacility(req, f),
        }),
    );

    app.post(
      '/segregations/:id/reviews',
      {
        config: {
          policy: { roles: ['governor', 'medical'] },
          summaryEs: 'Registrar una revisión de un aislamiento (Regla Mandela 45)',
          answer: {
            status: 201,
            en: 'The review as recorded: the segregation, when, by whom, its outcome and its register event.',
            es: 'La revisión registrada: el aislamiento, cuándo, por quién, su resultado y su evento del registro.',
            schema: SegregationReview,
          },
        },
        schema: {
          tags: ['safeguards'],
          summary: 'Record a review of a segregation (Mandela Rule 45)',
          params: Type.Object({ id: Type.String() }),
          body: Type.Object({
            reviewedBy: Type.String({ minLength: 1, maxLength: 200 }),
            outcome: Type.String({ minLength: 1, maxLength: 2000 }),
          }),
        },
      },
      async (req, reply) =>
        reply.code(201).send(
          await reviewSegregation(store.db, req.params.id, req.body, signedIn(req).username, {
            authorize: (f) => assertFacility(req, f),
          }),
        ),
    );
  };
