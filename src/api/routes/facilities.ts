import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { parseInstant } from '../../domain/time.js';
import { invalid } from '../../domain/violation.js';
import type { Store } from '../../store/db.js';
import {
  createFacility,
  facilityView,
  listFacilities,
  roll,
  setCellCapacity,
} from '../../store/facilities.js';
import { assertFacility, visibleFacilities } from '../auth.js';
import { CapacityBody, FacilityBody, RollQuery } from '../schemas.js';

const FacilityParams = Type.Object({ code: Type.String() });

export const facilityRoutes =
  (store: Store): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/facilities',
      {
        config: { policy: { roles: ['admin'] } },
        schema: {
          tags: ['facilities'],
          summary: 'Create a facility with its blocks, landings and cells',
          body: FacilityBody,
        },
      },
      async (req, reply) => {
        await createFacility(store.db, req.body, req.user!.username);
        return reply.code(201).send(await facilityView(store.db, req.body.code));
      },
    );

    app.get(
      '/facilities',
      {
        config: { policy: { roles: 'any' } },
        schema: { tags: ['facilities'], summary: 'Facilities the user may see, with their trees' },
      },
      async (req) => {
        return { facilities: await listFacilities(store.db, visibleFacilities(req) ?? undefined) };
      },
    );

    app.get(
      '/facilities/:code',
      {
        config: { policy: { roles: 'any' } },
        schema: {
          tags: ['facilities'],
          summary: 'A facility, its tree and capacities',
          params: FacilityParams,
        },
      },
      async (req) => {
        assertFacility(req, req.params.code);
        return facilityView(store.db, req.params.code);
      },
    );

    app.get(
      '/facilities/:code/roll',
      {
        config: { policy: { roles: 'any' } },
        schema: {
          tags: ['custody'],
          summary: 'The roll: people in custody per unit; with ?at=, as it stood then (from the register)',
          params: FacilityParams,
          querystring: RollQuery,
        },
      },
      async (req) => {
        assertFacility(req, req.params.code);
        let at: Date | undefined;
        if (req.query.at !== undefined) {
          const parsed = parseInstant(req.query.at);
          if (!parsed || !/[T ]/.test(req.query.at)) {
            throw invalid([
              {
                rule: 'invalid-field',
                subject: 'at',
                params: { field: 'at', problem: `"${req.query.at}" is not an RFC 3339 time` },
              },
            ]);
          }
          at = parsed;
        }
        return roll(store.db, req.params.code, at);
      },
    );

    app.put(
      '/facilities/:code/units/:unit/capacity',
      {
        config: { policy: { roles: ['admin', 'governor'] } },
        schema: {
          tags: ['facilities'],
          summary: 'Set a cell’s capacity (never below the people in it)',
          params: Type.Object({ code: Type.String(), unit: Type.String() }),
          body: CapacityBody,
        },
      },
      async (req) => {
        assertFacility(req, req.params.code);
        await setCellCapacity(
          store.db,
          req.params.code,
          req.params.unit,
          req.body.capacity,
          req.user!.username,
        );
        return facilityView(store.db, req.params.code);
      },
    );
  };
