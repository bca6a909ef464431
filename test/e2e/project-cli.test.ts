import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECTION_CSV_HEADER } from '../../src/domain/projection/export.js';
import { custodia } from '../helpers/cli.js';
import { smallScenario } from '../helpers/routes.js';
import { type TestDb, testDb } from '../helpers/store.js';

/** `custodia project`, as an analyst runs it (the built CLI, dist/cli/bin.js). */
describe('custodia project', () => {
  let db: TestDb;
  let dir: string;
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  beforeAll(async () => {
    db = await testDb();
    dir = mkdtempSync(join(tmpdir(), 'custodia-project-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it('prints a scenario’s projection as CSV, a row a month, with a summary on standard error', async () => {
    const r = await custodia(db, ['project', '--scenario', file('small.json', smallScenario())]);
    expect(r.code, r.out).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(PROJECTION_CSV_HEADER);
    expect(lines).toHaveLength(13);
    expect(lines[1]).toMatch(/^2026-01,\d+,\d+,\d+,/);
    expect(r.out).toMatch(
      /small: 10 runs, 12 months; exceeds capacity in (\d{4}-\d{2}|never); places needed \d+/,
    );
  });

  it('overrides runs and seed, writes JSON to a file', async () => {
    const out = join(dir, 'p.json');
    const r = await custodia(db, [
      'project',
      '--scenario',
      file('small2.json', smallScenario()),
      '--runs',
      '3',
      '--seed',
      '11',
      '--format',
      'json',
      '--out',
      out,
    ]);
    expect(r.code, r.out).toBe(0);
    expect(r.stdout).toBe('');
    const p = JSON.parse(readFileSync(out, 'utf8'));
    expect(p).toMatchObject({ scenario: 'small', runs: 3, seed: 11 });
    expect(p.months).toHaveLength(12);
  });

  it('projects a baseline calibrated from the (empty) register', async () => {
    const r = await custodia(db, ['project', '--baseline', '--months', '6', '--runs', '2']);
    expect(r.code, r.out).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(7);
    expect(r.out).toMatch(/baseline: 2 runs, 6 months/);
  });

  it('refuses an invalid scenario, naming each field, and a file that is not JSON (exit 1)', async () => {
    const bad = await custodia(db, [
      'project',
      '--scenario',
      file('bad.json', { ...smallScenario(), months: 0, transitions: { detainedToPretrial: 2 } }),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/months: must be an integer/);
    expect(bad.out).toMatch(/transitions\.detainedToPretrial: /);
    const garbled = await custodia(db, ['project', '--scenario', file('garbled.json', '{"id": ')]);
    expect(garbled.code).toBe(1);
    expect(garbled.out).toMatch(/Cannot read the scenario/);
    const missing = await custodia(db, ['project', '--scenario', join(dir, 'nowhere.json')]);
    expect(missing.code).toBe(1);
    const neither = await custodia(db, ['project']);
    expect(neither.code).toBe(1);
  });
});
