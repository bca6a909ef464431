import { afterAll, expect } from 'vitest';
import { takeMismatches } from '../../src/api/openapi/mismatches.js';

/**
 * Set up for every test file (vitest.config.ts): an answer found not as documented fails the file that
 * provoked it, even where the test did not look at the status it got (src/api/openapi/check.ts).
 */
afterAll(() => {
  expect(takeMismatches(), 'answers not as the OpenAPI description says (see [check-answers] above)').toEqual(
    [],
  );
});
