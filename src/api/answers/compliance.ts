import { Type } from 'typebox';
import { bilingual, Closed } from '../openapi/answer.js';
import { Enum, Nullable } from '../schema-kit.js';

/**
 * The success answer of GET /facilities/{code}/compliance (routes/safeguards/compliance.ts): the
 * judgement of api/pool-worker.ts complianceReport (domain/safeguards/compliance.ts findings and
 * summary, domain/discipline/compliance.ts counts) and the facts of daily life as the route counts them.
 */

const Count = Type.Integer({ minimum: 0 });
const Day = Type.String({ format: 'date' });
const Severity = Enum(['critical', 'serious', 'warning'] as const);
const Window = Closed(
  { from: Day, to: Day, days: Count },
  {
    description: bilingual(
      'the window judged on records, local dates [from, to], and its length in days',
      'el período evaluado según los registros, en fechas locales [from, to], y su duración en días',
    ),
  },
);

/** A rule's findings, counted (domain/safeguards/compliance.ts RuleSummary). */
export const ComplianceRuleSummary = Closed(
  {
    rule: Type.String({
      description: bilingual('the rule id, e.g. mandela-13', 'el id de la regla, p. ej. mandela-13'),
    }),
    ref: Type.String({ description: bilingual('where the rule is written', 'dónde está escrita la regla') }),
    severity: Severity,
    profile: Type.String({
      description: bilingual(
        'the profile the rule is of: un-mandela or a national one',
        'el perfil al que pertenece la regla: un-mandela o uno nacional',
      ),
    }),
    findings: Count,
    people: Type.Integer({
      minimum: 0,
      description: bilingual(
        'people affected; each subject counted once',
        'personas afectadas; cada sujeto se cuenta una sola vez',
      ),
    }),
  },
  { $id: 'ComplianceRuleSummary' },
);

/** One finding, its message in the language of the request. */
export const ComplianceFinding = Closed(
  {
    rule: Type.String(),
    ref: Type.String(),
    severity: Severity,
    subject: Type.String({
      description: bilingual(
        'what it is about: a cell, a block, a person id, the facility',
        'a qué se refiere: una celda, un módulo, un id de persona, el recinto',
      ),
    }),
    message: Type.String({
      description: bilingual(
        'the finding in words, in the language of the request',
        'el hallazgo redactado, en el idioma de la solicitud',
      ),
    }),
    profile: Type.String(),
    people: Type.Integer({ minimum: 0, description: bilingual('people affected', 'personas afectadas') }),
    dueAt: Type.Optional(
      Type.String({
        format: 'date-time',
        description: bilingual('the deadline it missed', 'el plazo que no se cumplió'),
      }),
    ),
  },
  { $id: 'ComplianceFinding' },
);

const Counts = Closed({ findings: Count, people: Count });

/** Two profiles side by side: a row per rule, with one property per profile (named by its id). */
const Comparison = Closed({
  profiles: Type.Unsafe<[string, string]>({
    type: 'array',
    prefixItems: [Type.String(), Type.String()],
    items: false,
    minItems: 2,
    maxItems: 2,
    description: bilingual(
      'the profile asked for and the one beside it, by id',
      'el perfil solicitado y el que se le compara, por id',
    ),
  }),
  rules: Type.Array(
    Type.Object(
      { rule: Type.String(), ref: Type.String(), severity: Severity, profile: Type.String() },
      {
        // the profiles' ids are the row's other properties: their counts, null when no finding
        additionalProperties: Nullable(Counts),
        description: bilingual(
          'a rule found under either profile; each profile’s id names its findings and people under it, null when it has none',
          'una regla con hallazgos según cualquiera de los dos perfiles; el id de cada perfil nombra sus hallazgos y personas afectadas según ese perfil, null cuando no tiene ninguno',
        ),
      },
    ),
  ),
});

/** What was given in the window, as counted from the records (the route's dailyLifeOf). */
const DailyLife = Closed(
  {
    window: Window,
    openAir: Closed({
      judgedDays: Type.Integer({
        minimum: 0,
        description: bilingual('days with an open-air record', 'días con registro de aire libre'),
      }),
      personDays: Type.Integer({
        minimum: 0,
        description: bilingual('people judged × days', 'personas evaluadas × días'),
      }),
      shortPersonDays: Type.Integer({
        minimum: 0,
        description: bilingual(
          'of those, short of the profile’s minimum',
          'de esos días-persona, los que no alcanzaron el mínimo del perfil',
        ),
      }),
      minMinutes: Nullable(Count),
    }),
    solitary: Closed({
      judgedDays: Count,
      runs: Type.Integer({
        minimum: 0,
        description: bilingual(
          'runs of days alone in a cell past the floor’s limit',
          'rachas de días a solas en una celda que superan el límite del piso',
        ),
      }),
    }),
    visits: Closed({
      recorded: Count,
      held: Count,
      refused: Count,
      peopleWithVisit: Count,
      peopleHeld: Type.Integer({
        minimum: 0,
        description: bilingual('people held the whole window', 'personas recluidas durante todo el período'),
      }),
    }),
    activities: Closed({
      allocated: Type.Integer({
        minimum: 0,
        description: bilingual(
          'people held with an open allocation',
          'personas recluidas con una asignación vigente',
        ),
      }),
      held: Count,
      share: Nullable(
        Type.Number({
          description: bilingual(
            'allocated / held; null when nobody is held',
            'allocated / held; null cuando no hay nadie recluido',
          ),
        }),
      ),
    }),
  },
  {
    description: bilingual(
      'present when the facility keeps records of daily life',
      'presente cuando el recinto lleva registros de la vida diaria',
    ),
  },
);

/** Discipline and complaints in the window, counted (domain/discipline/compliance.ts disciplineCounts). */
const Discipline = Closed(
  {
    window: Window,
    charges: Closed({
      laid: Count,
      awaitingNotice: Type.Integer({
        minimum: 0,
        description: bilingual(
          'now, whenever laid',
          'a la fecha, cualquiera sea la fecha en que se formuló el cargo',
        ),
      }),
      awaitingHearing: Type.Integer({
        minimum: 0,
        description: bilingual(
          'now, whenever laid',
          'a la fecha, cualquiera sea la fecha en que se formuló el cargo',
        ),
      }),
      heard: Count,
      proved: Count,
      dismissed: Count,
      heardWithoutNotice: Count,
      provedUnheard: Count,
    }),
    sanctions: Closed({
      imposed: Count,
      byKind: Type.Record(Type.String(), Count, {
        description: bilingual('sanctions imposed, by kind', 'sanciones impuestas, por tipo'),
      }),
      isolationBeyondMax: Count,
      isolationMaxDays: Count,
      isolationPastEnd: Count,
      quashed: Count,
    }),
    appeals: Closed({ lodged: Count, upheld: Count, quashed: Count }),
    complaints: Closed({
      received: Count,
      confidential: Type.Integer({
        minimum: 0,
        description: bilingual('counted, never named', 'se cuentan, nunca se nombran'),
      }),
      answered: Count,
      open: Type.Integer({
        minimum: 0,
        description: bilingual(
          'now, whenever received',
          'a la fecha, cualquiera sea la fecha en que se recibió',
        ),
      }),
      overdue: Count,
      answeredLate: Count,
    }),
  },
  {
    description: bilingual(
      'present when the facility keeps records of discipline or complaints',
      'presente cuando el recinto lleva registros de disciplina o de quejas',
    ),
  },
);

/** GET /facilities/{code}/compliance. */
export const ComplianceReport = Closed(
  {
    facility: Type.String({ description: bilingual('the facility’s code', 'el código del recinto') }),
    profile: Type.String({ description: bilingual('the profile asked for', 'el perfil solicitado') }),
    profiles: Type.Array(Type.String(), {
      description: bilingual(
        'the profiles judged: the floor, and the one asked for',
        'los perfiles evaluados: el piso y el solicitado',
      ),
    }),
    checkedAt: Type.String({
      format: 'date-time',
      description: bilingual('in the facility’s zone', 'en la zona horaria del recinto'),
    }),
    summary: Type.Array(ComplianceRuleSummary, {
      description: bilingual(
        'every finding, by rule, the gravest first',
        'todos los hallazgos, por regla, los más graves primero',
      ),
    }),
    omitted: Type.Optional(
      Type.Record(Type.String(), Count, {
        description: bilingual(
          'by rule id: findings left out of `findings` past `limit` (counted in the summary)',
          'por id de regla: hallazgos que quedaron fuera de `findings` al superar `limit` (contados en el resumen)',
        ),
      }),
    ),
    findings: Type.Array(ComplianceFinding, {
      description: bilingual('at most `limit` of each rule', 'a lo más `limit` por regla'),
    }),
    comparison: Type.Optional(Comparison),
    dailyLife: Type.Optional(DailyLife),
    discipline: Type.Optional(Discipline),
  },
  { $id: 'ComplianceReport' },
);
