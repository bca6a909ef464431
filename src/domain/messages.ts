/**
 * Every message a person reads, in Spanish and English. Parameters are written `{name}`.
 * Keys are rule ids (for violations) or plain message ids.
 */
import { complaintMessages } from './complaints/messages.js';
import { activityMessages } from './daily-life/activities-messages.js';
import { openAirMessages } from './daily-life/open-air-messages.js';
import { visitMessages } from './daily-life/visits-messages.js';
import { disciplineMessages } from './discipline/messages.js';
import { operationsMessages } from './operations/messages.js';
import { projectionMessages } from './projection/messages.js';
import { rightsMessages } from './safeguards/rights-messages.js';
import { sentenceMessages } from './sentences/messages.js';

export type Lang = 'es' | 'en';

type Catalog = Record<string, { es: string; en: string }>;

export const messages: Catalog = {
  // custody rules (409)
  'legal-basis-required': {
    es: 'No se puede ingresar a una persona sin una base legal registrada (orden de detención, prisión preventiva o sentencia).',
    en: 'Nobody may be admitted without a recorded legal basis (arrest, detention order, pretrial detention order or sentence).',
  },
  'legal-basis-expired': {
    es: 'La base legal {reference} venció el {expiresAt}, antes del {at}.',
    en: 'The legal basis {reference} expired at {expiresAt}, before {at}.',
  },
  'legal-basis-not-yet-issued': {
    es: 'La base legal {reference} se emitió el {issuedAt}, después del {at}.',
    en: 'The legal basis {reference} was issued at {issuedAt}, after {at}.',
  },
  'capacity-exceeded': {
    es: 'La celda {cell} tiene capacidad operativa {operational} y ya aloja a {occupants}; no caben {requested} más.',
    en: 'Cell {cell} has an operational capacity of {operational} and holds {occupants}; {requested} more do not fit.',
  },
  'facility-full': {
    es: 'El recinto {facility} no tiene plazas operativas libres para {requested} personas más ({free} libres).',
    en: 'Facility {facility} has no free operational places for {requested} more people ({free} free).',
  },
  'capacity-below-occupancy': {
    es: 'La capacidad operativa de {cell} no puede fijarse en {operational}: hoy aloja a {occupants} personas.',
    en: 'The operational capacity of {cell} cannot be set to {operational}: it holds {occupants} people now.',
  },
  'already-in-custody': {
    es: 'La persona {person} ya está bajo custodia en {facility}.',
    en: 'Person {person} is already in custody at {facility}.',
  },
  'not-in-custody': {
    es: 'La persona {person} no está bajo custodia.',
    en: 'Person {person} is not in custody.',
  },
  'duplicate-in-batch': {
    es: 'La persona {person} aparece más de una vez en el lote.',
    en: 'Person {person} appears more than once in the batch.',
  },
  'national-id-conflict': {
    es: 'El documento {nationalId} pertenece a otra persona registrada con otra fecha de nacimiento.',
    en: 'National id {nationalId} belongs to another registered person with a different date of birth.',
  },
  'time-before-admission': {
    es: 'La fecha {at} es anterior al ingreso ({admittedAt}).',
    en: 'Time {at} is before the admission ({admittedAt}).',
  },
  'overlapping-custody': {
    es: 'El ingreso en {at} se superpone con una custodia anterior de la persona, que terminó el {releasedAt}.',
    en: 'Admission at {at} overlaps an earlier custody of this person, which ended at {releasedAt}.',
  },
  'not-correctable': {
    es: 'El evento {seq} no admite esta corrección.',
    en: 'Event {seq} cannot be corrected this way.',
  },
  // housing (409)
  separation: {
    es: '{person} ({category}) no puede ir a {cell}: la celda aloja a la categoría {cellCategory} (Reglas Mandela, regla 11).',
    en: '{person} ({category}) cannot go to {cell}: the cell holds category {cellCategory} (Mandela Rules, rule 11).',
  },
  'not-accepted': {
    es: '{cell} no acepta a {person}: {what} {value} no está permitido en esa unidad.',
    en: '{cell} does not accept {person}: {what} {value} is not allowed in that unit.',
  },
  'needs-unmet': {
    es: '{person} necesita una celda {need}; {cell} no lo es.',
    en: '{person} needs a cell that is {need}; {cell} is not.',
  },
  'rival-group': {
    es: '{person} ({group}) no puede ir a {cell}: el grupo rival {rival} ya está en el mismo ámbito ({scope}: {location}).',
    en: '{person} ({group}) cannot go to {cell}: rival group {rival} is in the same {scope} ({location}).',
  },
  'non-association': {
    es: '{person} no puede ir a {cell}: tiene una prohibición de contacto con {other}, que está en {otherCell} (mismo ámbito: {scope}).',
    en: '{person} cannot go to {cell}: a non-association with {other}, who is in {otherCell}, forbids the same {scope}.',
  },
  'no-suitable-cell': {
    es: 'Ninguna de las {cells} celdas puede recibir a {person}: {full} llenas, {separation} de otra categoría, {rival} con un grupo rival, {pair} con una prohibición de contacto, {notAccepted} que no la aceptan, {needs} sin lo que necesita.',
    en: 'None of the {cells} cells can take {person}: {full} full, {separation} of another category, {rival} with a rival group, {pair} with a non-association, {notAccepted} not accepting the person, {needs} without what the person needs.',
  },
  'unknown-group': { es: 'El grupo {group} no existe.', en: 'Group {group} does not exist.' },
  'group-exists': { es: 'Ya existe el grupo {group}.', en: 'Group {group} already exists.' },
  'group-self-rival': {
    es: 'El grupo {group} no puede ser rival de sí mismo.',
    en: 'Group {group} cannot be its own rival.',
  },
  'non-association-exists': {
    es: 'Ya hay una prohibición de contacto abierta entre {personA} y {personB} ({id}).',
    en: 'An open non-association between {personA} and {personB} exists already ({id}).',
  },
  'non-association-closed': {
    es: 'La prohibición de contacto {id} ya está cerrada.',
    en: 'Non-association {id} is closed already.',
  },
  'unknown-non-association': {
    es: 'La prohibición de contacto {id} no existe.',
    en: 'Non-association {id} does not exist.',
  },
  'same-person': {
    es: 'Una persona no puede tener una prohibición de contacto consigo misma.',
    en: 'A person cannot be kept apart from themselves.',
  },
  'already-in-cell': { es: '{person} ya está en {cell}.', en: '{person} is in {cell} already.' },
  'already-in-facility': { es: '{person} ya está en {facility}.', en: '{person} is in {facility} already.' },
  // safeguards
  'finding.segregation-prolonged': {
    es: '{person} lleva {days} días consecutivos en aislamiento (máximo {max}): aislamiento prolongado.',
    en: '{person} has been segregated for {days} consecutive days (at most {max}): prolonged solitary confinement.',
  },
  'finding.segregation-unauthorised': {
    es: 'El aislamiento de {person} no registra la autoridad que lo ordenó.',
    en: 'The segregation of {person} records no authority that ordered it.',
  },
  'finding.regime-unrecorded': {
    es: '{unit}: no hay régimen registrado; no se pueden verificar el aire libre, la luz, las visitas ni el acceso a abogado.',
    en: '{unit}: no regime is recorded; open air, light, visits and legal advice cannot be checked.',
  },
  'finding.open-air': {
    es: '{unit}: {minutes} minutos diarios al aire libre; el mínimo es {min}.',
    en: '{unit}: {minutes} minutes of open air a day; the minimum is {min}.',
  },
  'finding.visits-none': { es: '{unit}: no se permiten visitas.', en: '{unit}: no visits are allowed.' },
  'finding.visits-few': {
    es: '{unit}: {perMonth} visitas al mes; el mínimo es {min}.',
    en: '{unit}: {perMonth} visits a month; the minimum is {min}.',
  },
  'finding.constant-light': {
    es: '{unit}: luz encendida de forma permanente.',
    en: '{unit}: lights are kept on constantly.',
  },
  'finding.no-legal-adviser': {
    es: '{unit}: sin acceso a asesoría legal.',
    en: '{unit}: no access to a legal adviser.',
  },
  'finding.space': {
    es: '{cell}: {m2} m² por persona para {occupants} personas; el estándar {source} es {standard} m² (capacidad por espacio: {spaceCapacity}).',
    en: '{cell}: {m2} m² a person for {occupants} people; the {source} standard is {standard} m² (space capacity: {spaceCapacity}).',
  },
  'finding.single-cell': {
    es: '{cell}: celda individual con {occupants} personas.',
    en: '{cell}: a single cell holding {occupants} people.',
  },
  'finding.separation': {
    es: '{cell}: aloja a personas de categorías que deben estar separadas.',
    en: '{cell}: holds people of categories that must be kept apart.',
  },
  'unknown-unit': {
    es: 'La unidad {unit} no existe en {facility}.',
    en: 'Unit {unit} does not exist in {facility}.',
  },
  'not-in-facility': {
    es: '{person} no está bajo custodia en {facility}.',
    en: '{person} is not in custody in {facility}.',
  },
  'unknown-duty': { es: 'El deber {id} no existe.', en: 'Duty {id} does not exist.' },
  'unknown-segregation': { es: 'El aislamiento {id} no existe.', en: 'Segregation {id} does not exist.' },
  'unknown-verification': {
    es: 'La verificación {id} no existe (o se olvidó al reiniciar el servidor).',
    en: 'Verification {id} does not exist (or was forgotten when the server restarted).',
  },
  'unknown-profile': { es: 'El perfil {profile} no existe.', en: 'Profile {profile} does not exist.' },
  'duty-closed': {
    es: 'El deber {id} ya está cumplido o cerrado.',
    en: 'Duty {id} is done or closed already.',
  },
  'time-before-start': {
    es: 'La fecha {at} es anterior al inicio ({since}).',
    en: 'Time {at} is before the start ({since}).',
  },
  'already-segregated': {
    es: '{person} ya está en aislamiento ({id}).',
    en: '{person} is segregated already ({id}).',
  },
  'segregation-ended': { es: 'El aislamiento {id} ya terminó.', en: 'Segregation {id} has ended already.' },
  // input (400)
  'invalid-field': { es: '{field}: {problem}', en: '{field}: {problem}' },
  'unknown-cell': {
    es: 'La celda {cell} no existe en el recinto {facility}.',
    en: 'Cell {cell} does not exist in facility {facility}.',
  },
  'future-time': {
    es: 'La fecha {at} está en el futuro.',
    en: 'Time {at} is in the future.',
  },
  'invalid-timezone': {
    es: 'La zona horaria {timezone} no es una zona IANA válida.',
    en: 'Time zone {timezone} is not a valid IANA time zone.',
  },
  'duplicate-unit-code': {
    es: 'El código de unidad {code} se repite en el recinto.',
    en: 'Unit code {code} is used more than once in the facility.',
  },
  'cell-capacity-required': {
    es: 'La celda {code} debe indicar su capacidad (de diseño y operativa).',
    en: 'Cell {code} must state its capacity (design and operational).',
  },
  'cell-has-children': {
    es: 'La celda {code} no puede contener otras unidades.',
    en: 'Cell {code} cannot contain other units.',
  },
  'unit-nesting': {
    es: 'Una unidad de tipo {child} no puede estar dentro de una de tipo {parent} ({code}).',
    en: 'A unit of kind {child} cannot be inside a unit of kind {parent} ({code}).',
  },
  'capacity-sum-mismatch': {
    es: 'La capacidad indicada para {code} ({given}) no es la suma de sus celdas ({sum}).',
    en: 'The capacity given for {code} ({given}) is not the sum of its cells ({sum}).',
  },
  'facility-exists': {
    es: 'Ya existe un recinto con el código {code}.',
    en: 'A facility with code {code} already exists.',
  },
  'user-exists': {
    es: 'Ya existe un usuario {username}.',
    en: 'User {username} already exists.',
  },
  'unknown-facility': {
    es: 'El recinto {facility} no existe.',
    en: 'Facility {facility} does not exist.',
  },
  'unknown-person': { es: 'La persona {person} no existe.', en: 'Person {person} does not exist.' },
  'unknown-event': { es: 'El evento {seq} no existe.', en: 'Event {seq} does not exist.' },
  'concurrent-change': {
    es: 'Otra operación cambió los mismos datos al mismo tiempo; vuelva a intentarlo.',
    en: 'Another operation changed the same records at the same time; try again.',
  },
  'unknown-role': { es: 'El rol {role} no existe.', en: 'Role {role} does not exist.' },
  'grant-self': {
    es: 'Nadie cambia sus propios roles ni recintos; pídalo a otro administrador.',
    en: 'Nobody changes their own roles or facilities; ask another administrator.',
  },
  'grant-system-role': {
    es: 'Solo un administrador de todos los recintos gestiona administradores, inspectores y cuentas de todos los recintos.',
    en: 'Only an administrator of all facilities manages administrators, inspectors and accounts of all facilities.',
  },
  'grant-outside-facilities': {
    es: 'El recinto {facility} está fuera de los suyos: solo otorga y gestiona cuentas de sus recintos.',
    en: 'Facility {facility} is outside yours: you grant and manage accounts of your facilities only.',
  },
  'last-admin': {
    es: '{username} es el último administrador activo; cree otro antes de quitarle el rol o desactivarlo.',
    en: '{username} is the last active administrator; create another before removing the role or disabling the account.',
  },
  'weak-password': {
    es: 'La contraseña debe tener al menos {min} caracteres.',
    en: 'The password must have at least {min} characters.',
  },
  // problem titles
  'title.400': { es: 'Solicitud no válida', en: 'Invalid request' },
  'title.401': { es: 'No ha iniciado sesión', en: 'Not signed in' },
  'title.403': { es: 'Acceso denegado', en: 'Forbidden' },
  'title.404': { es: 'No encontrado', en: 'Not found' },
  'title.409': { es: 'Rechazado por una regla de custodia', en: 'Refused by a custody rule' },
  'title.413': { es: 'Solicitud demasiado grande', en: 'Request too large' },
  'title.429': { es: 'Demasiados intentos', en: 'Too many attempts' },
  'title.500': { es: 'Error interno', en: 'Internal error' },
  'title.503': { es: 'Servicio no disponible por ahora', en: 'Service unavailable for now' },
  'detail.413': {
    es: 'El cuerpo de la solicitud supera el límite de {limit} bytes ({mb} MiB) de esta ruta; no se registró nada. Envíelo en lotes más pequeños.',
    en: 'The request body exceeds this route’s limit of {limit} bytes ({mb} MiB); nothing was recorded. Send it in smaller batches.',
  },
  'detail.503': {
    es: 'El servidor está ocupado; no se registró nada. Vuelva a intentarlo en {seconds} s.',
    en: 'The server is busy; nothing was recorded. Try again in {seconds} s.',
  },
  // /readyz: why this server should not be sent requests now
  'detail.503-not-ready.unreachable': {
    es: 'El servidor no está listo: la base de datos no responde. Vuelva a intentarlo en {seconds} s.',
    en: 'The server is not ready: the database does not answer. Try again in {seconds} s.',
  },
  'detail.503-not-ready.timeout': {
    es: 'El servidor no está listo: la base de datos no respondió en {ms} ms. Vuelva a intentarlo en {seconds} s.',
    en: 'The server is not ready: the database did not answer within {ms} ms. Try again in {seconds} s.',
  },
  'detail.503-not-ready.read-only': {
    es: 'El servidor no está listo: su base de datos es una réplica en recuperación y no admite escrituras (no hay primario escribible). Vuelva a intentarlo en {seconds} s.',
    en: 'The server is not ready: its database is a standby in recovery and takes no writes (no writable primary). Try again in {seconds} s.',
  },
  'detail.400': {
    es: 'La solicitud tiene {count} campo(s) no válido(s).',
    en: 'The request has {count} invalid field(s).',
  },
  'detail.409': {
    es: 'Se encontraron {count} infracción(es); no se registró nada.',
    en: '{count} violation(s) found; nothing was recorded.',
  },
  'detail.403': {
    es: 'No puede hacer esto ({count} motivo(s)); no se registró nada.',
    en: 'You may not do this ({count} reason(s)); nothing was recorded.',
  },
  'detail.401': {
    es: 'Inicie sesión y envíe el token en la cabecera Authorization.',
    en: 'Sign in and send the token in the Authorization header.',
  },
  'detail.login-failed': {
    es: 'Usuario o contraseña incorrectos.',
    en: 'Wrong username or password.',
  },
  'detail.403-role': {
    es: 'Su rol ({roles}) no permite esta operación.',
    en: 'Your role ({roles}) does not allow this operation.',
  },
  'detail.403-duty': {
    es: 'Su rol ({roles}) no puede dar por cumplido un deber de tipo {kind}.',
    en: 'Your role ({roles}) cannot fulfil a duty of kind {kind}.',
  },
  'detail.403-csrf': {
    es: 'Falta el token CSRF de la sesión (cabecera X-CSRF-Token); recargue la página.',
    en: 'The session’s CSRF token is missing (X-CSRF-Token header); reload the page.',
  },
  'detail.429-locked': {
    es: 'Demasiados intentos fallidos: la cuenta está bloqueada hasta {until}.',
    en: 'Too many failed sign-ins: the account is locked until {until}.',
  },
  'detail.429-address': {
    es: 'Demasiados intentos fallidos desde esta dirección; vuelva a intentarlo después de {until}.',
    en: 'Too many failed sign-ins from this address; try again after {until}.',
  },
  'detail.404-user': { es: 'El usuario {username} no existe.', en: 'User {username} does not exist.' },
  'detail.403-all-facilities': {
    es: 'Esto rige en todos los recintos: solo lo registra personal de todos los recintos.',
    en: 'This holds in every facility: only staff of every facility record it.',
  },
  'detail.403-person': {
    es: 'Esta persona no está ni estuvo bajo custodia de sus recintos.',
    en: 'This person is not, and was never, held by a facility of yours.',
  },
  'detail.403-scope': {
    es: 'No tiene acceso al recinto {facility}.',
    en: 'You have no access to facility {facility}.',
  },
  'detail.404-facility': {
    es: 'El recinto {facility} no existe.',
    en: 'Facility {facility} does not exist.',
  },
  'detail.404-person': { es: 'La persona {person} no existe.', en: 'Person {person} does not exist.' },
  'detail.404-unit': {
    es: 'La unidad {unit} no existe en {facility}.',
    en: 'Unit {unit} does not exist in {facility}.',
  },
  'detail.404-event': { es: 'El evento {seq} no existe.', en: 'Event {seq} does not exist.' },
  'detail.404-route': { es: 'La ruta {route} no existe.', en: 'Route {route} does not exist.' },
  'detail.500': {
    es: 'Error interno; no se registró nada. Referencia: {requestId}.',
    en: 'Internal error; nothing was recorded. Reference: {requestId}.',
  },
  // schema problems, used inside invalid-field
  'schema.required': { es: 'falta el campo obligatorio', en: 'required field is missing' },
  'schema.type': { es: 'debe ser de tipo {type}', en: 'must be of type {type}' },
  'schema.format': { es: 'debe tener el formato {format}', en: 'must have the format {format}' },
  'schema.enum': { es: 'debe ser uno de: {values}', en: 'must be one of: {values}' },
  'schema.minLength': {
    es: 'debe tener al menos {limit} caracteres',
    en: 'must have at least {limit} characters',
  },
  'schema.maxLength': {
    es: 'debe tener como máximo {limit} caracteres',
    en: 'must have at most {limit} characters',
  },
  'schema.minimum': { es: 'debe ser ≥ {limit}', en: 'must be ≥ {limit}' },
  'schema.maximum': { es: 'debe ser ≤ {limit}', en: 'must be ≤ {limit}' },
  'schema.minItems': { es: 'debe tener al menos {limit} elementos', en: 'must have at least {limit} items' },
  'schema.maxItems': {
    es: 'debe tener como máximo {limit} elementos',
    en: 'must have at most {limit} items',
  },
  'schema.pattern': { es: 'no tiene el formato esperado', en: 'does not have the expected format' },
  'schema.other': { es: 'no es válido', en: 'is not valid' },
  'schema.body': {
    es: 'el cuerpo de la solicitud no es JSON válido',
    en: 'the request body is not valid JSON',
  },
};

const DUTY_LABELS: Record<string, { es: string; en: string }> = {
  'detention-hearing': { es: 'Control de la detención ante un juez', en: 'Hearing before a judge' },
  'pretrial-review': { es: 'Revisión de la prisión preventiva', en: 'Review of pretrial detention' },
  'medical-exam': { es: 'Examen médico de ingreso', en: 'Medical examination on admission' },
  'family-notification': { es: 'Aviso a la familia', en: 'Notice to the family' },
  'injury-report': {
    es: 'Informe de las lesiones vistas al ingreso',
    en: 'Report of injuries seen on admission',
  },
  'death-next-of-kin': {
    es: 'Aviso del fallecimiento a los familiares',
    en: 'Notice of the death to the next of kin',
  },
  'death-authority': {
    es: 'Denuncia del fallecimiento a una autoridad independiente',
    en: 'Report of the death to an independent authority',
  },
  'release-planning': {
    es: 'Preparación de la libertad (reinserción y apoyo al salir)',
    en: 'Preparation for release (resettlement and after-care)',
  },
  'rights-information': {
    es: 'Información escrita de derechos, régimen, disciplina y quejas',
    en: 'Written information on rights, the regime, discipline and complaints',
  },
  'consular-notification': {
    es: 'Aviso del derecho a comunicarse con el consulado',
    en: 'Notice of the right to contact the consulate',
  },
  'discipline-notice': {
    es: 'Notificación del cargo disciplinario',
    en: 'Notice of the disciplinary charge',
  },
  'health-visit': {
    es: 'Visita diaria del personal de salud en aislamiento',
    en: 'Daily visit by health-care staff in isolation',
  },
};
Object.assign(
  messages,
  sentenceMessages,
  visitMessages,
  openAirMessages,
  activityMessages,
  disciplineMessages,
  complaintMessages,
  rightsMessages,
  operationsMessages,
  projectionMessages,
);
for (const [kind, label] of Object.entries(DUTY_LABELS)) {
  messages[`duty.${kind}`] = label;
  messages[`finding.overdue.${kind}`] = {
    es: `${label.es} de {person}: plazo vencido el {due}.`,
    en: `${label.en} for {person}: overdue since {due}.`,
  };
  messages[`finding.late.${kind}`] = {
    es: `${label.es} de {person}: cumplido el {done}, después del plazo ({due}).`,
    en: `${label.en} for {person}: done at {done}, after the deadline ({due}).`,
  };
}

/**
 * A message in a language, its `{name}` parameters filled: a list is joined, and a parameter that is
 * itself words (`{ es, en }`) is given in the same language.
 */
export function t(key: string, lang: Lang, params: Record<string, unknown> = {}): string {
  const entry = messages[key];
  const template = entry ? entry[lang] : key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined || v === null) return `{${name}}`;
    if (Array.isArray(v)) return v.join(', ');
    // a value that is itself words: `{ es, en }`
    if (typeof v === 'object' && 'es' in v && 'en' in v) return String((v as Record<Lang, unknown>)[lang]);
    return String(v);
  });
}

/** Picks es or en from an Accept-Language header; English when neither is asked for. */
export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().toLowerCase().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { tag, q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('es')) return 'es';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}
