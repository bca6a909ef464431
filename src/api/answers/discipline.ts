import { Type } from 'typebox';
import { OFFENCE_SEVERITIES, SANCTION_KINDS } from '../../domain/discipline/sanctions.js';
import { bilingual, Closed } from '../openapi/answer.js';
import { Nullable } from '../schema-kit.js';
import { Enum } from '../schemas.js';

/**
 * The answers of the discipline routes (src/api/routes/discipline.ts), as src/store/discipline.ts
 * writes them, and as the person's file carries them (core-people.ts); closed, so that the check of
 * answers catches a property this description does not tell.
 */

const Instant = Type.String({ format: 'date-time' });
const Severity = Enum(
  OFFENCE_SEVERITIES,
  bilingual(
    'grave, less-grave (menos grave) or minor (leve)',
    'grave, less-grave (menos grave) o minor (leve)',
  ),
);

/** POST /disciplinary-charges */
export const DisciplinaryChargeLaid = Closed({ chargeId: Type.String() }, { $id: 'DisciplinaryChargeLaid' });

/** A charge with its notice, hearing, sanctions and appeal: GET, and every write on a charge. */
export const DisciplinaryCharge = Closed(
  {
    chargeId: Type.String(),
    personId: Type.String(),
    person: Closed({
      givenNames: Type.String(),
      familyNames: Type.String(),
      registerNumber: Type.Integer(),
    }),
    facility: Type.String({
      description: bilingual('where the charge was laid', 'donde se formuló el cargo'),
    }),
    incidentReference: Type.String(),
    offence: Closed({ code: Type.String(), severity: Severity, description: Type.String() }),
    inCatalogue: Nullable(
      Type.Boolean({
        description: bilingual(
          'null: the national profile has no offence catalogue',
          'null: el perfil nacional no tiene catálogo de faltas',
        ),
      }),
    ),
    occurredAt: Instant,
    chargedAt: Instant,
    status: Enum(['awaiting-notice', 'awaiting-hearing', 'proved', 'dismissed', 'quashed'] as const),
    noticeDue: Nullable(
      Type.String({
        format: 'date-time',
        description: bilingual(
          'the earliest deadline of the profiles',
          'el plazo que vence primero entre los perfiles',
        ),
      }),
    ),
    notice: Nullable(Closed({ givenAt: Instant, language: Type.String() })),
    hearing: Nullable(
      Closed({
        heldAt: Instant,
        adjudicator: Type.String(),
        heard: Type.Boolean(),
        outcome: Nullable(Enum(['proved', 'dismissed'] as const)),
        interpreter: Nullable(Type.String()),
        legalAssistance: Nullable(Type.String()),
        plea: Nullable(Enum(['admitted', 'denied', 'none'] as const)),
        evidence: Nullable(Type.String()),
      }),
    ),
    sanctions: Type.Array(
      Closed(
        {
          sanctionId: Type.String(),
          kind: Enum(SANCTION_KINDS),
          days: Nullable(Type.Integer()),
          from: Instant,
          until: Nullable(Instant),
          segregationId: Nullable(
            Type.String({
              description: bilingual(
                'the isolation’s segregation, if any',
                'el aislamiento que abrió la internación en celda solitaria, si lo hay',
              ),
            }),
          ),
          quashedAt: Nullable(Instant),
        },
        { $id: 'DisciplinarySanction' },
      ),
    ),
    appeal: Nullable(
      Closed({
        lodgedAt: Instant,
        grounds: Type.String(),
        decidedAt: Nullable(Instant),
        outcome: Nullable(Enum(['upheld', 'quashed'] as const)),
        decidedBy: Nullable(Type.String()),
        reason: Nullable(Type.String()),
      }),
    ),
  },
  { $id: 'DisciplinaryCharge' },
);

/** GET /facilities/{code}/disciplinary-charges */
export const DisciplinaryCharges = Closed(
  {
    charges: Type.Array(DisciplinaryCharge, {
      description: bilingual('oldest first, at most 500', 'los más antiguos primero, 500 como máximo'),
    }),
  },
  { $id: 'DisciplinaryCharges' },
);

/** GET /facilities/{code}/discipline-catalogue */
export const DisciplineCatalogue = Closed(
  {
    profile: Type.String({
      description: bilingual(
        'the national profile’s id, or the floor’s where there is none',
        'el id del perfil nacional, o el del piso donde no lo hay',
      ),
    }),
    offences: Type.Array(
      Closed({
        code: Type.String(),
        severity: Severity,
        name: Closed({ es: Type.String(), en: Type.String() }),
      }),
      {
        description: bilingual(
          'empty when the national profile has no offence catalogue',
          'vacío cuando el perfil nacional no tiene catálogo de faltas',
        ),
      },
    ),
    sanctions: Type.Record(
      Type.String(),
      Closed({
        maxDays: Type.Optional(Type.Integer()),
        severities: Type.Optional(Type.Array(Severity)),
        rule: Type.String(),
        ref: Type.String(),
      }),
      {
        description: bilingual(
          'by sanction kind: those the facility may impose, with their limits',
          'por tipo de sanción: las que el recinto puede imponer, con sus límites',
        ),
      },
    ),
    isolation: Closed({ maxDays: Type.Integer(), rule: Type.String(), ref: Type.String() }),
    conductRecord: Type.Boolean({
      description: bilingual(
        'whether the national profile keeps a conduct record',
        'si el perfil nacional lleva un registro de conducta',
      ),
    }),
  },
  { $id: 'DisciplineCatalogue' },
);
