import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { onPostgres } from '../helpers/store.js';

/** The web app's typed client (issue 22): web/src/api-schema.ts is what the OpenAPI description gives. */

const SCHEMA = 'web/src/api-schema.ts';

/** Runs scripts/api-client.ts through tsx, as `npm run api:client` does. */
function apiClient(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/api-client.ts', ...args],
      { env: { ...process.env, DATABASE_URL: '' } },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

// the document and this code do not depend on the database: checked on the PGlite run only
describe.skipIf(onPostgres)('the generated client types', () => {
  const dir = mkdtempSync(join(tmpdir(), 'custodia-api-client-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are up to date with the description (else: npm run api:client)', async () => {
    const r = await apiClient(['--check']);
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  }, 120_000);

  it('are found out of date when a route is missing from them', async () => {
    const text = readFileSync(SCHEMA, 'utf8');
    // the file as it was before GET /auth/me was described: its entry in `paths` taken out
    const stale = text.replace(/\n {2}'\/auth\/me': \{\n[\s\S]*?\n {2}\};/, '');
    expect(stale.length).toBeLessThan(text.length);
    const file = join(dir, 'api-schema.ts');
    writeFileSync(file, stale);
    const r = await apiClient(['--check', '--out', file]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('api-schema.ts is out of date');
    // --check writes nothing
    expect(readFileSync(file, 'utf8')).toBe(stale);
  }, 120_000);
});
