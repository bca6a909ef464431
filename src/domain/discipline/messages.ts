/**
 * Messages of discipline (docs/discipline.md), in Spanish and English; merged into src/domain/messages.ts.
 * Keys are the rule ids of ./charge.ts, ./hearing.ts, ./sanctions.ts and ./appeal.ts, or the message a
 * violation names when one rule is refused for several reasons (`mandela-43.collective`, …). Rule ids
 * shared with other parts keep their words there: `future-time`, `time-before-start`,
 * `time-before-admission`, `not-in-custody`, `already-segregated`, `unknown-person`, `unknown-facility`.
 */
export const disciplineMessages: Record<string, { es: string; en: string }> = {
  'unknown-charge': {
    es: 'El cargo disciplinario {chargeId} no existe.',
    en: 'Disciplinary charge {chargeId} does not exist.',
  },
  'mandela-37': {
    es: 'Solo se sanciona lo que la ley o el reglamento definen (Reglas Mandela 36-37).',
    en: 'Only what law or regulation defines is sanctioned (Mandela Rules 36-37).',
  },
  'mandela-37.sanction': {
    es: 'La sanción {kind} no está en el catálogo del perfil {profile} (Reglas Mandela 36-37).',
    en: 'Sanction {kind} is not in the catalogue of profile {profile} (Mandela Rules 36-37).',
  },
  'mandela-39': {
    es: 'Nadie es sancionado dos veces por el mismo hecho (Regla Mandela 39).',
    en: 'No one is sanctioned twice for the same act (Mandela Rule 39).',
  },
  'mandela-39.charged': {
    es: 'Ya hay un cargo ({chargeId}) contra {person} por el incidente {incident} y la falta {code}: nadie es sancionado dos veces por el mismo hecho (Regla Mandela 39).',
    en: 'There is a charge already ({chargeId}) against {person} for incident {incident} and offence {code}: no one is sanctioned twice for the same act (Mandela Rule 39).',
  },
  'mandela-39.heard': {
    es: 'El cargo {chargeId} ya fue resuelto en audiencia ({at}): no se juzga dos veces (Regla Mandela 39).',
    en: 'Charge {chargeId} was heard already ({at}): it is not heard twice (Mandela Rule 39).',
  },
  'mandela-41': {
    es: 'La persona debe ser informada del cargo y oída antes de ser sancionada (Regla Mandela 41).',
    en: 'The person must be told of the charge and heard before being sanctioned (Mandela Rule 41).',
  },
  'mandela-41.notice': {
    es: 'La audiencia ({at}) del cargo {chargeId} no fue precedida de su notificación a la persona (Regla Mandela 41).',
    en: 'The hearing ({at}) of charge {chargeId} was not preceded by notice of it to the person (Mandela Rule 41).',
  },
  'mandela-41.heard': {
    es: 'El cargo {chargeId} no puede darse por probado sin haber oído a la persona (Regla Mandela 41).',
    en: 'Charge {chargeId} cannot be proved without hearing the person (Mandela Rule 41).',
  },
  'mandela-43': {
    es: 'Sanción prohibida (Regla Mandela 43).',
    en: 'A prohibited sanction (Mandela Rule 43).',
  },
  'mandela-43.family-contact-ban': {
    es: 'Las sanciones no pueden prohibir el contacto con la familia (Regla Mandela 43.3).',
    en: 'Sanctions may not include a ban on family contact (Mandela Rule 43(3)).',
  },
  'mandela-43.reduction-of-food': {
    es: 'Está prohibido reducir la alimentación o el agua como sanción (Regla Mandela 43.1.d).',
    en: 'Reduction of food or drinking water as a sanction is prohibited (Mandela Rule 43(1)(d)).',
  },
  'mandela-43.collective': {
    es: 'Las sanciones colectivas están prohibidas: la sanción solo puede afectar a {person}, no a {people} (Regla Mandela 43.1.e).',
    en: 'Collective punishment is prohibited: the sanction may only concern {person}, not {people} (Mandela Rule 43(1)(e)).',
  },
  'mandela-43.indefinite': {
    es: 'La sanción {kind} debe tener un número de días: nunca es indefinida (Regla Mandela 43.1.a).',
    en: 'Sanction {kind} needs a number of days: it is never indefinite (Mandela Rule 43(1)(a)).',
  },
  'mandela-44': {
    es: 'El aislamiento no puede superar los 15 días consecutivos (Reglas Mandela 43-44).',
    en: 'Solitary confinement may not exceed 15 consecutive days (Mandela Rules 43-44).',
  },
  'discipline.isolation-too-long': {
    es: 'Aislamiento de {days} días: el máximo es {max} días ({source}).',
    en: 'Isolation for {days} days: the maximum is {max} days ({source}).',
  },
  'discipline.sanction-too-long': {
    es: 'La sanción {kind} por {days} días supera su máximo de {max} días ({source}).',
    en: 'Sanction {kind} for {days} days is beyond its maximum of {max} days ({source}).',
  },
  'discipline.sanction-grade': {
    es: 'La sanción {kind} no corresponde a una falta {severity}: solo a faltas {severities} ({source}).',
    en: 'Sanction {kind} does not answer a {severity} offence: only {severities} ones ({source}).',
  },
  'discipline.offence-grade': {
    es: 'La falta {code} es {expected} según el catálogo, no {severity} ({source}).',
    en: 'Offence {code} is {expected} in the catalogue, not {severity} ({source}).',
  },
  'notice-given': {
    es: 'La persona ya fue notificada del cargo {chargeId} ({at}).',
    en: 'The person was told of charge {chargeId} already ({at}).',
  },
  'sanction-without-proof': {
    es: 'El cargo {chargeId} fue desestimado: no admite sanción (Regla Mandela 39).',
    en: 'Charge {chargeId} was dismissed: it carries no sanction (Mandela Rule 39).',
  },
  'charge-not-proved': {
    es: 'Solo se apela un cargo probado; el cargo {chargeId} está {status}.',
    en: 'Only a proved charge is appealed; charge {chargeId} is {status}.',
  },
  'appeal-lodged': {
    es: 'El cargo {chargeId} ya fue apelado ({at}).',
    en: 'Charge {chargeId} was appealed already ({at}).',
  },
  'appeal-not-lodged': {
    es: 'El cargo {chargeId} no ha sido apelado: no hay apelación que resolver.',
    en: 'Charge {chargeId} has not been appealed: there is no appeal to decide.',
  },
  'appeal-decided': {
    es: 'La apelación del cargo {chargeId} ya fue resuelta ({at}).',
    en: 'The appeal of charge {chargeId} was decided already ({at}).',
  },
};
