import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Store } from '../../store/db.js';

/** Disciplinary charges, notice, hearings, sanctions and appeals (docs/discipline.md). */
export const disciplineRoutes =
  (_store: Store): FastifyPluginAsyncTypebox =>
  async (_app) => {};
