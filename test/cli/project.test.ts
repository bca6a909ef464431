import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_POPULATION, MAX_WORK, workBound, workLimits } from '../../src/domain/projection/limits.js';
import type { Scenario } from '../../src/domain/projection/model.js';
import { checkScenario } from '../../src/domain/projection/scenario.js';
import { smallScenario } from '../helpers/scenario.js';
import { onPostgres } from '../helpers/store.js';

// `custodia project --scenario FILE`: the built CLI (npm run build first), with the API's work limits

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `custodia project ARGS`, in English, without a database (a scenario file needs none). */
function project(args: string[], lang = 'en_US.UTF-8'): Promise<Run> {
  const env: Record<string, string | undefined> = { ...process.env, LANG: lang, LC_ALL: '', LC_MESSAGES: '' };
  delete env.DATABASE_URL;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['dist/cli/bin.js', 'project', ...args],
      { env: env as NodeJS.ProcessEnv },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The tests' small valid scenario (a few hundred synthetic people, a year), without its levers. */
const small = (extra: Partial<Scenario> = {}): Scenario => ({
  ...(smallScenario() as Scenario),
  levers: [],
  ...extra,
});

let dir: string;
/** A file in the test's folder: a scenario (as JSON) or text as it is. */
const file = (name: string, s: Scenario | string) => {
  const path = join(dir, name);
  writeFileSync(path, typeof s === 'string' ? s : JSON.stringify(s));
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'custodia-project-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// the command reads files, not the database (DATABASE_URL is taken out above): the PGlite run checks it
describe.skipIf(onPostgres)('custodia project --scenario', () => {
  it('refuses a scenario of a billion people before running it, naming initial (exit 1, nothing on stdout)', async () => {
    const huge = small({ initial: { detained: 0, pretrial: 0, sentenced: 1_000_000_000 } });
    // a valid scenario, only too large
    expect('scenario' in checkScenario(huge)).toBe(true);
    const path = file('huge.json', huge);
    const r = await project(['--scenario', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`The scenario ${path} is too large:`);
    expect(r.stderr).toContain(`initial: more than ${MAX_POPULATION} people at the start`);
  });

  it('refuses --runs 200 when it takes a scenario within the limits past MAX_WORK, naming runs', async () => {
    // a million people for 600 months: within the limits with one run, 200 times over them with 200
    const long = small({
      initial: { detained: 0, pretrial: 0, sentenced: 1_000_000 },
      admissionsPerMonth: 0,
      months: 600,
      runs: 1,
    });
    expect(workLimits(long)).toEqual([]);
    expect(workBound({ ...long, runs: 200 })).toBeGreaterThan(MAX_WORK);
    const path = file('long.json', long);
    const r = await project(['--scenario', path, '--runs', '200']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`The scenario ${path} is too large:`);
    expect(r.stderr).toMatch(/^ {2}runs: runs × months × people is over 1000000000/m);
    expect(r.stderr).not.toContain('initial:');
  });

  it('still projects a small valid scenario: one CSV row a month, the summary on stderr (exit 0)', async () => {
    const r = await project(['--scenario', file('small.json', small()), '--runs', '3']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'month,p5,p50,p95,detained,pretrial,sentenced,admitted,released,capacity,occupancy,pretrialShare',
    );
    expect(lines).toHaveLength(13);
    expect(lines[1]!.startsWith('2026-01,')).toBe(true);
    expect(r.stderr).toMatch(/^small: 3 runs, 12 months; /);
    expect(r.stderr).not.toContain('too large');
  });
});

describe.skipIf(onPostgres)('custodia project --backtest', () => {
  it('prints a row per origin and the one summary line (exit 0)', async () => {
    const r = await project(['--backtest', 'data/series/england-wales.csv', '--runs', '10']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^origin\s+target\s+observed\s+forecast\s+90 % interval\s+error\s+persistence\s+drift/,
    );
    // 84 origins (2016-12 … 2023-11), a blank line, the summary
    expect(lines).toHaveLength(1 + 84 + 2);
    expect(lines[1]).toMatch(/^2016-12\s+2017-12\s+84,888\s/);
    expect(lines.at(-1)).toMatch(
      /^MAPE \d+\.\d % · persistence 3\.0 % · drift \d+\.\d % · within 2 %: \d+ of 84 · 90 % interval coverage \d+ %$/,
    );
  });

  it('writes JSON with --format json, the line on stderr', async () => {
    const r = await project(['--backtest', 'data/series/chile.csv', '--horizon', '6', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const b = JSON.parse(r.stdout);
    expect(b.horizon).toBe(6);
    expect(b.origins.length).toBe(b.summary.origins);
    expect(r.stderr).toMatch(/^MAPE /);
  });

  it('refuses a bad series with its lines named, and a horizon without --backtest (exit 1)', async () => {
    const bad = file('bad.csv', 'month,population\n2020-01,5\n2020-01,x\n');
    const r = await project(['--backtest', bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('cannot be backtested');
    expect(r.stderr).toContain('Line 3: the month 2020-01 is not after the one before');
    expect(r.stderr).toContain('Line 3: population "x" must be a whole number');
    // in the terminal's language
    const es = await project(['--backtest', bad], 'es_CL.UTF-8');
    expect(es.code).toBe(1);
    expect(es.stderr).toContain('no se puede contrastar');
    expect(es.stderr).toContain('Línea 3: el mes 2020-01 no es posterior al anterior');
    const short = await project(['--backtest', file('short.csv', 'month,population\n2020-01,5\n')]);
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('nothing to test');
    const stray = await project(['--scenario', file('s.json', small()), '--horizon', '6']);
    expect(stray.code).toBe(1);
    expect(stray.stderr).toContain('--horizon goes with --backtest');
  });
});
