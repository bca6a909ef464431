/**
 * Messages of rights on admission (./rights-on-admission.ts) and of the compliance findings on
 * discipline and complaints (../discipline/compliance.ts), in Spanish and English.
 */
export const rightsMessages: Record<string, { es: string; en: string }> = {
  'duty-own-record': {
    es: 'Un deber «{kind}» se cumple con su propio registro: {route}.',
    en: 'A “{kind}” duty is done through its own record: {route}.',
  },
  'finding.hearing-without-notice': {
    es: 'Cargo {charge} contra {person}: audiencia del {heardAt} sin que se le notificara antes el cargo.',
    en: 'Charge {charge} against {person}: heard on {heardAt} without notice of the charge before it.',
  },
  'finding.proved-unheard': {
    es: 'Cargo {charge} contra {person}: dado por probado sin oír a la persona.',
    en: 'Charge {charge} against {person}: found proved without the person being heard.',
  },
  'finding.isolation-beyond-max': {
    es: 'Aislamiento de {days} días impuesto a {person} (cargo {charge}): el máximo es de {max} días.',
    en: 'Isolation of {days} days imposed on {person} (charge {charge}): the maximum is {max} days.',
  },
  'finding.isolation-past-until': {
    es: '{person} siguió en aislamiento después del fin de su sanción ({until}): {days} días de más.',
    en: '{person} stayed in isolation after their sanction ended ({until}): {days} days too many.',
  },
  'finding.sanction-prohibited': {
    es: 'Sanción prohibida impuesta a {person} (cargo {charge}): {kind}.',
    en: 'Prohibited sanction imposed on {person} (charge {charge}): {kind}.',
  },
  'finding.sanction-indefinite': {
    es: 'Sanción {kind} impuesta a {person} (cargo {charge}) sin duración: indefinida.',
    en: 'Sanction {kind} imposed on {person} (charge {charge}) with no length: indefinite.',
  },
  'finding.sanction-not-in-catalogue': {
    es: 'Sanción {kind} impuesta a {person} (cargo {charge}): el catálogo del perfil no la prevé.',
    en: 'Sanction {kind} imposed on {person} (charge {charge}): not in the profile’s catalogue.',
  },
  'finding.sanction-beyond-limit': {
    es: 'Sanción {kind} de {days} días impuesta a {person} (cargo {charge}): el máximo es de {max} días.',
    en: 'Sanction {kind} of {days} days imposed on {person} (charge {charge}): the maximum is {max} days.',
  },
  'finding.sanction-grade': {
    es: 'Sanción {kind} impuesta a {person} por una falta {severity} (cargo {charge}): no prevista para ese grado.',
    en: 'Sanction {kind} imposed on {person} for a {severity} offence (charge {charge}): not allowed for that grade.',
  },
  'finding.offence-not-in-catalogue': {
    es: 'Cargo {charge} contra {person}: la falta «{code}» no está en el catálogo del perfil.',
    en: 'Charge {charge} against {person}: offence “{code}” is not in the profile’s catalogue.',
  },
  'finding.offence-grade': {
    es: 'Cargo {charge} contra {person}: la falta «{code}» se calificó {severity}; el catálogo la califica {expected}.',
    en: 'Charge {charge} against {person}: offence “{code}” was graded {severity}; the catalogue grades it {expected}.',
  },
  'finding.complaint-unanswered': {
    es: 'Queja de {person} dirigida a {addressee}: sin respuesta, plazo vencido el {due}.',
    en: 'Complaint from {person} to {addressee}: unanswered, overdue since {due}.',
  },
  'finding.complaint-late': {
    es: 'Queja de {person} dirigida a {addressee}: respondida el {done}, después del plazo ({due}).',
    en: 'Complaint from {person} to {addressee}: answered at {done}, after the deadline ({due}).',
  },
  'finding.complaints-confidential': {
    es: 'Quejas confidenciales a la inspección: {overdue} sin respuesta pasado el plazo, {late} respondidas tarde.',
    en: 'Confidential complaints to the inspector: {overdue} unanswered past the deadline, {late} answered late.',
  },
};
