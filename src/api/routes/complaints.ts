import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Store } from '../../store/db.js';

/** Requests and complaints, and their answers (docs/complaints.md). */
export const complaintRoutes =
  (_store: Store): FastifyPluginAsyncTypebox =>
  async (_app) => {};
