/**
 * The worker thread of the pool (pool.ts): the CPU-heavy work of the API, by name. Every task is a
 * pure domain function whose input and answer survive a structured clone; this file imports the
 * domain only, so a worker loads no database driver, no server, no configuration.
 */
import { disciplineCounts } from '../domain/discipline/compliance.js';
import { allocate } from '../domain/housing/allocate.js';
import type { AllocationInput } from '../domain/housing/model.js';
import { type BacktestOptions, backtest } from '../domain/projection/backtest.js';
import type { Scenario } from '../domain/projection/model.js';
import type { SeriesRow } from '../domain/projection/series.js';
import { project } from '../domain/projection/simulate.js';
import { hashPage } from '../domain/register/chain.js';
import {
  type ComplianceInput,
  check,
  compare,
  type Finding,
  summarise,
} from '../domain/safeguards/compliance.js';
import { FLOOR, profileById } from '../domain/safeguards/profiles/index.js';

/** At most `limit` findings of each rule, in order; how many of each were left out. */
export function perRule<T extends { rule: string }>(
  findings: T[],
  limit: number,
): { kept: T[]; omitted: Record<string, number> } {
  const seen = new Map<string, number>();
  const omitted: Record<string, number> = {};
  const kept = findings.filter((f) => {
    const n = (seen.get(f.rule) ?? 0) + 1;
    seen.set(f.rule, n);
    if (n <= limit) return true;
    omitted[f.rule] = (omitted[f.rule] ?? 0) + 1;
    return false;
  });
  return { kept, omitted };
}

/** A compliance report's judgement: the facts read by the store, the profiles by id (known ones). */
export interface ComplianceTask {
  input: ComplianceInput;
  profile: string;
  compare: string | null;
  /** findings kept per rule (null: all); the summary always counts all */
  limit: number | null;
}

/**
 * The pure part of a compliance report (GET /facilities/{code}/compliance): the findings under a
 * profile and the floor, their summary, a second profile beside it, the discipline counts. Tens of
 * thousands of duties make it seconds of work; only the findings kept travel back.
 */
export function complianceReport(t: ComplianceTask) {
  const profile = profileById(t.profile) ?? FLOOR;
  const findings = check(t.input, profile);
  const other = t.compare === null ? undefined : profileById(t.compare);
  const { kept, omitted } = t.limit === null ? { kept: findings, omitted: {} } : perRule(findings, t.limit);
  return {
    findings: kept as Finding[],
    omitted,
    summary: summarise(findings),
    comparison: other
      ? {
          a: profile.id,
          b: other.id,
          rows: compare({ id: profile.id, findings }, { id: other.id, findings: check(t.input, other) }),
        }
      : undefined,
    discipline: t.input.discipline
      ? disciplineCounts(t.input.discipline, profile, t.input.facility.timezone, t.input.now)
      : undefined,
  };
}

export const tasks = {
  /** a population projection (POST /projections) */
  project: (scenario: Scenario) => project(scenario),
  /** a rolling-origin backtest of a checked series (POST /projections/backtest) */
  backtest: (t: { rows: SeriesRow[]; options: BacktestOptions }) => backtest(t.rows, t.options),
  /** the hashes the events of a page of the register should have (audit verify) */
  hashPage: (page: string) => hashPage(page),
  /** the cells of a large batch of admissions (the allocator is pure: same input, same cells) */
  allocate: (input: AllocationInput) => allocate(input),
  /** the judgement of a compliance report of a large facility */
  complianceReport: (task: ComplianceTask) => complianceReport(task),
};

export type Tasks = typeof tasks;
export type TaskName = keyof Tasks;

/** What the pool hands a worker: a task's name and its input. */
export interface TaskCall {
  name: TaskName;
  input: unknown;
}

export default function runTask({ name, input }: TaskCall): unknown {
  const task = tasks[name] as ((input: unknown) => unknown) | undefined;
  if (!task) throw new Error(`unknown pool task: ${String(name)}`);
  return task(input);
}
