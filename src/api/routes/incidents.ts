import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { logAccess } from '../../store/access-log.js';
import type { Store } from '../../store/db.js';
import { INCIDENT_KINDS, listIncidents, recordIncident } from '../../store/incidents.js';
import { Incident, IncidentList } from '../answers/safeguards.js';
import { assertFacility, signedIn } from '../auth.js';
import { instantParam } from '../query.js';
import { Enum } from '../schemas.js';

export const incidentRoutes =
  (store: Store): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/incidents',
      {
        config: {
          policy: { roles: ['officer', 'governor'] },
          summaryEs:
            'Registrar un incidente (una pelea, uso de la fuerza, autolesión…) y quiénes participaron',
          answer: {
            status: 201,
            en: 'The incident as recorded, with its id and register event.',
            es: 'El incidente registrado, con su id y su evento del registro.',
            schema: Incident,
          },
        },
        schema: {
          tags: ['custody'],
          summary: 'Record an incident (a fight, use of force, self-harm…) and who was involved',
          body: Type.Object({
            facility: Type.String({ minLength: 1, maxLength: 64 }),
            kind: Enum(INCIDENT_KINDS),
            occurredAt: Type.Optional(Type.String({ format: 'date-time' })),
            unit: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            people: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 500 }),
            forceUsed: Type.Optional(Type.Boolean()),
            description: Type.String({ minLength: 1, maxLength: 5000 }),
          }),
        },
      },
      async (req, reply) =>
        reply.code(201).send(
          await recordIncident(store.db, req.body, signedIn(req).username, {
            authorize: (f) => assertFacility(req, f),
          }),
        ),
    );

    app.get(
      '/facilities/:code/incidents',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs:
            'Los incidentes de un recinto, los más recientes primero (?from= ?to= instantes RFC 3339)',
          answer: {
            status: 200,
            en: 'The facility’s incidents in the window, newest first (at most 200).',
            es: 'Los incidentes del recinto en el intervalo, los más recientes primero (a lo sumo 200).',
            schema: IncidentList,
          },
        },
        schema: {
          tags: ['custody'],
          summary: 'A facility’s incidents, newest first (?from= ?to= RFC 3339 times)',
          params: Type.Object({ code: Type.String() }),
          querystring: Type.Object({
            from: Type.Optional(Type.String({ maxLength: 64 })),
            to: Type.Optional(Type.String({ maxLength: 64 })),
          }),
        },
      },
      async (req) => {
        assertFacility(req, req.params.code);
        const incidents = await listIncidents(
          store.db,
          req.params.code,
          instantParam(req.query.from, 'from'),
          instantParam(req.query.to, 'to'),
        );
        await logAccess(store.db, signedIn(req), [
          { action: 'incidents.read', people: incidents.flatMap((i) => i.people), facility: req.params.code },
        ]);
        return { incidents };
      },
    );
  };
