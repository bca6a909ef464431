import { type Static, Type } from 'typebox';
import { bilingual } from './openapi/answer.js';
import { Enum, Nullable } from './schema-kit.js';

/** The answers of discipline and complaints (docs/discipline.md, docs/complaints.md), beside ./schemas.ts. */

/** A disciplinary charge with its notice, hearing, sanctions and appeal (docs/discipline.md). */
export const ChargeView = Type.Object({
  chargeId: Type.String(),
  personId: Type.String(),
  person: Type.Object({
    givenNames: Type.String(),
    familyNames: Type.String(),
    registerNumber: Type.Integer(),
  }),
  facility: Type.String({
    description: bilingual('where the charge was laid', 'el recinto donde se formuló el cargo'),
  }),
  incidentReference: Type.String(),
  offence: Type.Object({
    code: Type.String(),
    severity: Enum(['grave', 'less-grave', 'minor'] as const),
    description: Type.String(),
  }),
  inCatalogue: Nullable(
    Type.Boolean({
      description: bilingual(
        'null: the national profile has no offence catalogue',
        'null: el perfil nacional no tiene catálogo de faltas',
      ),
    }),
  ),
  occurredAt: Type.String(),
  chargedAt: Type.String(),
  status: Enum(['awaiting-notice', 'awaiting-hearing', 'proved', 'dismissed', 'quashed'] as const),
  noticeDue: Nullable(Type.String()),
  notice: Nullable(Type.Object({ givenAt: Type.String(), language: Type.String() })),
  hearing: Nullable(
    Type.Object({
      heldAt: Type.String(),
      adjudicator: Type.String(),
      heard: Type.Boolean(),
      outcome: Nullable(Enum(['proved', 'dismissed'] as const)),
      interpreter: Nullable(Type.String()),
      legalAssistance: Nullable(Type.String()),
      plea: Nullable(Type.String()),
      evidence: Nullable(Type.String()),
    }),
  ),
  sanctions: Type.Array(
    Type.Object({
      sanctionId: Type.String(),
      kind: Type.String(),
      days: Nullable(Type.Integer()),
      from: Type.String(),
      until: Nullable(Type.String()),
      segregationId: Nullable(Type.String()),
      quashedAt: Nullable(Type.String()),
    }),
  ),
  appeal: Nullable(
    Type.Object({
      lodgedAt: Type.String(),
      grounds: Type.String(),
      decidedAt: Nullable(Type.String()),
      outcome: Nullable(Enum(['upheld', 'quashed'] as const)),
      decidedBy: Nullable(Type.String()),
      reason: Nullable(Type.String()),
    }),
  ),
});
export type ChargeView = Static<typeof ChargeView>;

/** A person's discipline in their file: charges, and the conduct record where the profile keeps one. */
export const PersonDiscipline = Type.Object({
  charges: Type.Array(ChargeView),
  conductRecord: Nullable(
    Type.Array(
      Type.Object({
        chargeId: Type.String(),
        facility: Type.String(),
        offence: Type.Object({ code: Type.String(), severity: Type.String() }),
        provedAt: Type.String(),
        sanctions: Type.Array(Type.Object({ kind: Type.String(), days: Nullable(Type.Integer()) })),
      }),
    ),
  ),
});
export type PersonDiscipline = Static<typeof PersonDiscipline>;

/** A request or complaint and its answer (docs/complaints.md): GET /complaints, /complaints/{id}, the file. */
export const ComplaintView = Type.Object({
  complaintId: Type.String(),
  personId: Type.String(),
  person: Type.Object({
    givenNames: Type.String(),
    familyNames: Type.String(),
    registerNumber: Type.Integer(),
  }),
  facility: Type.String({
    description: bilingual(
      'the facility that received it (and answers it)',
      'el recinto que la recibió (y la responde)',
    ),
  }),
  addressee: Enum(['governor', 'inspector', 'judge'] as const),
  subject: Type.String(),
  text: Type.String(),
  confidential: Type.Boolean({
    description: bilingual(
      'to the inspector in confidence: shown to inspectors only',
      'dirigida al inspector en confidencia: solo la ven los inspectores',
    ),
  }),
  receivedAt: Type.String(),
  responseDue: Nullable(
    Type.String({
      description: bilingual(
        'the earliest deadline of the floor and the profile',
        'el plazo más próximo entre el del piso y el del perfil',
      ),
    }),
  ),
  response: Nullable(Type.Object({ text: Type.String(), respondedAt: Type.String() })),
});
export type ComplaintView = Static<typeof ComplaintView>;
