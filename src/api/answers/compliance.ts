import { Type } from 'typebox';
import { Closed } from '../openapi/answer.js';
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
  { description: 'the window judged on records, local dates [from, to], and its length in days' },
);

/** A rule's findings, counted (domain/safeguards/compliance.ts RuleSummary). */
export const ComplianceRuleSummary = Closed(
  {
    rule: Type.String({ description: 'the rule id, e.g. mandela-13' }),
    ref: Type.String({ description: 'where the rule is written' }),
    severity: Severity,
    profile: Type.String({ description: 'the profile the rule is of: un-mandela or a national one' }),
    findings: Count,
    people: Type.Integer({ minimum: 0, description: 'people affected; each subject counted once' }),
  },
  { $id: 'ComplianceRuleSummary' },
);

/** One finding, its message in the language of the request. */
export const ComplianceFinding = Closed(
  {
    rule: Type.String(),
    ref: Type.String(),
    severity: Severity,
    subject: Type.String({ description: 'what it is about: a cell, a block, a person id, the facility' }),
    message: Type.String({ description: 'the finding in words, in the language of the request' }),
    profile: Type.String(),
    people: Type.Integer({ minimum: 0, description: 'people affected' }),
    dueAt: Type.Optional(Type.String({ format: 'date-time', description: 'the deadline it missed' })),
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
    description: 'the profile asked for and the one beside it, by id',
  }),
  rules: Type.Array(
    Type.Object(
      { rule: Type.String(), ref: Type.String(), severity: Severity, profile: Type.String() },
      {
        // the profiles' ids are the row's other properties: their counts, null when no finding
        additionalProperties: Nullable(Counts),
        description:
          'a rule found under either profile; each profile’s id names its findings and people under it, null when it has none',
      },
    ),
  ),
});

/** What was given in the window, as counted from the records (the route's dailyLifeOf). */
const DailyLife = Closed(
  {
    window: Window,
    openAir: Closed({
      judgedDays: Type.Integer({ minimum: 0, description: 'days with an open-air record' }),
      personDays: Type.Integer({ minimum: 0, description: 'people judged × days' }),
      shortPersonDays: Type.Integer({ minimum: 0, description: 'of those, short of the profile’s minimum' }),
      minMinutes: Nullable(Count),
    }),
    solitary: Closed({
      judgedDays: Count,
      runs: Type.Integer({ minimum: 0, description: 'runs of days alone in a cell past the floor’s limit' }),
    }),
    visits: Closed({
      recorded: Count,
      held: Count,
      refused: Count,
      peopleWithVisit: Count,
      peopleHeld: Type.Integer({ minimum: 0, description: 'people held the whole window' }),
    }),
    activities: Closed({
      allocated: Type.Integer({ minimum: 0, description: 'people held with an open allocation' }),
      held: Count,
      share: Nullable(Type.Number({ description: 'allocated / held; null when nobody is held' })),
    }),
  },
  { description: 'present when the facility keeps records of daily life' },
);

/** Discipline and complaints in the window, counted (domain/discipline/compliance.ts disciplineCounts). */
const Discipline = Closed(
  {
    window: Window,
    charges: Closed({
      laid: Count,
      awaitingNotice: Type.Integer({ minimum: 0, description: 'now, whenever laid' }),
      awaitingHearing: Type.Integer({ minimum: 0, description: 'now, whenever laid' }),
      heard: Count,
      proved: Count,
      dismissed: Count,
      heardWithoutNotice: Count,
      provedUnheard: Count,
    }),
    sanctions: Closed({
      imposed: Count,
      byKind: Type.Record(Type.String(), Count, { description: 'sanctions imposed, by kind' }),
      isolationBeyondMax: Count,
      isolationMaxDays: Count,
      isolationPastEnd: Count,
      quashed: Count,
    }),
    appeals: Closed({ lodged: Count, upheld: Count, quashed: Count }),
    complaints: Closed({
      received: Count,
      confidential: Type.Integer({ minimum: 0, description: 'counted, never named' }),
      answered: Count,
      open: Type.Integer({ minimum: 0, description: 'now, whenever received' }),
      overdue: Count,
      answeredLate: Count,
    }),
  },
  { description: 'present when the facility keeps records of discipline or complaints' },
);

/** GET /facilities/{code}/compliance. */
export const ComplianceReport = Closed(
  {
    facility: Type.String({ description: 'the facility’s code' }),
    profile: Type.String({ description: 'the profile asked for' }),
    profiles: Type.Array(Type.String(), {
      description: 'the profiles judged: the floor, and the one asked for',
    }),
    checkedAt: Type.String({ format: 'date-time', description: 'in the facility’s zone' }),
    summary: Type.Array(ComplianceRuleSummary, { description: 'every finding, by rule, the gravest first' }),
    omitted: Type.Optional(
      Type.Record(Type.String(), Count, {
        description: 'by rule id: findings left out of `findings` past `limit` (counted in the summary)',
      }),
    ),
    findings: Type.Array(ComplianceFinding, { description: 'at most `limit` of each rule' }),
    comparison: Type.Optional(Comparison),
    dailyLife: Type.Optional(DailyLife),
    discipline: Type.Optional(Discipline),
  },
  { $id: 'ComplianceReport' },
);
