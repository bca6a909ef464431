import type { FastifyReply, FastifyRequest } from 'fastify';
import { logAccess } from '../store/access-log.js';
import type { Store } from '../store/db.js';

/**
 * A read refused (403) to a signed-in user is logged before the refusal is sent: the route's
 * pattern (never the URL: its query string may hold a name), and the person or facility it was
 * about when the path names them. Someone probing for records outside their reach shows in the log.
 */
export const logRefusedRead =
  (store: Store) =>
  async (req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    if (reply.statusCode !== 403 || req.method !== 'GET' || !req.user) return payload;
    const params = (req.params ?? {}) as Record<string, unknown>;
    const personId = typeof params.personId === 'string' ? params.personId : null;
    const facility = typeof params.code === 'string' ? params.code : null;
    await logAccess(store.db, req.user, [
      {
        action: 'read.refused',
        personId,
        facility,
        detail: { route: req.routeOptions.url ?? null, status: 403 },
      },
    ]);
    return payload;
  };
