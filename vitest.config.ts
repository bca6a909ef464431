import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // limits for a test that hangs, not timing assertions: a demo loaded beside another file's work
    // takes a few minutes on a 2-core machine
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // every answer a test provokes is checked against the OpenAPI description (src/api/openapi/check.ts)
    env: { CUSTODIA_CHECK_ANSWERS: '1' },
    // ... and a file whose tests provoked an answer not as described fails, whatever its tests asserted
    setupFiles: ['test/helpers/check-answers.ts'],
    // Vitest's default is one fewer than the cores: one test file at a time on a 2-core machine, with
    // a core idle while a file waits on PostgreSQL or a browser. Two at least: each file has its own
    // database, data folder and ports, and the whole run fits CI's 30 minutes with room to spare.
    maxWorkers: Math.max(2, availableParallelism()),
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
