import type { FastifyReply, FastifyRequest } from 'fastify';
import { logAccess } from '../store/access-log.js';
import type { Store } from '../store/db.js';

/** Reads: GET, and the HEAD Fastify answers for every GET route (a probe of the same record). */
const READS = new Set(['GET', 'HEAD']);

/** A path's id or code, as logged: a string no longer than any real one (a probe may send megabytes). */
const named = (v: unknown) => (typeof v === 'string' && v.length <= 64 ? v : null);

/**
 * A read refused (403) to a signed-in user is logged before the refusal is sent: the method, the
 * route's pattern (never the URL: its query string may hold a name) and the status, and the person or
 * facility it was about when the path names them. Someone probing for records outside their reach
 * shows in the log. An anonymous request (401) is not: it names no one to hold to account, and a
 * flood of them would write rows nobody asked for; the server's request log has them.
 */
export const logRefusedRead =
  (store: Store) =>
  async (req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    if (reply.statusCode !== 403 || !READS.has(req.method) || !req.user) return payload;
    const params = (req.params ?? {}) as Record<string, unknown>;
    const personId = named(params.personId);
    const facility = named(params.code);
    // a refusal shows nothing: if it cannot be logged, it is still a refusal (not a 500), and the
    // failure goes to the server's log
    try {
      await logAccess(store.db, req.user, [
        {
          action: 'read.refused',
          personId,
          facility,
          detail: { method: req.method, route: req.routeOptions.url ?? null, status: 403 },
        },
      ]);
    } catch (err) {
      req.log.error({ err }, 'a refused read could not be logged');
    }
    return payload;
  };
