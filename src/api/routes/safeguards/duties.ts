import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { mayFulfil } from '../../../domain/safeguards/medical.js';
import type { Store } from '../../../store/db.js';
import { dutyKind, fulfilDuty } from '../../../store/safeguards/duties.js';
import { assertFacility, signedIn } from '../../auth.js';
import { HttpProblem } from '../../problem.js';

/** Recording that a duty was done. */
export const dutyRoutes =
  (store: Store): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/duties/:id/fulfil',
      {
        config: { policy: { roles: ['records', 'officer', 'governor', 'medical'] } },
        schema: {
          tags: ['safeguards'],
          summary:
            'Record that a duty was done (hearing held, examination done, family or authority notified); a charge’s notice and a complaint’s answer have routes of their own (409 duty-own-record)',
          params: Type.Object({ id: Type.String() }),
          body: Type.Object({
            doneAt: Type.Optional(Type.String({ format: 'date-time' })),
            note: Type.String({ minLength: 1, maxLength: 2000 }),
            language: Type.Optional(
              Type.String({
                minLength: 2,
                maxLength: 35,
                pattern: '^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$',
                description:
                  'the language the person was told in, a BCP 47 tag (es, en, ht …): required for rights-information (Mandela Rules 54-55)',
              }),
            ),
          }),
        },
      },
      async (req) => {
        // examinations and injury reports are for health-care staff; the rest for custody staff
        const kind = await dutyKind(store.db, req.params.id);
        const roles = signedIn(req).roles;
        if (kind !== undefined && !mayFulfil(kind, roles))
          throw new HttpProblem(403, 'detail.403-duty', { kind, roles: roles.join(', ') });
        return fulfilDuty(store.db, req.params.id, req.body, signedIn(req).username, {
          authorize: (f) => assertFacility(req, f),
        });
      },
    );
  };
