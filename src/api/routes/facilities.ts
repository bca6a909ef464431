import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { parseInstant } from '../../domain/time.js';
import { invalid } from '../../domain/violation.js';
import { logAccess } from '../../store/access-log.js';
import { unitDetail } from '../../store/cells.js';
import type { Freshness } from '../../store/changes.js';
import type { Store } from '../../store/db.js';
import {
  createFacility,
  facilityView,
  listFacilities,
  roll,
  setCellCapacity,
} from '../../store/facilities.js';
import { assertFacility, signedIn, visibleFacilities } from '../auth.js';
import { readsFor } from '../read-routing.js';
import { LiveRolls } from '../roll-cache.js';
import { CapacityBody, FacilityBody, RollQuery, UnitDetail } from '../schemas.js';

const FacilityParams = Type.Object({ code: Type.String() });
const UnitParams = Type.Object({ code: Type.String(), unit: Type.String() });
export const facilityRoutes =
  (store: Store, fresh: Freshness): FastifyPluginAsyncTypebox =>
  async (app) => {
    const liveRolls = new LiveRolls(store.db, fresh);
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
        await createFacility(store.db, req.body, signedIn(req).username);
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
      async (req, reply) => {
        assertFacility(req, req.params.code);
        // the live roll, as JSON text kept until the register moves
        if (req.query.at === undefined)
          return reply.type('application/json; charset=utf-8').send(await liveRolls.json(req.params.code));
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
        // a past moment may be read on a standby (read-routing.ts)
        return roll(await readsFor(store, req, reply), req.params.code, at);
      },
    );

    app.get(
      '/facilities/:code/units/:unit',
      {
        config: { policy: { roles: 'any' } },
        schema: {
          tags: ['facilities'],
          summary: 'A cell (or block, landing): capacity, floor space per person, who is in it, who has been',
          params: UnitParams,
          response: { 200: UnitDetail },
        },
      },
      async (req) => {
        assertFacility(req, req.params.code);
        const view = await unitDetail(store.db, req.params.code, req.params.unit);
        // it names who is and was in the unit: one row naming everyone shown, as a search's
        await logAccess(store.db, signedIn(req), [
          {
            action: 'unit.read',
            people: [...view.occupants, ...view.history].map((p) => p.personId),
            facility: req.params.code,
            detail: { unit: req.params.unit },
          },
        ]);
        return view;
      },
    );

    app.put(
      '/facilities/:code/units/:unit/capacity',
      {
        config: { policy: { roles: ['admin', 'governor'] } },
        schema: {
          tags: ['facilities'],
          summary: 'Set a cell’s capacity (never below the people in it)',
          params: UnitParams,
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
          signedIn(req).username,
        );
        return facilityView(store.db, req.params.code);
      },
    );
  };
