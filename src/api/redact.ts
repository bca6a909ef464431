import { MEDICAL_DUTIES } from '../store/safeguards/medical.js';

/** Payload fields that are medical detail, by event kind (Mandela Rules 26 and 32: medical confidentiality). */
const MEDICAL_FIELDS: Record<string, string[]> = {
  'custody.admitted': ['injuries'],
  'medical.examined': ['findings', 'injuries'],
};

interface Viewable {
  timeline: { kind: string; payload: unknown }[];
  duties: { kind: string; note?: string | null }[];
}

/**
 * A person's file as staff without medical clearance see it: medical fields are withheld and named
 * in `restricted`, so a reader knows something is there and who may see it (medical staff, inspectors).
 */
export function withoutMedicalDetail<T extends Viewable>(view: T): T {
  const medicalDuty = (kind: unknown) => (MEDICAL_DUTIES as readonly unknown[]).includes(kind);
  return {
    ...view,
    timeline: view.timeline.map((e) => {
      const payload = e.payload as Record<string, unknown>;
      const fields = [
        ...(MEDICAL_FIELDS[e.kind] ?? []),
        ...(e.kind === 'duty.fulfilled' && medicalDuty(payload.kind) ? ['note'] : []),
      ].filter((f) => payload[f] !== undefined && payload[f] !== null);
      if (!fields.length) return e;
      const kept = Object.fromEntries(Object.entries(payload).filter(([k]) => !fields.includes(k)));
      return { ...e, payload: { ...kept, restricted: fields } };
    }),
    duties: view.duties.map((d) =>
      medicalDuty(d.kind) && d.note ? { ...d, note: null, restricted: ['note'] } : d,
    ),
  };
}
