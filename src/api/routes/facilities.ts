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
import { Facility, FacilityList, Roll } from '../answers/core.js';
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
        config: {
          policy: { roles: ['admin'] },
          summaryEs: 'Crear un recinto con sus módulos, niveles y celdas',
          answer: {
            status: 201,
            en: 'The facility created: its tree of units with their capacities, and no one in custody yet.',
            es: 'El recinto creado: su árbol de unidades con sus capacidades, aún sin nadie bajo custodia.',
            schema: Facility,
          },
        },
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
        config: {
          policy: { roles: 'any' },
          summaryEs: 'Los recintos que el usuario puede ver, con sus árboles',
          answer: {
            status: 200,
            en: 'The facilities the user may see, by code: each with its tree of units, capacities and people in custody.',
            es: 'Los recintos que el usuario puede ver, por código: cada uno con su árbol de unidades, capacidades y personas bajo custodia.',
            schema: FacilityList,
          },
        },
        schema: { tags: ['facilities'], summary: 'Facilities the user may see, with their trees' },
      },
      async (req) => {
        return { facilities: await listFacilities(store.db, visibleFacilities(req) ?? undefined) };
      },
    );

    app.get(
      '/facilities/:code',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs: 'Un recinto, su árbol y sus capacidades',
          answer: {
            status: 200,
            en: 'The facility: its tree of units with capacities, floor space and people in custody.',
            es: 'El recinto: su árbol de unidades con capacidades, superficie y personas bajo custodia.',
            schema: Facility,
          },
        },
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
        config: {
          policy: { roles: 'any' },
          summaryEs:
            'El recuento: personas bajo custodia por unidad; con ?at=, tal como estaba entonces (según el registro)',
          answer: {
            status: 200,
            en: 'The roll at that moment: totals, the day’s movements so far, and every unit with its people, capacities and overcrowding.',
            es: 'El recuento en ese momento: totales, los movimientos del día hasta entonces, y cada unidad con sus personas, capacidades y hacinamiento.',
            schema: Roll,
          },
        },
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
        config: {
          policy: { roles: 'any' },
          summaryEs:
            'Una celda (o módulo, nivel): capacidad, superficie por persona, quién está y quién ha estado',
          answer: {
            status: 200,
            en: 'The unit: its capacities and floor space, who is in it now, and who has stayed there (newest first).',
            es: 'La unidad: sus capacidades y superficie, quién está ahora, y quién ha estado (lo más reciente primero).',
          },
        },
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
        config: {
          policy: { roles: ['admin', 'governor'] },
          summaryEs: 'Fijar la capacidad de una celda (nunca por debajo de las personas que hay en ella)',
          answer: {
            status: 200,
            en: 'The facility with the new capacity: its tree of units, capacities and people in custody.',
            es: 'El recinto con la nueva capacidad: su árbol de unidades, capacidades y personas bajo custodia.',
            schema: Facility,
          },
        },
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
