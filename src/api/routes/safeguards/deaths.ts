import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Store } from '../../../store/db.js';
import { recordDeath } from '../../../store/safeguards/deaths.js';
import { DeathRecorded } from '../../answers/safeguards.js';
import { assertFacility, signedIn } from '../../auth.js';
import { bilingual } from '../../openapi/answer.js';

/** Deaths in custody. */
export const deathRoutes =
  (store: Store): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/deaths',
      {
        config: {
          policy: { roles: ['records', 'governor', 'medical'] },
          summaryEs:
            'Registrar una muerte bajo custodia; abre los deberes de notificación (familia, autoridad independiente)',
          answer: {
            status: 201,
            en: 'The death as recorded: the custody it ended, its register event, and the person’s duties open now (the notifications).',
            es: 'La muerte registrada: la custodia que terminó, su evento del registro y los deberes de la persona abiertos ahora (las notificaciones).',
            schema: DeathRecorded,
          },
        },
        schema: {
          tags: ['safeguards'],
          summary:
            'Record a death in custody; opens the notification duties (next of kin, independent authority)',
          body: Type.Object({
            personId: Type.String({ minLength: 1, maxLength: 64 }),
            diedAt: Type.String({ format: 'date-time' }),
            circumstances: Type.String({
              minLength: 1,
              maxLength: 5000,
              description: bilingual(
                'where, when and how the person was found, what was done: read by all staff in scope',
                'dónde, cuándo y cómo se encontró a la persona, y qué se hizo: lo lee todo el personal con acceso al recinto',
              ),
            }),
            medicalCause: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 2000,
                description: bilingual(
                  'the medical cause of death (medical staff, post-mortem): medical detail, read back only by medical staff and inspectors',
                  'la causa médica de la muerte (personal médico, autopsia): información médica, que luego solo leen el personal médico y los inspectores',
                ),
              }),
            ),
          }),
        },
      },
      async (req, reply) =>
        reply.code(201).send(
          await recordDeath(store.db, req.body, signedIn(req).username, {
            authorize: (f) => assertFacility(req, f),
          }),
        ),
    );
  };
