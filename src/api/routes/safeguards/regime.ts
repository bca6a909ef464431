import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Store } from '../../../store/db.js';
import { getRegime, setRegime } from '../../../store/safeguards/regime.js';
import { FacilityRegime } from '../../answers/safeguards.js';
import { assertFacility, signedIn } from '../../auth.js';
import { RegimeBody } from '../../schemas.js';

const Code = Type.Object({ code: Type.String() });

/** A facility's regime, and a block's own. */
export const regimeRoutes =
  (store: Store): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/facilities/:code/regime',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs: 'El régimen del recinto, y los módulos con uno propio',
          answer: {
            status: 200,
            en: 'The facility’s regime (its fields absent when none is set) and, by block code, the blocks with a regime of their own.',
            es: 'El régimen del recinto (sin sus campos si no tiene) y, por código de módulo, los módulos con régimen propio.',
            schema: FacilityRegime,
          },
        },
        schema: {
          tags: ['safeguards'],
          summary: 'The facility’s regime, and blocks with their own',
          params: Code,
        },
      },
      async (req) => {
        assertFacility(req, req.params.code);
        return getRegime(store.db, req.params.code);
      },
    );
    app.put(
      '/facilities/:code/regime',
      {
        config: {
          policy: { roles: ['governor'] },
          summaryEs: 'Fijar el régimen del recinto',
          answer: {
            status: 200,
            en: 'The facility’s regime as it is now, and the blocks with their own.',
            es: 'El régimen del recinto tal como queda, y los módulos con uno propio.',
            schema: FacilityRegime,
          },
        },
        schema: {
          tags: ['safeguards'],
          summary: 'Set the facility’s regime',
          params: Code,
          body: RegimeBody,
        },
      },
      async (req) =>
        setRegime(store.db, req.params.code, null, req.body, signedIn(req).username, {
          authorize: (f) => assertFacility(req, f),
        }),
    );
    app.put(
      '/facilities/:code/units/:unit/regime',
      {
        config: {
          policy: { roles: ['governor'] },
          summaryEs: 'Fijar el régimen propio de un módulo',
          answer: {
            status: 200,
            en: 'The facility’s regime as it is now, and the blocks with their own (this one among them).',
            es: 'El régimen del recinto tal como queda, y los módulos con uno propio (entre ellos este).',
            schema: FacilityRegime,
          },
        },
        schema: {
          tags: ['safeguards'],
          summary: 'Set a block’s own regime',
          params: Type.Object({ code: Type.String(), unit: Type.String() }),
          body: RegimeBody,
        },
      },
      async (req) =>
        setRegime(store.db, req.params.code, req.params.unit, req.body, signedIn(req).username, {
          authorize: (f) => assertFacility(req, f),
        }),
    );
  };
