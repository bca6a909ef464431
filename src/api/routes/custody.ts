import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { allocate } from '../../domain/housing/allocate.js';
import type { AllocationInput } from '../../domain/housing/model.js';
import { admit, release } from '../../store/custody.js';
import type { Store } from '../../store/db.js';
import { correct } from '../../store/people.js';
import { Corrected, Released } from '../answers/core.js';
import { assertFacility, signedIn } from '../auth.js';
import { bodyLimitFor } from '../body-limit.js';
import type { WorkPool } from '../pool.js';
import { problemAnswers } from '../problem.js';
import { AdmissionBody, BulkAdmissionBody, CorrectionBody, Placement, ReleaseBody } from '../schemas.js';

const WRITERS = ['records', 'governor'] as const;

/**
 * From this many admissions a batch's allocation runs in the worker pool (src/api/pool.ts): its
 * work grows with the batch and the people already housed; below it, copying the facility's housing
 * to a thread costs more than it saves.
 */
export const POOL_ALLOCATION_MIN = 500;

/** Admissions (one, a preview, or many), releases and corrections of the record. */
export const custodyRoutes =
  (store: Store, pool: WorkPool): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/admissions',
      {
        config: {
          policy: { roles: [...WRITERS] },
          summaryEs: 'Ingresar a una persona (se requiere una base legal)',
          answer: {
            status: 201,
            en: 'Admitted: the person’s id, the new custody’s id and the cell given.',
            es: 'Ingresada: el id de la persona, el id de la nueva custodia y la celda asignada.',
          },
        },
        schema: {
          tags: ['custody'],
          summary: 'Admit one person (a legal basis is required)',
          body: AdmissionBody,
          response: { 201: Placement },
        },
      },
      async (req, reply) => {
        const { facility, ...admission } = req.body;
        assertFacility(req, facility);
        const [placement] = await admit(store.db, facility, [admission], signedIn(req).username, {
          subject: () => '',
        });
        if (!placement) throw new Error('admit placed no one for a single admission');
        return reply.code(201).send(placement);
      },
    );

    app.post(
      '/admissions/preview',
      {
        config: {
          policy: { roles: [...WRITERS] },
          summaryEs:
            'Probar un ingreso sin registrarlo: la celda que obtendría, o el rechazo que encontraría',
          answer: {
            status: 200,
            en: 'The admission would succeed: the cell it would give, in that facility. Nothing was recorded.',
            es: 'El ingreso se aceptaría: la celda que asignaría, en ese recinto. No se registró nada.',
          },
        },
        schema: {
          tags: ['custody'],
          summary:
            'Try an admission without recording it: the cell it would get, or the refusal it would meet',
          body: AdmissionBody,
          response: { 200: Type.Object({ cell: Type.String(), facility: Type.String() }) },
        },
      },
      async (req) => {
        const { facility, ...admission } = req.body;
        assertFacility(req, facility);
        // the real admission, every check and the allocator, rolled back at the end
        const [placement] = await admit(store.db, facility, [admission], signedIn(req).username, {
          subject: () => '',
          dryRun: true,
        });
        if (!placement) throw new Error('admit placed no one for a single admission');
        return { cell: placement.cell, facility };
      },
    );

    app.post(
      '/admissions/bulk',
      {
        config: {
          policy: { roles: [...WRITERS] },
          summaryEs: 'Ingresar a muchas personas a la vez: todas o ninguna, con cada infracción listada',
          answer: {
            status: 201,
            en: 'All admitted: how many, and each one’s person id, custody id and cell, in the order sent.',
            es: 'Todas ingresadas: cuántas, y de cada una el id de la persona, de la custodia y la celda, en el orden enviado.',
          },
        },
        bodyLimit: bodyLimitFor(BulkAdmissionBody),
        schema: {
          tags: ['custody'],
          summary: 'Admit many people at once: all or nothing, every violation listed',
          body: BulkAdmissionBody,
          response: {
            201: Type.Object({ admitted: Type.Integer(), placements: Type.Array(Placement) }),
            ...problemAnswers(413),
          },
        },
      },
      async (req, reply) => {
        assertFacility(req, req.body.facility);
        const placements = await admit(
          store.db,
          req.body.facility,
          req.body.admissions,
          signedIn(req).username,
          {
            // a large batch is allocated in the worker pool, so the event loop serves others meanwhile;
            // only when a thread is free at that moment: the transaction holds the register's lock, so
            // it never waits in the queue behind projections (nor fails with 503): it allocates here
            ...(req.body.admissions.length >= POOL_ALLOCATION_MIN
              ? {
                  allocator: (input: AllocationInput) =>
                    pool.idle ? pool.run('allocate', input) : allocate(input),
                }
              : {}),
          },
        );
        return reply.code(201).send({ admitted: placements.length, placements });
      },
    );

    app.post(
      '/releases',
      {
        config: {
          policy: { roles: [...WRITERS] },
          summaryEs: 'Egresar a una persona (se requiere una base legal)',
          answer: {
            status: 200,
            en: 'Released: the person, the custody ended, its facility, when, and the register event recorded.',
            es: 'Egresada: la persona, la custodia terminada, su recinto, cuándo, y el evento registrado.',
            schema: Released,
          },
        },
        schema: {
          tags: ['custody'],
          summary: 'Release a person (a legal basis is required)',
          body: ReleaseBody,
        },
      },
      async (req) =>
        release(store.db, req.body, signedIn(req).username, { authorize: (f) => assertFacility(req, f) }),
    );

    app.post(
      '/corrections',
      {
        config: {
          policy: { roles: [...WRITERS] },
          summaryEs: 'Corregir un ingreso registrado: un evento nuevo que apunta al que corrige',
          answer: {
            status: 201,
            en: 'Corrected: the correcting event, the event it corrects, and the person.',
            es: 'Corregido: el evento de corrección, el evento que corrige, y la persona.',
            schema: Corrected,
          },
        },
        schema: {
          tags: ['register'],
          summary: 'Correct a recorded admission: a new event that points at the one it corrects',
          body: CorrectionBody,
        },
      },
      async (req, reply) => {
        const done = await correct(store.db, req.body, signedIn(req).username, {
          authorize: (f) => assertFacility(req, f),
        });
        return reply.code(201).send(done);
      },
    );
  };
