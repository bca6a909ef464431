import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The part of a register event that its hash covers (everything but the hashes themselves). */
export interface EventBody {
  seq: number;
  recordedAt: Date;
  effectiveAt: Date;
  actor: string;
  kind: string;
  personId: string | null;
  facility: string | null;
  corrects: number | null;
  payload: unknown;
}

export function canonicalEvent(e: EventBody): string {
  return canonicalJson({
    seq: e.seq,
    recordedAt: e.recordedAt.toISOString(),
    effectiveAt: e.effectiveAt.toISOString(),
    actor: e.actor,
    kind: e.kind,
    personId: e.personId,
    facility: e.facility,
    corrects: e.corrects,
    payload: e.payload,
  });
}

/** hash = SHA-256( previous hash ‖ canonical event ), hex. */
export function eventHash(prevHash: string, e: EventBody): string {
  return createHash('sha256').update(prevHash).update(canonicalEvent(e)).digest('hex');
}

export interface StoredEvent extends EventBody {
  prevHash: string;
  hash: string;
}

export interface ChainProblem {
  seq: number;
  problem: 'gap' | 'prev-hash' | 'hash' | 'head';
}

/** Incremental verifier: feed events in sequence order, then ask for the result. */
export class ChainVerifier {
  private prev = GENESIS_HASH;
  private expectedSeq = 1;
  count = 0;
  problems: ChainProblem[] = [];

  push(e: StoredEvent): void {
    if (e.seq !== this.expectedSeq) this.problems.push({ seq: e.seq, problem: 'gap' });
    if (e.prevHash !== this.prev) this.problems.push({ seq: e.seq, problem: 'prev-hash' });
    const h = eventHash(e.prevHash, e);
    if (h !== e.hash) this.problems.push({ seq: e.seq, problem: 'hash' });
    this.prev = e.hash;
    this.expectedSeq = e.seq + 1;
    this.count++;
  }

  /** The register head records the last sequence and hash; a removed tail shows here. */
  finish(head: { seq: number; hash: string }): {
    ok: boolean;
    events: number;
    head: string;
    problems: ChainProblem[];
  } {
    if (head.seq !== this.expectedSeq - 1 || head.hash !== this.prev) {
      this.problems.push({ seq: head.seq, problem: 'head' });
    }
    return {
      ok: this.problems.length === 0,
      events: this.count,
      head: this.prev,
      problems: this.problems.slice(0, 100),
    };
  }
}
