/**
 * Messages of visits (docs/daily-life.md), in Spanish and English; merged into src/domain/messages.ts.
 * Rule ids shared with other parts keep their existing words there: `invalid-field`, `not-in-custody`,
 * `unknown-facility`, `unknown-person`; `non-association` is put in the visits' own words
 * (`visit.non-association…`, see src/domain/daily-life/visit-sessions.ts).
 */
export const visitMessages: Record<string, { es: string; en: string }> = {
  'visit-ends-before-start': {
    es: 'La visita termina ({endsAt}) antes de empezar ({startsAt}).',
    en: 'The visit ends ({endsAt}) before it starts ({startsAt}).',
  },
  'visit-too-long': {
    es: 'Una visita dura a lo sumo {hours} horas ({startsAt} – {endsAt}).',
    en: 'A visit lasts at most {hours} hours ({startsAt} – {endsAt}).',
  },
  'visit-session-ends-before-start': {
    es: 'La sesión de visitas termina ({endsAt}) antes de empezar ({startsAt}).',
    en: 'The visit session ends ({endsAt}) before it starts ({startsAt}).',
  },
  'visit-session-too-long': {
    es: 'Una sesión de visitas dura a lo sumo {hours} horas ({startsAt} – {endsAt}).',
    en: 'A visit session lasts at most {hours} hours ({startsAt} – {endsAt}).',
  },
  'duplicate-visitor': {
    es: 'El visitante {visitor} aparece más de una vez en la visita.',
    en: 'Visitor {visitor} is named more than once in the visit.',
  },
  'ban-ends-before-start': {
    es: 'La prohibición termina ({until}) antes de empezar ({from}).',
    en: 'The ban ends ({until}) before it starts ({from}).',
  },
  'unknown-visitor': {
    es: 'El visitante {visitor} no existe en el registro.',
    en: 'Visitor {visitor} is not in the registry.',
  },
  'unknown-visit': { es: 'La visita {visit} no existe.', en: 'Visit {visit} does not exist.' },
  'unknown-ban': {
    es: 'La prohibición {banId} del visitante {visitor} no existe.',
    en: 'Ban {banId} of visitor {visitor} does not exist.',
  },
  'visitor-exists': {
    es: 'El documento {nationalId} ya está registrado a nombre de otro visitante ({visitorId}).',
    en: 'Identity document {nationalId} is already registered to another visitor ({visitorId}).',
  },
  'visitor-not-enrolled': {
    es: 'El visitante {visitor} no está autorizado para visitar a {person}.',
    en: 'Visitor {visitor} is not enrolled to visit {person}.',
  },
  'visitor-not-legal': {
    es: 'El visitante {visitor} no está registrado como abogado o asesor legal de {person} (está como {enrolledAs}); una visita legal es solo con ellos.',
    en: 'Visitor {visitor} is not enrolled as a legal adviser of {person} (enrolled as {enrolledAs}); a legal visit is with legal advisers only.',
  },
  'visitor-legal-only': {
    es: 'El visitante {visitor} está registrado como asesor legal de {person}: su visita se reserva como visita legal, no como {kind}.',
    en: 'Visitor {visitor} is enrolled as a legal adviser of {person}: their visit is booked as a legal visit, not {kind}.',
  },
  'visitor-banned': {
    es: 'El visitante {visitor} tiene prohibido visitar {facility} hasta el {until}.',
    en: 'Visitor {visitor} is banned from visiting {facility} until {until}.',
  },
  'visitor-ban-lifted': {
    es: 'La prohibición {banId} ya fue levantada.',
    en: 'Ban {banId} has already been lifted.',
  },
  'visits-restricted': {
    es: 'Una sanción disciplinaria ({reference}) restringe las visitas de tipo {kind} en ese momento. Las visitas legales nunca se restringen (regla Mandela 61).',
    en: 'A disciplinary sanction ({reference}) restricts {kind} visits at that time. Legal visits are never restricted (Mandela rule 61).',
  },
  'too-many-visitors': {
    es: 'Una visita admite a lo sumo {max} visitantes a la vez ({count} pedidos; {source}).',
    en: 'A visit takes at most {max} visitors at once ({count} asked; {source}).',
  },
  'visit-overlap': {
    es: 'La persona ya tiene una visita a esa hora ({startsAt} – {endsAt}).',
    en: 'The person already has a visit at that time ({startsAt} – {endsAt}).',
  },
  'visit-session-full': {
    es: 'La sesión de visitas ({startsAt} – {endsAt}) está completa: sus {capacity} cupos están tomados.',
    en: 'The visit session ({startsAt} – {endsAt}) is full: all {capacity} places are taken.',
  },
  'outside-visit-session': {
    es: 'Ese día las visitas de tipo {kind} son en las sesiones del recinto ({sessions}); la hora pedida no cae en ninguna.',
    en: 'That day {kind} visits are held in the facility’s sessions ({sessions}); the time asked is in none of them.',
  },
  'visit-outcome-recorded': {
    es: 'La visita {visit} ya tiene resultado ({status}).',
    en: 'Visit {visit} already has an outcome ({status}).',
  },
  'visit.non-association': {
    es: '{person} no puede tener visita en {when}: tiene una prohibición de contacto con {other}, que ya tiene visita entonces.',
    en: '{person} cannot have a visit at {when}: a non-association with {other}, who has a visit then, forbids it.',
  },
  'visit.non-association.rival-group': {
    es: '{person} ({group}) no puede tener visita en {when}: {other}, del grupo rival {rival}, ya tiene visita entonces.',
    en: '{person} ({group}) cannot have a visit at {when}: {other}, of rival group {rival}, has a visit then.',
  },
  'visit.kind.family': { es: 'familiar', en: 'family' },
  'visit.kind.legal': { es: 'legal', en: 'legal' },
  'visit.kind.intimate': { es: 'íntima', en: 'intimate' },
  'visit.status.booked': { es: 'reservada', en: 'booked' },
  'visit.status.held': { es: 'realizada', en: 'held' },
  'visit.status.cancelled': { es: 'cancelada', en: 'cancelled' },
  'visit.status.no-show': { es: 'no se presentó', en: 'no-show' },
  'visit.status.refused': { es: 'rechazada', en: 'refused' },
  'visitor.kind.family': { es: 'familiar', en: 'family' },
  'visitor.kind.legal': { es: 'asesor legal', en: 'legal adviser' },
  'visitor.kind.other': { es: 'otro', en: 'other' },
};
