import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Store } from '../../store/db.js';
import { move, transfer } from '../../store/movement.js';
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
        config: { policy: { roles: ['officer', 'governor'] } },
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
        config: { policy: { roles: ['governor', 'records'] } },
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
