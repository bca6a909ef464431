import type { RouteSpec } from './routes.js';

/** The discipline routes of the authorization matrix (docs/security.md; see ./routes.ts). */
export const DISCIPLINE_ROUTES: Record<string, RouteSpec> = {};
