import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Store } from '../../../store/db.js';
import { recordExamination } from '../../../store/safeguards/medical.js';
import { MedicalExaminationRecorded } from '../../answers/safeguards.js';
import { assertFacility, signedIn } from '../../auth.js';

/** Medical examinations, by health-care staff. */
export const medicalRoutes =
  (store: Store): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/medical-examinations',
      {
        config: {
          policy: { roles: ['medical'] },
          summaryEs:
            'Registrar un examen médico (personal sanitario): cumple el examen de ingreso; las lesiones halladas abren el deber de informarlas',
          answer: {
            status: 201,
            en: 'The examination as recorded: its register event, the duties it fulfilled and those it opened (findings are not repeated).',
            es: 'El examen registrado: su evento del registro, los deberes que cumplió y los que abrió (los hallazgos no se repiten).',
            schema: MedicalExaminationRecorded,
          },
        },
        schema: {
          tags: ['safeguards'],
          summary:
            'Record a medical examination (health-care staff): fulfils the admission examination; injuries found open the duty to report them',
          body: Type.Object({
            personId: Type.String({ minLength: 1, maxLength: 64 }),
            examinedAt: Type.Optional(Type.String({ format: 'date-time' })),
            findings: Type.String({ minLength: 1, maxLength: 5000 }),
            injuries: Type.Optional(Type.String({ maxLength: 5000 })),
          }),
        },
      },
      async (req, reply) =>
        reply.code(201).send(
          await recordExamination(store.db, req.body, signedIn(req).username, {
            authorize: (f) => assertFacility(req, f),
          }),
        ),
    );
  };
