/**
 * Only for src/demo/load.ts, whose import another change owns for now: everything else imports
 * from the feature's own module under ./safeguards/. Delete once the demo does too.
 */
export { recordDeath } from './safeguards/deaths.js';
export { fulfilMany } from './safeguards/duties.js';
export { setRegime } from './safeguards/regime.js';
export { startSegregation } from './safeguards/segregation.js';
