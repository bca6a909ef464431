import { Type } from 'typebox';
import { DUTY_KINDS } from '../../domain/safeguards/profile.js';
import { INCIDENT_KINDS } from '../../store/incidents.js';
import { bilingual, Closed } from '../openapi/answer.js';
import { Enum, Nullable } from '../schema-kit.js';

/**
 * The success answers of the safeguards routes (routes/safeguards/*.ts) and of the incident routes
 * (routes/incidents.ts), as the store writes them (store/safeguards/*.ts, store/incidents.ts).
 */

const Instant = Type.String({ format: 'date-time' });
const Seq = Type.Integer({
  description: bilingual('the register event that recorded it', 'el evento del registro que lo anotó'),
});
const Severity = Enum(['critical', 'serious', 'warning'] as const);

/** An open deadline alert (routes/safeguards/alerts.ts: store/safeguards/alerts.ts, its message in words). */
export const SafeguardAlert = Closed(
  {
    rule: Type.String({
      description: bilingual('the rule id, e.g. mandela-44', 'el id de la regla, p. ej. mandela-44'),
    }),
    ref: Type.String({ description: bilingual('where the rule is written', 'dónde está escrita la regla') }),
    profile: Type.String({
      description: bilingual(
        'the profile the rule is of: un-mandela or a national one',
        'el perfil al que pertenece la regla: un-mandela o uno nacional',
      ),
    }),
    severity: Severity,
    facility: Type.String(),
    personId: Type.String(),
    dueAt: Instant,
    message: Type.String({
      description: bilingual(
        'the alert in words, in the language of the request',
        'la alerta redactada, en el idioma de la solicitud',
      ),
    }),
    dutyId: Type.Optional(
      Type.String({
        description: bilingual(
          'the overdue duty, when the alert is one',
          'el deber vencido, cuando la alerta es por uno',
        ),
      }),
    ),
    segregationId: Type.Optional(
      Type.String({
        description: bilingual(
          'the segregation, when the alert is about one',
          'el aislamiento, cuando la alerta trata de uno',
        ),
      }),
    ),
  },
  { $id: 'SafeguardAlert' },
);

export const SafeguardAlerts = Closed(
  {
    total: Type.Integer({
      description: bilingual(
        'every open alert, also those past `limit`',
        'todas las alertas abiertas, también las que superan `limit`',
      ),
    }),
    alerts: Type.Array(SafeguardAlert, {
      description: bilingual('the most overdue first', 'las más atrasadas primero'),
    }),
  },
  { $id: 'SafeguardAlerts' },
);

/** A duty as the safeguards routes answer it (store/safeguards/duties.ts dutyView). */
export const SafeguardDuty = Closed(
  {
    id: Type.String(),
    kind: Enum(DUTY_KINDS),
    personId: Type.String(),
    facility: Type.String(),
    since: Instant,
    doneAt: Nullable(Instant),
    note: Nullable(Type.String()),
    language: Nullable(
      Type.String({
        description: bilingual(
          'the language written information on rights was given in',
          'el idioma en que se entregó la información escrita de derechos',
        ),
      }),
    ),
    status: Enum(['open', 'done', 'cancelled'] as const),
    due: Type.Array(
      Closed({ profile: Type.String(), rule: Type.String(), ref: Type.String(), dueAt: Instant }),
      {
        description: bilingual(
          'its deadline under each profile that sets one',
          'su plazo según cada perfil que fija uno',
        ),
      },
    ),
  },
  { $id: 'SafeguardDuty' },
);

export const DeathRecorded = Closed(
  {
    personId: Type.String(),
    custodyId: Type.String(),
    facility: Type.String(),
    diedAt: Instant,
    seq: Seq,
    duties: Type.Array(SafeguardDuty, {
      description: bilingual(
        'the person’s duties open now: the notifications',
        'los deberes de la persona abiertos ahora: los avisos',
      ),
    }),
  },
  { $id: 'DeathRecorded' },
);

export const MedicalExaminationRecorded = Closed(
  {
    seq: Seq,
    personId: Type.String(),
    examinedAt: Instant,
    fulfilled: Type.Array(Type.String(), {
      description: bilingual('the duties it fulfilled (their ids)', 'los deberes que cumplió (sus ids)'),
    }),
    opened: Type.Array(Type.Literal('injury-report'), {
      description: bilingual('the kinds of duty it opened', 'los tipos de deber que abrió'),
    }),
  },
  { $id: 'MedicalExaminationRecorded' },
);

const regimeProps = {
  visits: Closed({ allowed: Type.Boolean(), perMonth: Type.Optional(Type.Integer()) }),
  openAirMinutesPerDay: Type.Integer(),
  lights: Enum(['normal', 'constant'] as const),
  programmes: Type.Array(Type.String()),
  legalAdviserAccess: Type.Boolean(),
  restraintsDuringMovement: Type.Boolean(),
};

/** A regime as set (api/schemas.ts RegimeBody). */
export const Regime = Closed(regimeProps, { $id: 'Regime' });

/** A facility's regime (its fields absent when none is set) and the blocks with their own. */
export const FacilityRegime = Closed(
  {
    visits: Type.Optional(regimeProps.visits),
    openAirMinutesPerDay: Type.Optional(regimeProps.openAirMinutesPerDay),
    lights: Type.Optional(regimeProps.lights),
    programmes: Type.Optional(regimeProps.programmes),
    legalAdviserAccess: Type.Optional(regimeProps.legalAdviserAccess),
    restraintsDuringMovement: Type.Optional(regimeProps.restraintsDuringMovement),
    blocks: Type.Record(Type.String(), Regime, {
      description: bilingual('by block code', 'por código de módulo'),
    }),
  },
  { $id: 'FacilityRegime' },
);

/** A segregation as started or ended (store/safeguards/segregation.ts). */
export const Segregation = Closed(
  {
    id: Type.String(),
    personId: Type.String(),
    facility: Type.String(),
    startedAt: Instant,
    authority: Type.String(),
    reason: Type.String(),
    endedAt: Nullable(Instant),
  },
  { $id: 'Segregation' },
);

export const SegregationReview = Closed(
  {
    id: Type.String({ description: bilingual('the segregation reviewed', 'el aislamiento revisado') }),
    personId: Type.String(),
    reviewedAt: Instant,
    reviewedBy: Type.String(),
    outcome: Type.String(),
    seq: Seq,
  },
  { $id: 'SegregationReview' },
);

/** An incident, as recorded and as listed (store/incidents.ts). */
export const Incident = Closed(
  {
    id: Type.String(),
    facility: Type.String(),
    occurredAt: Instant,
    kind: Enum(INCIDENT_KINDS),
    unit: Nullable(Type.String()),
    people: Type.Array(Type.String()),
    forceUsed: Type.Boolean(),
    description: Type.String(),
    seq: Seq,
  },
  { $id: 'Incident' },
);

export const IncidentList = Closed(
  {
    incidents: Type.Array(Incident, {
      description: bilingual('newest first, at most 200', 'los más recientes primero, a lo más 200'),
    }),
  },
  { $id: 'IncidentList' },
);
