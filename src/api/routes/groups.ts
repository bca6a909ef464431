import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { logAccess } from '../../store/access-log.js';
import type { Store } from '../../store/db.js';
import {
  closeNonAssociation,
  createGroup,
  listGroups,
  listNonAssociations,
  openNonAssociation,
} from '../../store/groups.js';
import { assertFacility, signedIn, visibleFacilities } from '../auth.js';
import { CloseBody, GroupBody, NonAssociationBody } from '../schemas.js';

/** Groups and their rivalries, and non-associations: who must be kept apart. */
export const groupRoutes =
  (store: Store): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/groups',
      {
        // a group and its rivalries hold in every facility (they refuse admissions anywhere): only
        // staff of every facility record them
        config: { policy: { roles: ['governor'], everywhere: true } },
        schema: {
          tags: ['housing'],
          summary:
            'Record a group and its rivals: members of rival groups never share a location of the scope',
          body: GroupBody,
        },
      },
      async (req, reply) =>
        reply.code(201).send(await createGroup(store.db, req.body, signedIn(req).username)),
    );

    app.get(
      '/groups',
      {
        config: { policy: { roles: 'any' } },
        schema: { tags: ['housing'], summary: 'Groups, their rivals and members in custody' },
      },
      async (req) => ({
        groups: await listGroups(store.db, visibleFacilities(req)),
      }),
    );

    app.post(
      '/non-associations',
      {
        config: { policy: { roles: ['officer', 'governor', 'records'] } },
        schema: {
          tags: ['housing'],
          summary: 'Keep two people apart at a scope; answers where they share a location now, if they do',
          body: NonAssociationBody,
        },
      },
      async (req, reply) =>
        reply.code(201).send(
          await openNonAssociation(store.db, req.body, signedIn(req).username, {
            authorize: (f) => assertFacility(req, f),
          }),
        ),
    );

    app.get(
      '/non-associations',
      {
        config: { policy: { roles: 'any' } },
        schema: {
          tags: ['housing'],
          summary: 'Open non-associations (of one person with ?person=; closed ones too with ?closed=true)',
          querystring: Type.Object({
            person: Type.Optional(Type.String()),
            closed: Type.Optional(Type.String({ enum: ['true', 'false'] })),
          }),
        },
      },
      async (req) => {
        const nonAssociations = await listNonAssociations(
          store.db,
          req.query.person,
          req.query.closed === 'true',
          visibleFacilities(req),
        );
        await logAccess(store.db, signedIn(req), [
          {
            action: 'non-associations.read',
            people: nonAssociations.flatMap((n) => [n.personA, n.personB]),
          },
        ]);
        return { nonAssociations };
      },
    );

    app.post(
      '/non-associations/:id/close',
      {
        config: { policy: { roles: ['officer', 'governor', 'records'] } },
        schema: {
          tags: ['housing'],
          summary: 'Close a non-association; its history stays',
          params: Type.Object({ id: Type.String() }),
          body: CloseBody,
        },
      },
      async (req) =>
        closeNonAssociation(store.db, req.params.id, req.body.reason, signedIn(req).username, {
          authorize: (f) => assertFacility(req, f),
        }),
    );
  };
