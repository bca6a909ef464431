/**
 * Messages of open air and time out of cell, and of compliance judged on what was given
 * (docs/daily-life.md), in Spanish and English; merged into src/domain/messages.ts.
 * (`date-in-future` is shared with activities and worded there: {date}, {today}.)
 */
export const openAirMessages: Record<string, { es: string; en: string }> = {
  'minutes-out-of-range': {
    es: '{minutes} minutos no es un tiempo de un día: entre 0 y {max}.',
    en: '{minutes} minutes is not a time within a day: between 0 and {max}.',
  },
  'bad-date': {
    es: '{date} no es una fecha (AAAA-MM-DD).',
    en: '{date} is not a date (YYYY-MM-DD).',
  },
  'too-many-exceptions': {
    es: 'Un registro nombra a lo más {max} personas como excepciones.',
    en: 'A record names at most {max} people as exceptions.',
  },
  'duplicate-exception': {
    es: '{person} aparece más de una vez entre las excepciones.',
    en: '{person} appears more than once among the exceptions.',
  },
  'reason-length': {
    es: 'El motivo debe tener entre 1 y {max} caracteres.',
    en: 'The reason must be 1 to {max} characters long.',
  },
  'not-in-unit': {
    es: '{person} no estuvo en la unidad {unit} el {date}.',
    en: '{person} was not held in unit {unit} on {date}.',
  },
  'window-reversed': {
    es: 'El período termina ({to}) antes de comenzar ({from}).',
    en: 'The window ends ({to}) before it begins ({from}).',
  },
  'window-too-long': {
    es: 'El período {from} – {to} supera los {max} días.',
    en: 'The window {from} – {to} is longer than {max} days.',
  },
  'finding.open-air-given': {
    es: '{cell}: {personDays} días-persona con menos de {min} minutos al aire libre en {days} días con registros ({people} personas; mínimo dado {minGiven} minutos; {window}).',
    en: '{cell}: {personDays} person-days under {min} minutes of open air on {days} days with records ({people} people; least given {minGiven} minutes; {window}).',
  },
  'finding.solitary-from-records': {
    es: '{person} estuvo solo en su celda con menos de {min} minutos fuera de ella durante {days} días registrados consecutivos ({from} – {to}; máximo {max}): aislamiento prolongado.',
    en: '{person} was alone in their cell with under {min} minutes out of it on {days} consecutive recorded days ({from} – {to}; at most {max}): prolonged solitary confinement.',
  },
  'finding.visits-not-given': {
    es: '{people} de {held} personas recluidas todo el período {window} no tuvieron ninguna visita realizada.',
    en: '{people} of {held} people held throughout {window} had no visit held.',
  },
  'finding.visits-below-entitlement': {
    es: '{people} de {held} personas recluidas todo el período {window} tuvieron menos de {perWeek} visita(s) de al menos {minMinutes} minutos por semana ({weeks} semana(s) completas).',
    en: '{people} of {held} people held throughout {window} had fewer than {perWeek} visit(s) of at least {minMinutes} minutes a week ({weeks} whole week(s)).',
  },
  'finding.visits-refused': {
    es: '{count} visitas rechazadas por el recinto en {window}. Motivos: {reasons}.',
    en: '{count} visits refused by the facility in {window}. Reasons: {reasons}.',
  },
  'finding.no-activities': {
    es: 'Ninguna de las {held} personas recluidas tiene trabajo, educación ni programa asignado.',
    en: 'None of the {held} people held is allocated to work, education or a programme.',
  },
};
