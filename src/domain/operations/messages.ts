/**
 * The words of operations (es and en): idempotent writes and the database's availability
 * (docs/operations.md, docs/decisions/0008-idempotency-keys.md).
 */
export const operationsMessages: Record<string, { es: string; en: string }> = {
  'title.422': { es: 'Clave de idempotencia ya usada', en: 'Idempotency key already used' },
  'idempotency-key-reused': {
    es: 'La clave de idempotencia {key} ya se usó para otra solicitud ({method} {path}); no se registró nada. Use una clave nueva para cada solicitud distinta.',
    en: 'The idempotency key {key} was already used for another request ({method} {path}); nothing was recorded. Use a new key for each different request.',
  },
  'detail.422-idempotency': {
    es: 'La clave de idempotencia ya se usó para otra solicitud.',
    en: 'The idempotency key was already used for another request.',
  },
  'schema.idempotency-key': {
    es: 'debe tener de 1 a 255 caracteres ASCII visibles',
    en: 'must be 1 to 255 visible ASCII characters',
  },
  'detail.503-database': {
    es: 'La base de datos no está disponible por ahora (¿un cambio de servidor primario en curso?). Vuelva a intentarlo en {seconds} s. Una escritura enviada con una clave de idempotencia puede repetirse con la misma clave sin riesgo; una enviada sin clave pudo quedar registrada o no: compruébelo antes de repetirla.',
    en: 'The database is unavailable for now (a switch of primary server under way?). Try again in {seconds} s. A write sent with an Idempotency-Key is safe to repeat with the same key; one sent without a key may or may not have been recorded: check before repeating it.',
  },
  'detail.503-pool-busy': {
    es: 'El servidor está ocupado: todas sus conexiones con la base de datos están en uso. Vuelva a intentarlo en {seconds} s; una escritura enviada con una clave de idempotencia puede repetirse con la misma clave sin riesgo.',
    en: 'The server is busy: all its database connections are in use. Try again in {seconds} s; a write sent with an Idempotency-Key is safe to repeat with the same key.',
  },
  'detail.503-commit': {
    es: 'No se pudo confirmar la escritura: la conexión con la base de datos se perdió al confirmar. Repita la solicitud con la misma clave de idempotencia en {seconds} s: quedará registrada una sola vez.',
    en: 'The write could not be confirmed: the database connection was lost at commit. Repeat the request with the same Idempotency-Key in {seconds} s: it will be recorded exactly once.',
  },
};
