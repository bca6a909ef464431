/**
 * Messages of activities (docs/daily-life.md), in Spanish and English; merged into src/domain/messages.ts.
 * Rule ids shared with other parts keep their existing words there: `invalid-field`, `not-in-custody`,
 * `not-in-facility`, `unknown-facility` and `unknown-person`; `non-association` is put in the words
 * of an activity by the messages below (Violation.message).
 */
export const activityMessages: Record<string, { es: string; en: string }> = {
  'non-association.activity.individual': {
    es: '{person} no puede ir a {where}: tiene una prohibición de contacto con {other}, que ya está en esa actividad.',
    en: '{person} cannot join {where}: a non-association with {other}, who is already in it, keeps them apart.',
  },
  'non-association.activity.rival': {
    es: '{person} no puede ir a {where}: {other}, que ya está en esa actividad, es del grupo {rival}, rival de {group} en todo el recinto.',
    en: '{person} cannot join {where}: {other}, already in it, belongs to {rival}, a rival of {group} across the facility.',
  },
  'activity-exists': {
    es: 'Ya existe la actividad {activity} en {facility}.',
    en: 'Activity {activity} already exists in {facility}.',
  },
  'unknown-activity': {
    es: 'La actividad {activity} no existe en {facility}.',
    en: 'Activity {activity} does not exist in {facility}.',
  },
  'unknown-allocation': {
    es: 'La asignación {allocationId} no existe.',
    en: 'Allocation {allocationId} does not exist.',
  },
  'already-allocated': {
    es: '{person} ya está asignado a la actividad {activity}.',
    en: '{person} is already allocated to activity {activity}.',
  },
  'already-waiting': {
    es: '{person} ya está en la lista de espera de la actividad {activity}.',
    en: '{person} is already on the waiting list of activity {activity}.',
  },
  'activity-full': {
    es: 'La actividad {name} ({activity}) está completa: sus {places} plazas están ocupadas.',
    en: 'Activity {name} ({activity}) is full: all {places} places are taken.',
  },
  'allocation-ended': {
    es: 'La asignación {allocationId} ya terminó el {endedAt}.',
    en: 'Allocation {allocationId} already ended at {endedAt}.',
  },
  'date-in-future': {
    es: 'El día {date} aún no ha comenzado (hoy es {today}).',
    en: 'Day {date} has not begun yet (today is {today}).',
  },
  'not-allocated': {
    es: '{person} no estaba asignado a la actividad {activity} el {date}.',
    en: '{person} was not allocated to activity {activity} on {date}.',
  },
  'activity.kind.work': { es: 'Trabajo', en: 'Work' },
  'activity.kind.education': { es: 'Educación', en: 'Education' },
  'activity.kind.programme': { es: 'Programa', en: 'Programme' },
};
