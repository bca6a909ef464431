import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import runTask, { type TaskCall, type TaskName, type Tasks } from './pool-worker.js';
import { Unavailable } from './problem.js';

export interface PoolOptions {
  /**
   * worker threads (default: the machine's cores less one, at least one); 0 runs the work on the
   * event loop instead, as before the pool (for comparison: `npm run bench:stall`)
   */
  threads?: number;
  /** tasks that may wait for a free thread (default 4 × threads); past them a request answers 503 */
  maxQueue?: number;
  /** the Retry-After (seconds) of that 503 (default 2) */
  retryAfter?: number;
}

type Input<K extends TaskName> = Parameters<Tasks[K]>[0];
type Output<K extends TaskName> = ReturnType<Tasks[K]>;

/**
 * The pool of worker threads that runs the API's CPU-heavy work (projections, the hashing of audit
 * verify), so that the event loop stays free for every other request. The queue is bounded: when
 * every thread is busy and `maxQueue` tasks wait, `run` refuses at once with a 503 and Retry-After.
 *
 * The worker is `pool-worker.js` beside this file in `dist/`; from the sources (tsx, vitest) it is
 * `pool-worker.ts`, loaded through tsx.
 */
export class WorkPool {
  readonly threads: number;
  readonly maxQueue: number;
  private readonly retryAfter: number;
  private readonly piscina: Piscina<TaskCall, unknown> | null;
  #pending = 0;

  constructor(opts: PoolOptions = {}) {
    this.threads = Math.max(0, Math.floor(opts.threads ?? Math.max(1, availableParallelism() - 1)));
    this.maxQueue = Math.max(0, Math.floor(opts.maxQueue ?? 4 * Math.max(1, this.threads)));
    this.retryAfter = opts.retryAfter ?? 2;
    if (this.threads === 0) {
      this.piscina = null;
      return;
    }
    const fromSource = import.meta.url.endsWith('.ts');
    this.piscina = new Piscina<TaskCall, unknown>({
      filename: fileURLToPath(new URL(fromSource ? './pool-worker.ts' : './pool-worker.js', import.meta.url)),
      minThreads: this.threads,
      maxThreads: this.threads,
      // the sources need tsx in the worker too; the built server runs plain JavaScript
      ...(fromSource ? { execArgv: ['--import', 'tsx'] } : {}),
      // a worker stays up between tasks (they come in bursts: the pages of a verification)
      idleTimeout: 60_000,
    });
  }

  /** Tasks given to the threads and not yet answered: running and waiting. */
  get pending(): number {
    return this.#pending;
  }

  /** Whether the work runs in worker threads (false: on the event loop, threads 0). */
  get enabled(): boolean {
    return this.piscina !== null;
  }

  /** Whether a thread is free now: a task given now starts at once, without waiting in the queue. */
  get idle(): boolean {
    return this.piscina !== null && this.pending < this.threads;
  }

  /** Whether every thread is busy and the queue full: the next `run` would answer 503. */
  get full(): boolean {
    return this.piscina !== null && this.#pending >= this.threads + this.maxQueue;
  }

  /** The 503 (problem+json with Retry-After) of a full queue. */
  unavailable(): Unavailable {
    return new Unavailable(this.retryAfter);
  }

  /** Runs a task in a worker thread; throws a 503 `Unavailable` at once when the queue is full. */
  async run<K extends TaskName>(name: K, input: Input<K>): Promise<Output<K>> {
    if (!this.piscina) return runTask({ name, input }) as Output<K>;
    if (this.full) throw this.unavailable();
    this.#pending++;
    try {
      return (await this.piscina.run({ name, input })) as Output<K>;
    } finally {
      this.#pending--;
    }
  }

  /**
   * Runs a task of work already under way (the next page of a verification): when the queue is
   * full it waits for room instead of failing half-way.
   */
  async runWhenRoom<K extends TaskName>(name: K, input: Input<K>): Promise<Output<K>> {
    if (!this.piscina) return runTask({ name, input }) as Output<K>;
    // queued past the bound rather than polling for a free place, which new requests would take
    // first (it could wait for ever): a verification under way has one page in the pool at a time,
    // so each adds one task at most
    this.#pending++;
    try {
      return (await this.piscina.run({ name, input })) as Output<K>;
    } finally {
      this.#pending--;
    }
  }

  /** Ends the threads (tasks still running are abandoned; the server is closing). */
  async close(): Promise<void> {
    await this.piscina?.destroy();
  }
}
