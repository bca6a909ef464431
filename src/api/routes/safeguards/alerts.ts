import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { t } from '../../../domain/messages.js';
import type { Store } from '../../../store/db.js';
import { alerts } from '../../../store/safeguards/alerts.js';
import { assertFacility, visibleFacilities } from '../../auth.js';

/** Open deadline alerts across the facilities the caller sees. */
export const alertRoutes =
  (store: Store): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/alerts',
      {
        config: { policy: { roles: 'any' } },
        schema: {
          tags: ['safeguards'],
          summary:
            'Open deadline alerts: overdue duties and prolonged segregation, under the floor and the national profile',
          querystring: Type.Object({
            facility: Type.Optional(Type.String()),
            limit: Type.Optional(
              Type.String({
                pattern: '^[0-9]{1,6}$',
                description: 'at most this many, the most overdue first (`total` counts them all)',
              }),
            ),
          }),
        },
      },
      async (req) => {
        let facilities = visibleFacilities(req);
        if (req.query.facility) {
          assertFacility(req, req.query.facility);
          facilities = [req.query.facility];
        }
        const list = await alerts(store.db, facilities);
        const shown = req.query.limit === undefined ? list : list.slice(0, Number(req.query.limit));
        return {
          total: list.length,
          alerts: shown.map(({ params, message, ...a }) => ({ ...a, message: t(message, req.lang, params) })),
        };
      },
    );
  };
