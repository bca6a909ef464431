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
import {
  Group,
  GroupList,
  NonAssociation,
  NonAssociationList,
  NonAssociationOpened,
} from '../answers/core.js';
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
        config: {
          policy: { roles: ['governor'], everywhere: true },
          summaryEs:
            'Registrar un grupo y sus rivales: los miembros de grupos rivales nunca comparten una ubicación del alcance',
          answer: {
            status: 201,
            en: 'The group recorded: its code, name and rivals, each with the scope they are kept apart at.',
            es: 'El grupo registrado: su código, nombre y rivales, cada uno con el alcance en que se les separa.',
            schema: Group,
          },
        },
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
        config: {
          policy: { roles: 'any' },
          summaryEs: 'Los grupos, sus rivales y sus miembros bajo custodia',
          answer: {
            status: 200,
            en: 'Every group by code: its rivals and how many of its members are in custody where the caller sees.',
            es: 'Cada grupo por código: sus rivales y cuántos de sus miembros están bajo custodia donde quien llama ve.',
            schema: GroupList,
          },
        },
        schema: { tags: ['housing'], summary: 'Groups, their rivals and members in custody' },
      },
      async (req) => ({
        groups: await listGroups(store.db, visibleFacilities(req)),
      }),
    );

    app.post(
      '/non-associations',
      {
        config: {
          policy: { roles: ['officer', 'governor', 'records'] },
          summaryEs:
            'Mantener separadas a dos personas en un alcance; responde dónde comparten ahora una ubicación, si la comparten',
          answer: {
            status: 201,
            en: 'The non-association opened, and where the two share a location of its scope now (conflict), if they do.',
            es: 'La separación abierta, y dónde comparten ahora las dos una ubicación de su alcance (conflict), si la comparten.',
            schema: NonAssociationOpened,
          },
        },
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
        config: {
          policy: { roles: 'any' },
          summaryEs:
            'Las separaciones abiertas (de una persona con ?person=; también las cerradas con ?closed=true)',
          answer: {
            status: 200,
            en: 'The non-associations asked for, oldest first, of people the caller’s facilities hold (or held last).',
            es: 'Las separaciones pedidas, la más antigua primero, de personas que los recintos de quien llama custodian (o custodiaron al final).',
            schema: NonAssociationList,
          },
        },
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
        config: {
          policy: { roles: ['officer', 'governor', 'records'] },
          summaryEs: 'Cerrar una separación; su historia se conserva',
          answer: {
            status: 200,
            en: 'The non-association, now closed: when and why.',
            es: 'La separación, ya cerrada: cuándo y por qué.',
            schema: NonAssociation,
          },
        },
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
