/**
 * What a register event says, in parts a reader needs: message keys (of the people namespace) and
 * their values, or text as recorded. Pure, so it is tested without a browser; the page translates.
 */

import type { EventKind, PayloadByKind } from '../../../../src/domain/register/events.js';
import type { SentenceLength } from '../../../../src/domain/sentences/sentence.js';
import type { components } from '../../api-schema.js';
import { rightsParts } from './rights-parts.js';

/**
 * An event of a person's timeline (GET /people/{id}), its kind any text: the parts are read from the
 * kind, and a kind the page does not know yet is said as recorded.
 */
export type TimelineEntry = Omit<components['schemas']['PersonFile']['timeline'][number], 'kind'> & {
  kind: string;
};

/** Field names events recorded before a rename still carry (the register keeps payloads as written). */
interface LegacyFields {
  'custody.moved': { from?: string; to?: string };
  'custody.transferred': { from?: string; to?: string };
}

/**
 * A payload of kind K as the timeline reads it: any field may be missing (withheld as medical detail,
 * or written by an older version), legacy names accepted, withheld fields named in `restricted`.
 */
export type PayloadAsRead<K extends EventKind> = Partial<PayloadByKind[K]> &
  (K extends keyof LegacyFields ? LegacyFields[K] : unknown) & { restricted?: string[] };

/** A value shown through a message key of its own (a status, a kind), or as written when it has none. */
export interface Label {
  key: string;
  fallback: string;
}
/** A sentence's length, shown in words (lengthWords in sentence.ts). */
export interface LengthValue {
  length: SentenceLength | null;
}
export type Param = string | number | Label | LengthValue;
export type Part = { key: string; params?: Record<string, Param> } | { label: Label } | { text: string };

const is = <K extends EventKind>(e: TimelineEntry, kind: K): e is TimelineEntry & { kind: K } =>
  e.kind === kind;
const payload = <K extends EventKind>(e: TimelineEntry & { kind: K }) => e.payload as PayloadAsRead<K>;

/** A value for a message: '—' when there is none. */
const v = (x: unknown) => (x === undefined || x === null || x === '' ? '—' : String(x));
const label = (prefix: string, x: unknown): Label => ({ key: `${prefix}.${v(x)}`, fallback: v(x) });

type SentenceField = keyof PayloadByKind['sentence.corrected']['changes'];

/** A sentence's field as a correction changed it: a length in words, a category or relation as a label. */
function sentenceValue(field: SentenceField, x: unknown): Param {
  if (field === 'length') return { length: (x as SentenceLength | undefined) ?? null };
  if (field === 'offenceCategory') return label('sentences:category', x);
  if (field === 'relation') return x ? label('sentenceRelation', (x as { kind?: unknown }).kind) : '—';
  return v(x);
}

/** The parts of an event's details, in order; none: nothing to say ('—'). */
export function eventParts(e: TimelineEntry, personId: string): Part[] {
  const parts: Part[] = [];
  if (is(e, 'custody.admitted')) {
    const p = payload(e);
    parts.push({ key: 'details.admitted', params: { cell: v(p.cell), status: label('status', p.status) } });
    if (p.legalBasis)
      parts.push({
        key: 'details.basis',
        params: { kind: label('legalBasisKind', p.legalBasis.kind), reference: v(p.legalBasis.reference) },
      });
  } else if (is(e, 'custody.moved')) {
    const p = payload(e);
    parts.push({ key: 'details.moved', params: { from: v(p.fromCell ?? p.from), to: v(p.toCell ?? p.to) } });
  } else if (is(e, 'custody.transferred')) {
    const p = payload(e);
    parts.push({
      key: 'details.transferred',
      params: {
        from: v(p.fromFacility ?? p.from),
        fromCell: v(p.fromCell),
        to: v(p.toFacility ?? p.to),
        toCell: v(p.toCell),
      },
    });
  } else if (is(e, 'custody.released')) {
    parts.push({ key: 'details.released', params: { cell: v(payload(e).cell) } });
  } else if (is(e, 'custody.died')) {
    const p = payload(e);
    parts.push({ key: 'details.died', params: { cell: v(p.cell) } });
    if (p.circumstances) parts.push({ text: p.circumstances });
    if (p.medicalCause) parts.push({ key: 'details.medicalCause', params: { cause: p.medicalCause } });
  } else if (is(e, 'duty.fulfilled')) {
    const p = payload(e);
    parts.push({ label: label('dutyKind', p.kind) });
    if (p.note) parts.push({ key: 'details.note', params: { note: p.note } });
  } else if (is(e, 'record.corrected')) {
    parts.push({
      key: 'details.corrected',
      params: { seq: e.corrects ?? v((e.payload as Record<string, unknown>).corrects) },
    });
  } else if (is(e, 'segregation.started')) {
    parts.push({ key: 'details.segregation', params: { authority: v(payload(e).authority) } });
  } else if (is(e, 'segregation.reviewed')) {
    const p = payload(e);
    parts.push({ key: 'details.reviewed', params: { by: v(p.reviewedBy), outcome: v(p.outcome) } });
  } else if (is(e, 'segregation.ended')) {
    const p = payload(e);
    if (p.note) parts.push({ key: 'details.note', params: { note: p.note } });
  } else if (is(e, 'non-association.opened')) {
    const p = payload(e);
    parts.push({
      key: 'details.nonAssociation',
      params: {
        other: v(p.personA === personId ? p.personB : p.personA),
        scope: label('scope', p.scope),
        reason: label('naReason', p.reason),
      },
    });
    if (p.details) parts.push({ text: p.details });
  } else if (is(e, 'incident.recorded')) {
    const p = payload(e);
    parts.push({ label: label('incidentKind', p.kind) });
    if (p.description) parts.push({ text: p.description });
  } else if (is(e, 'sentence.imposed')) {
    const p = payload(e);
    parts.push({
      key: 'details.sentenced',
      params: {
        case: v(p.caseReference),
        court: v(p.court),
        imposedAt: v(p.imposedAt),
        length: { length: p.length ?? null },
        category: label('sentences:category', p.offenceCategory),
      },
    });
    if (p.relation) parts.push({ label: label('sentenceRelation', p.relation.kind) });
  } else if (is(e, 'sentence.credited')) {
    const p = payload(e);
    parts.push({
      key: 'details.credited',
      params: {
        kind: label('sentences:creditKind', p.kind),
        from: v(p.from),
        to: v(p.to),
        reference: v(p.reference),
      },
    });
  } else if (is(e, 'sentence.reduced')) {
    const p = payload(e);
    parts.push({
      key: 'details.reduced',
      params: {
        count: typeof p.days === 'number' ? p.days : v(p.days),
        grantedAt: v(p.grantedAt),
        reference: v(p.reference),
      },
    });
  } else if (is(e, 'sentence.corrected')) {
    const p = payload(e);
    for (const field of Object.keys(p.changes ?? {}) as SentenceField[])
      parts.push({
        key: 'details.sentenceChange',
        params: {
          field: label('sentenceField', field),
          before: sentenceValue(field, p.before?.[field]),
          after: sentenceValue(field, p.changes?.[field]),
        },
      });
  }
  parts.push(...dailyLifeParts(e, personId), ...rightsParts(e));
  const { reason, restricted } = e.payload as { reason?: unknown; restricted?: unknown };
  // a non-association's reason is a kind, already said
  if (typeof reason === 'string' && reason && e.kind !== 'non-association.opened')
    parts.push({ key: 'details.reason', params: { reason } });
  if (Array.isArray(restricted) && restricted.length) parts.push({ key: 'details.restricted' });
  if (e.correctedBy.length)
    parts.push({ key: 'record.correctedBy', params: { seqs: e.correctedBy.join(', ') } });
  return parts;
}

/** An instant as recorded, to the minute (`2026-03-01T10:00-03:00`). */
const minute = (x: unknown) =>
  typeof x === 'string' ? x.replace(/:\d\d(\.\d+)?(?=(Z|[+-]\d\d:\d\d)$)/, '') : v(x);

/**
 * Contact and daily life (docs/daily-life.md): visitors, visits, open air and time out of cell,
 * activities. The words are in the people namespace (web/src/locales/daily-life-timeline.ts).
 */
function dailyLifeParts(e: TimelineEntry, personId: string): Part[] {
  if (is(e, 'visitor.enrolled')) {
    const p = payload(e);
    return [
      {
        key: 'dailyDetails.visitorEnrolled',
        params: {
          visitor: v(p.visitorId),
          relationship: v(p.relationship),
          kind: label('visitorKind', p.kind),
        },
      },
    ];
  }
  if (is(e, 'visitor.banned')) {
    const p = payload(e);
    return [
      {
        key: 'dailyDetails.visitorBanned',
        params: { visitor: v(p.visitorId), from: v(p.from), until: v(p.until) },
      },
    ];
  }
  if (is(e, 'visit.booked')) {
    const p = payload(e);
    return [
      {
        key: 'dailyDetails.visitBooked',
        params: {
          kind: label('visitKind', p.kind),
          from: minute(p.startsAt),
          to: minute(p.endsAt),
          count: Array.isArray(p.visitorIds) ? p.visitorIds.length : 0,
        },
      },
    ];
  }
  if (is(e, 'visit.outcome-recorded')) return [{ label: label('visitOutcome', payload(e).outcome) }];
  if (is(e, 'open-air.recorded') || is(e, 'time-out-of-cell.recorded')) {
    const p = e.payload as PayloadAsRead<'open-air.recorded'>;
    const parts: Part[] = [
      { key: 'dailyDetails.unitTime', params: { unit: v(p.unit), date: v(p.date), minutes: v(p.minutes) } },
    ];
    const mine = (p.exceptions ?? []).find((x) => x.personId === personId);
    if (mine) parts.push({ key: 'dailyDetails.notGiven', params: { reason: v(mine.reason) } });
    return parts;
  }
  if (is(e, 'activity.created')) {
    const p = payload(e);
    return [
      {
        key: 'dailyDetails.activityCreated',
        params: {
          name: v(p.name),
          code: v(p.code),
          kind: label('activityKind', p.kind),
          places: v(p.places),
        },
      },
    ];
  }
  if (is(e, 'activity.allocated') || is(e, 'activity.allocation-ended'))
    return [
      {
        key: 'dailyDetails.activity',
        params: { activity: v((e.payload as { activity?: unknown }).activity) },
      },
    ];
  if (is(e, 'activity.waitlisted'))
    return [{ key: 'dailyDetails.waitlisted', params: { activity: v(payload(e).activity) } }];
  if (is(e, 'activity.attendance-recorded')) {
    const p = payload(e);
    const absent = (p.absent ?? []).find((x) => x.personId === personId);
    return [
      {
        key: absent ? 'dailyDetails.absent' : 'dailyDetails.attended',
        params: {
          activity: v(p.activity),
          date: v(p.date),
          minutes: v(p.minutes),
          ...(absent ? { reason: v(absent.reason) } : {}),
        },
      },
    ];
  }
  return [];
}
