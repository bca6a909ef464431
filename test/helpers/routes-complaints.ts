import type { RouteSpec } from './routes.js';

/** The complaints routes of the authorization matrix (docs/security.md; see ./routes.ts). */
export const COMPLAINTS_ROUTES: Record<string, RouteSpec> = {};
