import { randomUUID } from 'node:crypto';
import type { Db } from '../store/db.js';
import { type VerifyOptions, type VerifyResult, verifyRegister } from '../store/register.js';

/** A verification of the whole register, run in the background: its progress, then its result. */
export interface Verification {
  id: string;
  state: 'running' | 'done' | 'failed';
  /** events hashed so far */
  checked: number;
  /** the register's length when it started (writes meanwhile are checked too) */
  total: number;
  startedAt: string;
  finishedAt: string | null;
  requestedBy: string;
  result: VerifyResult | null;
}

/** A verification, with its result to await, and when its total is known (or it ended) */
export interface Running {
  job: Verification;
  done: Promise<VerifyResult>;
  started: Promise<void>;
}

/** Finished verifications kept for reading back (the oldest forgotten first) */
const KEPT = 20;

/**
 * At most one verification runs at a time: asking for another while one runs joins it (a second
 * hash of the same register would only cost time). Progress is read from memory; the result stays
 * readable after it ends. A server restart forgets them (the register itself is unchanged).
 */
export class Verifications {
  private readonly jobs = new Map<string, Running>();
  private running: string | null = null;

  /** `hasher` hashes pages of events elsewhere (the worker pool); without it, on the event loop in slices */
  constructor(
    private readonly db: Db,
    private readonly hasher?: VerifyOptions['hasher'],
  ) {}

  /** Whether a verification is running (a start joins it). */
  get busy(): boolean {
    return this.running !== null;
  }

  /** Starts a verification, or joins the one running. */
  start(by: string): Running {
    const current = this.running ? this.jobs.get(this.running) : undefined;
    if (current) return current;
    const job: Verification = {
      id: randomUUID(),
      state: 'running',
      checked: 0,
      total: 0,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      requestedBy: by,
      result: null,
    };
    let begun = () => {};
    const started = new Promise<void>((resolve) => {
      begun = resolve;
    });
    // it stops running before anyone awaiting it hears the result: the next start is a new one
    const finish = (state: 'done' | 'failed', result: VerifyResult | null) => {
      if (this.running === job.id) this.running = null;
      Object.assign(job, { state, result, finishedAt: new Date().toISOString() });
      begun();
    };
    const done = verifyRegister(this.db, {
      ...(this.hasher ? { hasher: this.hasher } : {}),
      onProgress: (checked, total) => {
        job.checked = checked;
        job.total = Math.max(total, checked);
        begun();
      },
    }).then(
      (result) => {
        job.checked = result.events;
        finish('done', result);
        return result;
      },
      (error: unknown) => {
        finish('failed', null);
        throw error;
      },
    );
    // a failure is answered to whoever awaits it; the job itself only records it
    done.catch(() => {});
    const entry = { job, done, started };
    this.running = job.id;
    this.jobs.set(job.id, entry);
    for (const id of this.jobs.keys()) {
      if (this.jobs.size <= KEPT) break;
      if (id !== this.running) this.jobs.delete(id);
    }
    return entry;
  }

  get(id: string): Verification | undefined {
    return this.jobs.get(id)?.job;
  }
}
