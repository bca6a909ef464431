import type { EventKind, PayloadOf, RegisterEvent } from '../domain/register/events.js';
import { MEDICAL_DUTIES } from '../domain/safeguards/medical.js';

/** Payload fields that are medical detail, by event kind (Mandela Rules 26 and 32: medical confidentiality). */
const MEDICAL_FIELDS: { [K in EventKind]?: readonly (keyof PayloadOf<K>)[] } = {
  'custody.admitted': ['injuries'],
  'medical.examined': ['findings', 'injuries'],
  'custody.died': ['medicalCause'],
};

const medicalDuty = (kind: string) => MEDICAL_DUTIES.some((d) => d === kind);

/** The medical fields an event holds (a fulfilled medical duty's note is one). */
function medicalFields(e: RegisterEvent): string[] {
  const names: readonly string[] =
    e.kind === 'duty.fulfilled'
      ? medicalDuty(e.payload.kind)
        ? ['note']
        : []
      : (MEDICAL_FIELDS[e.kind] ?? []);
  return Object.entries(e.payload)
    .filter(([k, v]) => names.includes(k) && v !== undefined && v !== null)
    .map(([k]) => k);
}

interface Viewable {
  timeline: RegisterEvent[];
  duties: { kind: string; note?: string | null }[];
}

/** An event whose medical fields were left out: its payload names them in `restricted`. */
export type Restricted<E extends RegisterEvent> = Omit<E, 'payload'> & {
  payload: Record<string, unknown> & { restricted: string[] };
};

/**
 * A person's file as staff without medical clearance see it: medical fields are withheld and named
 * in `restricted`, so a reader knows something is there and who may see it (medical staff, inspectors).
 */
export function withoutMedicalDetail<T extends Viewable>(
  view: T,
): Omit<T, 'timeline'> & { timeline: (T['timeline'][number] | Restricted<T['timeline'][number]>)[] } {
  return {
    ...view,
    timeline: view.timeline.map((e) => {
      const fields = medicalFields(e);
      if (!fields.length) return e;
      const kept = Object.fromEntries(Object.entries(e.payload).filter(([k]) => !fields.includes(k)));
      return { ...e, payload: { ...kept, restricted: fields } };
    }),
    duties: view.duties.map((d) =>
      medicalDuty(d.kind) && d.note ? { ...d, note: null, restricted: ['note'] } : d,
    ),
  };
}
