/** The sentence calculator's words: its refusals, the steps of an explanation, its findings (es and en). */
export const sentenceMessages: Record<string, { es: string; en: string }> = {
  'sentence-length-empty': {
    es: 'Una condena temporal necesita años, meses o días.',
    en: 'A temporal sentence needs years, months or days.',
  },
  'sentence-in-future': {
    es: 'La condena se impuso el {imposedAt}, después de hoy ({today}).',
    en: 'The sentence was imposed on {imposedAt}, after today ({today}).',
  },
  'sentence-relation-other-person': {
    es: 'La condena {to} es de otra persona: una cadena une solo condenas de la misma persona.',
    en: 'Sentence {to} belongs to another person: a chain links only one person’s sentences.',
  },
  'sentence-relation-other-custody': {
    es: 'La condena {to} es de una custodia anterior de la persona: una cadena une solo condenas de la custodia actual.',
    en: 'Sentence {to} belongs to an earlier custody of the person: a chain links only the current custody’s sentences.',
  },
  'sentence-already-followed': {
    es: 'La condena {by} ya se cumple a continuación de {to}: enlace con la última de la cadena.',
    en: 'Sentence {by} already follows {to}: link to the last one of the chain.',
  },
  'sentence-relation-cycle': {
    es: 'Enlazar con la condena {to} formaría un ciclo: una condena no puede seguirse a sí misma.',
    en: 'Linking to sentence {to} would make a cycle: a sentence cannot follow itself.',
  },
  'sentence-consecutive-to-life': {
    es: 'La condena {to} es perpetua: ninguna condena puede cumplirse a continuación de ella.',
    en: 'Sentence {to} is a life sentence: no sentence can follow it.',
  },
  'credit-range-reversed': {
    es: 'El abono termina el {to}, antes de empezar ({from}).',
    en: 'The credit ends on {to}, before it starts ({from}).',
  },
  'reduction-before-sentence': {
    es: 'La rebaja se concedió el {grantedAt}, antes de la condena ({imposedAt}).',
    en: 'The reduction was granted on {grantedAt}, before the sentence ({imposedAt}).',
  },
  'reduction-in-future': {
    es: 'La rebaja se concedió el {grantedAt}, después de hoy ({today}).',
    en: 'The reduction was granted on {grantedAt}, after today ({today}).',
  },
  'unknown-sentence': { es: 'La condena {id} no existe.', en: 'Sentence {id} does not exist.' },
  'sentence.step.length': {
    es: '{case}: desde el {start}, {length} llevan al {end}: {days} días.',
    en: '{case}: from {start}, {length} reaches {end}: {days} days.',
  },
  'sentence.step.life': {
    es: '{case}: presidio perpetuo ({life}) desde el {imposedAt}: sin fecha de término.',
    en: '{case}: life sentence ({life}) from {imposedAt}: no end date.',
  },
  'sentence.step.consecutive': {
    es: '{case}: se cumple a continuación de {follows}, desde el {start}.',
    en: '{case}: served after {follows}, from {start}.',
  },
  'sentence.step.concurrent': {
    es: '{case}: se cumple a la vez que {with}; rige la fecha que termine más tarde.',
    en: '{case}: served at the same time as {with}; the later end holds.',
  },
  'sentence.step.credit': {
    es: '{case}: abono de {days} días, del {from} al {to} ({kind}, {reference}).',
    en: '{case}: credit of {days} days, {from} to {to} ({kind}, {reference}).',
  },
  'sentence.step.pretrial': {
    es: '{case}: {days} días bajo custodia antes de la condena, del {from} al {to} (detención o prisión preventiva).',
    en: '{case}: {days} days in this custody before the sentence, {from} to {to} (detention or pretrial detention).',
  },
  'sentence.step.credit-once': {
    es: '{case}: los registros suman {listed} días de abono; cada día cuenta una vez: {counted}.',
    en: '{case}: the records list {listed} days of credit; each day counts once: {counted}.',
  },
  'sentence.step.reduction.one': {
    es: '{case}: rebaja de 1 día concedida el {grantedAt} ({reference}).',
    en: '{case}: reduction of 1 day granted on {grantedAt} ({reference}).',
  },
  'sentence.step.credit.one': {
    es: '{case}: abono de 1 día, el {from} ({kind}, {reference}).',
    en: '{case}: credit of 1 day, {from} ({kind}, {reference}).',
  },
  'sentence.step.pretrial.one': {
    es: '{case}: 1 día bajo custodia antes de la condena, el {from} (detención o prisión preventiva).',
    en: '{case}: 1 day in this custody before the sentence, {from} (detention or pretrial detention).',
  },
  'sentence.step.reduction': {
    es: '{case}: rebaja de {days} días concedida el {grantedAt} ({reference}).',
    en: '{case}: reduction of {days} days granted on {grantedAt} ({reference}).',
  },
  'sentence.step.release': {
    es: '{case}: {start} + {days} días − {credited} de abono − {reduced} de rebaja = libertad el {release}.',
    en: '{case}: {start} + {days} days − {credited} credited − {reduced} reduced = release on {release}.',
  },
  'sentence.step.parole-part': {
    es: '{case}: {fraction} de {days} días, redondeado hacia arriba: {served} días.',
    en: '{case}: {fraction} of {days} days, rounded up: {served} days.',
  },
  'sentence.step.parole-strictest': {
    es: '{case}: la fracción más estricta de la cadena, {fraction} de {days} días: {served} días.',
    en: '{case}: the chain’s strictest fraction, {fraction} of {days} days: {served} days.',
  },
  'sentence.step.parole': {
    es: '{case}: libertad condicional desde el {start} + {served} días − {credited} de abono = {date}.',
    en: '{case}: parole from {start} + {served} days − {credited} credited = {date}.',
  },
  'sentence.step.parole-life': {
    es: '{case}: presidio perpetuo ({life}): {start} + {years} años − {credited} días de abono = {date}.',
    en: '{case}: life ({life}): {start} + {years} years − {credited} days credited = {date}.',
  },
  'sentence.step.parole-none': {
    es: '{case}: {days} días no superan un año ({year} días): sin libertad condicional.',
    en: '{case}: {days} days are not more than a year ({year} days): no parole.',
  },
  'sentence.step.parole-forty': {
    es: '{case}: las condenas suman {days} días, 40 años o más: la ley permite postular a los 20 años, el {date}.',
    en: '{case}: the sentences add up to {days} days, 40 years or more: the law allows applying after 20 years, on {date}.',
  },
  'sentence.step.parole-forty-note': {
    es: 'La fecha de libertad condicional sigue la aritmética convenida; por el art. 3 inc. 4 del DL 321 la persona puede postular desde el {date}.',
    en: 'The parole date follows the agreed arithmetic; under DL 321 art. 3 inc. 4 the person may apply from {date}.',
  },
  'sentence.step.no-leave': {
    es: 'Presidio perpetuo calificado: la ley excluye toda salida que signifique libertad, también la dominical; la fecha de salida dominical es solo aritmética.',
    en: 'Qualified life sentence: the law bars every leave that means release, Sunday leave included; the Sunday-leave date is arithmetic only.',
  },
  'sentence.step.credit-after-start': {
    es: '{case}: el abono del {from} al {to} llega al día de la condena ({imposedAt}) o después: esos días ya se cumplen bajo la condena; revise el registro.',
    en: '{case}: the credit from {from} to {to} reaches the sentence’s day ({imposedAt}) or later: those days are served under the sentence already; check the record.',
  },
  'sentence.step.sunday-leave': {
    es: 'Salida dominical: 12 meses antes de la libertad condicional ({parole}) = {date}.',
    en: 'Sunday leave: 12 months before parole eligibility ({parole}) = {date}.',
  },
  'finding.release-overdue': {
    es: '{person} sigue bajo custodia después de su fecha de libertad ({releaseDate}) sin otra orden que lo retenga.',
    en: '{person} is still held after their release date ({releaseDate}) with no other order holding them.',
  },
  'finding.sentenced-not-accepted': {
    es: '{person} está condenado y alojado en {cell}, que no recibe condenados.',
    en: '{person} is sentenced and housed in {cell}, which does not take sentenced people.',
  },
};
