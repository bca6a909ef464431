import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { seesConfidential } from '../../../domain/complaints/complaint.js';
import { t } from '../../../domain/messages.js';
import { invalid } from '../../../domain/violation.js';
import { logAccess } from '../../../store/access-log.js';
import type { Store } from '../../../store/db.js';
import { alerts } from '../../../store/safeguards/alerts.js';
import { SafeguardAlerts } from '../../answers/safeguards.js';
import { assertFacility, signedIn, visibleFacilities } from '../../auth.js';
import { bilingual } from '../../openapi/answer.js';

/** Alerts answered when no limit is asked for, and the most one answer holds (tens of thousands are megabytes). */
export const DEFAULT_ALERTS = 500;
export const MAX_ALERTS = 5000;

/** Open deadline alerts across the facilities the caller sees. */
export const alertRoutes =
  (store: Store): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/alerts',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs:
            'Alertas de plazo abiertas: deberes vencidos, aislamientos prolongados y personas retenidas después de su fecha de libertad, según el piso y el perfil nacional',
          answer: {
            status: 200,
            en: 'The open alerts, the most overdue first (at most `limit`), each with its rule, deadline and message, and how many there are in all.',
            es: 'Las alertas abiertas, las más vencidas primero (a lo sumo `limit`), cada una con su regla, plazo y mensaje, y cuántas hay en total.',
            schema: SafeguardAlerts,
          },
        },
        schema: {
          tags: ['safeguards'],
          summary:
            'Open deadline alerts: overdue duties, prolonged segregation and people held past their release date, under the floor and the national profile',
          querystring: Type.Object({
            facility: Type.Optional(Type.String()),
            limit: Type.Optional(
              Type.String({
                pattern: '^[0-9]{1,6}$',
                description: bilingual(
                  `at most this many (default ${DEFAULT_ALERTS}, at most ${MAX_ALERTS}), the most overdue first (\`total\` counts them all)`,
                  `como máximo esta cantidad (por defecto ${DEFAULT_ALERTS}, como máximo ${MAX_ALERTS}), las más vencidas primero (\`total\` las cuenta todas)`,
                ),
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
        // an overdue answer to a confidential complaint alerts inspectors only (docs/complaints.md)
        const list = await alerts(store.db, facilities, new Date(), seesConfidential(signedIn(req).roles));
        const limit = req.query.limit === undefined ? DEFAULT_ALERTS : Number(req.query.limit);
        if (limit > MAX_ALERTS)
          throw invalid([
            {
              rule: 'invalid-field',
              subject: 'limit',
              params: { field: 'limit', problem: `at most ${MAX_ALERTS}` },
            },
          ]);
        const shown = list.slice(0, limit);
        await logAccess(store.db, signedIn(req), [
          {
            action: 'alerts.read',
            people: shown.flatMap((a) => (a.personId ? [a.personId] : [])),
            facility: req.query.facility ?? null,
          },
        ]);
        return {
          total: list.length,
          alerts: shown.map(({ params, message, ...a }) => ({ ...a, message: t(message, req.lang, params) })),
        };
      },
    );
  };
