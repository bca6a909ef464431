import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { mayFulfil } from '../../../domain/safeguards/medical.js';
import type { Store } from '../../../store/db.js';
import { dutyKind, fulfilDuty } from '../../../store/safeguards/duties.js';
import { SafeguardDuty } from '../../answers/safeguards.js';
import { assertFacility, signedIn } from '../../auth.js';
import { bilingual } from '../../openapi/answer.js';
import { HttpProblem } from '../../problem.js';

/** Recording that a duty was done. */
export const dutyRoutes =
  (store: Store): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/duties/:id/fulfil',
      {
        config: {
          policy: { roles: ['records', 'officer', 'governor', 'medical'] },
          summaryEs:
            'Registrar que un deber se cumplió (audiencia celebrada, examen hecho, familia o autoridad notificada); la notificación de un cargo y la respuesta a una queja tienen rutas propias (409 duty-own-record)',
          answer: {
            status: 200,
            en: 'The duty as it is now: done, with its note and its deadlines under each profile.',
            es: 'El deber tal como queda: cumplido, con su nota y sus plazos según cada perfil.',
            schema: SafeguardDuty,
          },
        },
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
                description: bilingual(
                  'the language the person was told in, a BCP 47 tag (es, en, ht …): required for rights-information (Mandela Rules 54-55)',
                  'el idioma en que se informó a la persona, una etiqueta BCP 47 (es, en, ht …): obligatorio para rights-information (Reglas Mandela, reglas 54-55)',
                ),
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
