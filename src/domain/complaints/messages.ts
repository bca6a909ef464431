/**
 * Messages of complaints (docs/complaints.md), in Spanish and English; merged into src/domain/messages.ts.
 * Rule ids shared with other parts keep their existing words there: `not-in-custody`, `unknown-person`,
 * `time-before-start`, `time-before-admission`, `future-time`, `invalid-field`.
 */
const label = {
  es: 'Respuesta a una solicitud o queja',
  en: 'Answer to a request or complaint',
};

export const complaintMessages: Record<string, { es: string; en: string }> = {
  'confidential-to-inspector': {
    es: 'Solo una queja dirigida al inspector puede ser confidencial (esta se dirige a: {addressee}).',
    en: 'Only a complaint to the inspector can be confidential (this one is to: {addressee}).',
  },
  'complaint-answered': {
    es: 'La queja {complaint} ya fue respondida el {respondedAt}.',
    en: 'Complaint {complaint} was answered already, at {respondedAt}.',
  },
  'complaint-addressee': {
    es: 'Una queja dirigida a {addressee} la responde o registra: {roles}.',
    en: 'A complaint to {addressee} is answered or recorded by: {roles}.',
  },
  'unknown-complaint': {
    es: 'La queja {complaint} no existe.',
    en: 'Complaint {complaint} does not exist.',
  },
  'duty.complaint-response': label,
  'finding.overdue.complaint-response': {
    es: `${label.es} de {person}: plazo vencido el {due}.`,
    en: `${label.en} for {person}: overdue since {due}.`,
  },
  'finding.late.complaint-response': {
    es: `${label.es} de {person}: cumplido el {done}, después del plazo ({due}).`,
    en: `${label.en} for {person}: done at {done}, after the deadline ({due}).`,
  },
};
