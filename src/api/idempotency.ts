import { createHash } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { t } from '../domain/messages.js';
import type { Store } from '../store/db.js';
import {
  findKey,
  IdempotencyScope,
  KeyTaken,
  keepKeyAfter,
  runIdempotent,
  type StoredKey,
} from '../store/idempotency.js';
import { HttpProblem, problemBody } from './problem.js';

/**
 * Idempotent writes (docs/api.md, "Idempotency-Key"; docs/decisions/0008-idempotency-keys.md).
 * A write sent with an `Idempotency-Key` header by a signed-in user:
 * - whose key that user already used for the same request is answered with the stored first answer
 *   (same status and body, header `idempotency-replayed: true`) and records nothing;
 * - whose key that user used for another request is refused (422), nothing recorded;
 * - otherwise runs; its register transaction claims the key and commits only with the answer stored,
 *   so a retry after any failure finds the write with its answer, or neither.
 */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotency-replayed';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** what a key may be: 1 to 255 visible ASCII characters (a UUID is the usual choice) */
const KEY = /^[\x21-\x7e]{1,255}$/;
/** seconds a client waits before repeating a write whose commit was not confirmed */
const RETRY_AFTER_COMMIT = 1;

declare module 'fastify' {
  interface FastifyRequest {
    /** the idempotent request being served (set before the handler when the write carries a key) */
    idempotency: IdempotencyScope | null;
  }
}

/** The same request: method, path with its query, and body. */
function fingerprint(req: FastifyRequest): string {
  return createHash('sha256')
    .update(`${req.method} ${req.url}\n${JSON.stringify(req.body ?? null)}`)
    .digest('hex');
}

export function registerIdempotency(app: FastifyInstance, store: Store): void {
  app.decorateRequest('idempotency', null);

  app.addHook('preHandler', async (req, reply) => {
    if (!WRITES.has(req.method)) return;
    const raw = req.headers[IDEMPOTENCY_HEADER];
    // keys are per user: a public write (signing in) has no user to keep them for, and ignores it
    if (raw === undefined || !req.user) return;
    const key = Array.isArray(raw) ? raw.join(',') : raw;
    if (!KEY.test(key)) {
      const field = 'Idempotency-Key';
      throw new HttpProblem(400, 'detail.400', { count: 1 }, [
        {
          rule: 'invalid-field',
          subject: field,
          params: { field, problem: t('schema.idempotency-key', req.lang) },
        },
      ]);
    }
    const request = {
      actor: req.user.username,
      key,
      fingerprint: fingerprint(req),
      method: req.method,
      path: req.url,
    };
    const stored = await findKey(store.db, request.actor, key);
    if (stored) return replay(req, reply, stored);
    req.idempotency = new IdempotencyScope(request);
  });

  // the handler runs in the request's scope: its writes claim the key and wait for the answer
  app.addHook('preHandler', (req, _reply, done) => {
    if (req.idempotency) runIdempotent(req.idempotency, done);
    else done();
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const scope = req.idempotency;
    if (!scope) return payload;
    // rolled back for want of an answer: whatever the handler answered, nothing was recorded
    if (scope.expired) return unconfirmed(req, reply);
    const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString() : '';
    const type = reply.getHeader('content-type');
    const contentType = typeof type === 'string' ? type : null;
    if (!scope.open) {
      // a write that did not go through the register (an account change, a sign-out): its key is kept
      // after its own commit (keepKeyAfter says why that is enough); a refusal keeps nothing
      if (!scope.claimed && reply.statusCode < 400) {
        await keepKeyAfter(store.db, scope.request, reply.statusCode, contentType, text).catch(
          (err: unknown) => req.log.warn({ err }, 'could not keep an idempotency key'),
        );
      }
      return payload;
    }
    if (reply.statusCode >= 400) {
      // refused or failed after writing: nothing of it is kept, nor its key
      await scope.rollback().catch((err: unknown) => req.log.warn({ err }, 'rollback failed'));
      return payload;
    }
    try {
      await scope.commit(reply.statusCode, contentType, text);
      return payload;
    } catch (err) {
      // the commit's outcome is unknown here (the connection died with it); the key tells a retry
      req.log.warn({ err }, 'an idempotent write could not be confirmed');
      return unconfirmed(req, reply);
    }
  });

  // never left open: an answer that skipped onSend (none is known) ends the transaction here
  app.addHook('onResponse', async (req) => {
    if (req.idempotency?.open) await req.idempotency.rollback().catch(() => {});
  });
}

/** 503 in place of the answer: the write is not confirmed; the same request with the same key is safe. */
function unconfirmed(req: FastifyRequest, reply: FastifyReply): string {
  const seconds = RETRY_AFTER_COMMIT;
  reply
    .code(503)
    .type('application/problem+json')
    .header('content-language', req.lang ?? 'en')
    .header('retry-after', String(seconds));
  return JSON.stringify(
    problemBody(req, 503, t('detail.503-commit', req.lang, { seconds }), [], {
      members: { retryAfter: seconds },
    }),
  );
}

/** Answers from a stored key: the first answer again, or 422 when the key named another request. */
function replay(req: FastifyRequest, reply: FastifyReply, stored: StoredKey): FastifyReply {
  const key = String(req.headers[IDEMPOTENCY_HEADER]);
  if (stored.fingerprint !== fingerprint(req)) {
    throw new HttpProblem(422, 'detail.422-idempotency', {}, [
      {
        rule: 'idempotency-key-reused',
        subject: 'Idempotency-Key',
        params: { key: key.slice(0, 64), method: stored.method, path: stored.path },
      },
    ]);
  }
  if (stored.status === null) {
    // a key is committed with its answer, so this is a row written by other means: say so, change nothing
    throw new HttpProblem(409, 'detail.409', { count: 1 }, [{ rule: 'concurrent-change' }]);
  }
  reply.code(stored.status).header(REPLAYED_HEADER, 'true');
  if (stored.contentType) reply.type(stored.contentType);
  return reply.send(stored.answer ?? '');
}

/**
 * The error handler with replays: a write that met its key already claimed (a retry that raced the
 * first request) answers from the stored key.
 */
export function withReplays(
  handler: (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => unknown,
) {
  return (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof KeyTaken) {
      try {
        return replay(req, reply, error.stored);
      } catch (refusal) {
        return handler(refusal as FastifyError, req, reply);
      }
    }
    return handler(error, req, reply);
  };
}
