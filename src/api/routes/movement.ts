import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Store } from '../../store/db.js';
import { move, transfer } from '../../store/movement.js';
import { Moved, Transferred } from '../answers/core.js';
import { assertFacility, signedIn } from '../auth.js';
import { bodyLimitFor } from '../body-limit.js';
import { problemAnswers } from '../problem.js';
import { MoveBody, TransferBody } from '../schemas.js';

/** Moves within a facility and transfers between facilities. */
export const movementRoutes =
  (store: Store): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/moves',
      {
        config: {
          policy: { roles: ['officer', 'governor'] },
          summaryEs: 'Trasladar a una persona a otra celda, comprobado por cada regla de alojamiento',
          answer: {
            status: 200,
            en: 'Moved: the person, the cell moved to and from, and the register event recorded.',
            es: 'Trasladada: la persona, la celda de destino y la de origen, y el evento registrado.',
            schema: Moved,
          },
        },
        schema: {
          tags: ['custody'],
          summary: 'Move a person to another cell, checked by every housing rule',
          body: MoveBody,
        },
      },
      async (req) =>
        move(store.db, req.body, signedIn(req).username, { authorize: (f) => assertFacility(req, f) }),
    );

    app.post(
      '/transfers',
      {
        config: {
          policy: { roles: ['governor', 'records'] },
          summaryEs: 'Trasladar a muchas personas a otro recinto: todas o ninguna, alojadas por el asignador',
          answer: {
            status: 200,
            en: 'All transferred: how many, and each one’s custody, the facility left and the cell given in the new one.',
            es: 'Todas trasladadas: cuántas, y de cada una su custodia, el recinto que dejó y la celda asignada en el nuevo.',
            schema: Transferred,
          },
        },
        bodyLimit: bodyLimitFor(TransferBody),
        schema: {
          tags: ['custody'],
          summary: 'Move many people to another facility: all or nothing, housed by the allocator',
          body: TransferBody,
          response: {
            200: { description: 'Transferred: `{ transferred, placements }`' },
            ...problemAnswers(413),
          },
        },
      },
      async (req) =>
        transfer(store.db, req.body, signedIn(req).username, { authorize: (f) => assertFacility(req, f) }),
    );
  };
