import { Type } from 'typebox';
import {
  CREDIT_KINDS,
  LIFE_KINDS,
  OFFENCE_CATEGORIES,
  RELATION_KINDS,
} from '../../domain/sentences/sentence.js';
import { bilingual, Closed } from '../openapi/answer.js';
import { Enum, Nullable } from '../schema-kit.js';

/**
 * The success answers of the sentence routes (routes/sentences.ts), as the store writes them
 * (store/sentences.ts, store/release-dates.ts, the calculator in domain/sentences/calculate.ts).
 */

const Day = Type.String({ format: 'date' });
const Seq = Type.Integer({
  description: bilingual('the register event that recorded it', 'el evento del registro que lo asentó'),
});

/** The custody's dates after a change (store/sentences.ts recompute); null: none (e.g. a life sentence). */
const datesProps = {
  releaseDate: Nullable(Day),
  paroleEligibilityDate: Nullable(Day),
  sundayLeaveDate: Nullable(Day),
  creditedDays: Type.Integer(),
  reducedDays: Type.Integer(),
};

/** A credit, a reduction, a correction: the sentence's new dates. */
export const SentenceChange = Closed(
  { sentenceId: Type.String(), seq: Seq, ...datesProps },
  { $id: 'SentenceChange' },
);

export const SentenceRecorded = Closed(
  {
    sentenceId: Type.String(),
    seq: Seq,
    findings: Type.Array(
      Closed({
        rule: Type.String(),
        ref: Type.String(),
        severity: Enum(['critical', 'serious', 'warning'] as const),
        profile: Type.String(),
        message: Type.String({ description: bilingual('message id', 'id del mensaje') }),
        params: Type.Record(Type.String(), Type.Unknown()),
        text: Type.String({
          description: bilingual(
            'the finding in words, in the language of the request',
            'la advertencia redactada, en el idioma de la solicitud',
          ),
        }),
      }),
      {
        description: bilingual(
          'housing findings: a sentenced person in a cell that does not take sentenced people',
          'advertencias de alojamiento: una persona condenada en una celda que no recibe condenados',
        ),
      },
    ),
    ...datesProps,
  },
  { $id: 'SentenceRecorded' },
);

/** A sentence's length as imposed. */
const SentenceLength = Type.Union([
  Closed({
    years: Type.Optional(Type.Integer()),
    months: Type.Optional(Type.Integer()),
    days: Type.Optional(Type.Integer()),
  }),
  Closed({ life: Enum(LIFE_KINDS) }),
]);

/** A sentence with its dates and its facts as recorded (store/release-dates.ts releaseDatesOf). */
export const SentenceWithDates = Closed(
  {
    sentenceId: Type.String(),
    caseReference: Type.String(),
    startDate: Nullable(Day),
    lengthDays: Nullable(Type.Integer()),
    life: Nullable(Enum(LIFE_KINDS)),
    creditedDays: Type.Integer(),
    reducedDays: Type.Integer(),
    releaseDate: Nullable(Day),
    court: Nullable(Type.String()),
    imposedAt: Nullable(Day),
    length: Nullable(SentenceLength),
    offenceCategory: Nullable(Enum(OFFENCE_CATEGORIES)),
    relation: Nullable(Closed({ kind: Enum(RELATION_KINDS), to: Type.String() })),
    credits: Type.Array(Closed({ from: Day, to: Day, kind: Enum(CREDIT_KINDS), reference: Type.String() })),
    reductions: Type.Array(Closed({ days: Type.Integer(), grantedAt: Day, reference: Type.String() })),
    corrected: Type.Boolean({
      description: bilingual('corrected since it was recorded', 'corregida desde que se registró'),
    }),
  },
  { $id: 'SentenceWithDates' },
);

export const ReleaseDates = Closed(
  {
    personId: Type.String(),
    custodyId: Nullable(
      Type.String({
        description: bilingual(
          'the open custody, or else the last one',
          'la custodia abierta o, si no la hay, la última',
        ),
      }),
    ),
    legalLimits: Closed({
      paroleAfterTwentyYears: Nullable(Day),
      noLeave: Type.Boolean({
        description: bilingual(
          'a qualified life sentence bars every leave',
          'el presidio perpetuo calificado excluye toda salida',
        ),
      }),
    }),
    ...datesProps,
    sentences: Type.Array(SentenceWithDates),
    steps: Type.Array(
      Closed({
        rule: Type.String(),
        source: Type.String({
          description: bilingual('the law the step applies', 'la norma que aplica el paso'),
        }),
        text: Type.String({
          description: bilingual(
            'the step in words, in the language of the request',
            'el paso redactado, en el idioma de la solicitud',
          ),
        }),
      }),
    ),
  },
  { $id: 'ReleaseDates' },
);

export const ReleasesDue = Closed(
  {
    facility: Type.String(),
    from: Day,
    to: Day,
    releases: Type.Array(
      Closed({
        personId: Type.String(),
        releaseDate: Day,
        paroleEligibilityDate: Nullable(Day),
        givenNames: Type.String(),
        familyNames: Type.String(),
        cell: Nullable(Type.String()),
        caseReferences: Type.Array(Type.String()),
      }),
      { description: bilingual('earliest first', 'las más próximas primero') },
    ),
  },
  { $id: 'ReleasesDue' },
);
