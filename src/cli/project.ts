import { readFileSync, writeFileSync } from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { MAX_HORIZON } from '../domain/projection/backtest.js';
import { projectionCsv } from '../domain/projection/export.js';
import { workLimits } from '../domain/projection/limits.js';
import type { Projection, Scenario } from '../domain/projection/model.js';
import { checkScenario } from '../domain/projection/scenario.js';
import { project } from '../domain/projection/simulate.js';
import type { Store } from '../store/db.js';
import { baselineScenario } from '../store/projection.js';
import { backtestCommand } from './backtest.js';

const wholeNumber = (min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InvalidArgumentError(`a whole number from ${min} to ${max}`);
  return n;
};

interface Options {
  scenario?: string;
  baseline?: boolean;
  backtest?: string;
  horizon?: number;
  months?: number;
  runs?: number;
  seed?: number;
  format?: 'csv' | 'json' | 'table';
  out?: string;
}

/** One line for a person at a terminal: when capacity is exceeded, the places needed, the final median. */
export function summary(p: Projection): string {
  const last = p.months[p.months.length - 1];
  return [
    `${p.scenario}: ${p.runs} runs, ${p.months.length} months`,
    `exceeds capacity in ${p.exceedsCapacityIn ?? 'never'}`,
    `places needed ${p.placesNeeded}`,
    `final p50 ${last ? `${last.population.p50} (${last.month})` : '-'}`,
  ].join('; ');
}

/**
 * `custodia project --scenario FILE | --baseline`: a population projection, printed as CSV or JSON
 * (or written to --out), with a one-line summary on standard error.
 */
export function projectCommands(
  cli: Command,
  withStore: <T>(fn: (store: Store) => Promise<T>) => Promise<T>,
): void {
  cli
    .command('project')
    .description(
      'project the prison population of a scenario (a JSON file, e.g. data/scenarios/chile-2025.json) or of this installation’s register (--baseline)',
    )
    .option('--scenario <file>', 'the scenario, a JSON file')
    .option('--baseline', 'a scenario calibrated from the register of this installation')
    .option(
      '--backtest <file>',
      'validate the projection out of sample on a monthly series (CSV month,population[,admissions,releases,pretrial], e.g. data/series/england-wales.csv): a row per origin and one summary line',
    )
    .option(
      '--horizon <n>',
      'months ahead to forecast (with --backtest; default 12)',
      wholeNumber(1, MAX_HORIZON),
    )
    .option('--months <n>', 'months to project (with --baseline; default 60)', wholeNumber(1, 600))
    .option(
      '--runs <n>',
      'runs, for the interval (overrides the scenario’s; --backtest: default 40)',
      wholeNumber(1, 200),
    )
    .option('--seed <n>', 'random seed (overrides the scenario’s)', wholeNumber(0, 0xffffffff))
    .addOption(
      new Option('--format <format>', 'output format (default: csv; with --backtest, table)').choices([
        'csv',
        'json',
        'table',
      ]),
    )
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (o: Options) => {
      const fail = (message: string) => {
        console.error(message);
        process.exitCode = 1;
      };
      if ([o.scenario, o.baseline, o.backtest].filter(Boolean).length !== 1)
        return fail('Give one of --scenario FILE, --baseline or --backtest FILE.');
      if (o.horizon !== undefined && !o.backtest) return fail('--horizon goes with --backtest.');
      if (o.backtest) {
        const r = backtestCommand({
          file: o.backtest,
          ...(o.horizon === undefined ? {} : { horizon: o.horizon }),
          ...(o.runs === undefined ? {} : { runs: o.runs }),
          ...(o.seed === undefined ? {} : { seed: o.seed }),
          ...(o.format === undefined ? {} : { format: o.format }),
        });
        if ('errors' in r) {
          for (const e of r.errors) console.error(e);
          process.exitCode = 1;
          return;
        }
        if (o.out) writeFileSync(o.out, r.out);
        else process.stdout.write(r.out);
        // the table ends with the summary line; other formats say it on standard error
        if (o.out || o.format === 'csv' || o.format === 'json') console.error(r.summary);
        return;
      }
      if (o.format === 'table') return fail('--format table goes with --backtest.');
      if (o.months !== undefined && !o.baseline)
        return fail('--months goes with --baseline; a scenario file sets its own months.');
      let input: unknown;
      if (o.scenario) {
        try {
          input = JSON.parse(readFileSync(o.scenario, 'utf8'));
        } catch (err) {
          return fail(`Cannot read the scenario ${o.scenario}: ${(err as Error).message}`);
        }
      } else {
        input = await withStore((store) =>
          baselineScenario(store.db, o.months === undefined ? {} : { months: o.months }),
        );
      }
      const checked = checkScenario(input);
      if ('violations' in checked) {
        console.error(`The scenario${o.scenario ? ` ${o.scenario}` : ''} is not valid:`);
        for (const v of checked.violations) console.error(`  ${v.field || '(the file)'}: ${v.problem}`);
        process.exitCode = 1;
        return;
      }
      const s: Scenario = {
        ...checked.scenario,
        ...(o.runs === undefined ? {} : { runs: o.runs }),
        ...(o.seed === undefined ? {} : { seed: o.seed }),
      };
      // the API's limits: one command must not run for minutes (src/domain/projection/limits.ts)
      const limits = workLimits(s);
      if (limits.length) {
        console.error(`The scenario${o.scenario ? ` ${o.scenario}` : ''} is too large:`);
        for (const v of limits) console.error(`  ${v.field}: ${v.problem}`);
        process.exitCode = 1;
        return;
      }
      const p = project(s);
      const text = o.format === 'json' ? `${JSON.stringify(p, null, 2)}\n` : projectionCsv(p);
      if (o.out) writeFileSync(o.out, text);
      else process.stdout.write(text);
      console.error(summary(p));
    });
}
