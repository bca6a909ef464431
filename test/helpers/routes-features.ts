import type { RouteSpec } from './routes.js';
import { ACTIVITIES_ROUTES } from './routes-activities.js';
import { COMPLAINTS_ROUTES } from './routes-complaints.js';
import { DISCIPLINE_ROUTES } from './routes-discipline.js';
import { OPEN_AIR_ROUTES } from './routes-open-air.js';
import { SENTENCE_ROUTES } from './routes-sentences.js';
import { VISITS_ROUTES } from './routes-visits.js';

/** The routes of the features built after the matrix was first written, each in its own file. */
export const FEATURE_ROUTES: Record<string, RouteSpec> = {
  ...SENTENCE_ROUTES,
  ...VISITS_ROUTES,
  ...OPEN_AIR_ROUTES,
  ...ACTIVITIES_ROUTES,
  ...DISCIPLINE_ROUTES,
  ...COMPLAINTS_ROUTES,
};
