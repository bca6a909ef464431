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
  problem: 'gap' | 'prev-hash' | 'hash' | 'head' | 'anchor';
}

/**
 * A head written down earlier (by an inspector, in a report): event `seq` had hash `hash`. While it
 * still does, nothing up to that event was rewritten, and the register was not cut off behind it —
 * which the register's own head cannot show, since whoever can rewrite events can rewrite it too.
 */
export interface Anchor {
  seq: number;
  hash: string;
}

/** Incremental verifier: feed events in sequence order, then ask for the result. */
export class ChainVerifier {
  private prev = GENESIS_HASH;
  private expectedSeq = 1;
  private readonly anchors: readonly Anchor[];
  private readonly anchorSeqs: Set<number>;
  /** the stored hash of each anchored event seen */
  private readonly anchored = new Map<number, string>();
  count = 0;
  problems: ChainProblem[] = [];

  constructor(opts: { anchors?: readonly Anchor[] } = {}) {
    this.anchors = opts.anchors ?? [];
    this.anchorSeqs = new Set(this.anchors.map((a) => a.seq));
    for (const a of this.anchors) if (a.seq === 0) this.anchored.set(0, GENESIS_HASH);
  }

  /**
   * `exact` is false when the stored row holds more than the event read from it shows (e.g. a time
   * with microseconds, which a Date drops): then it is not the event that was hashed.
   */
  push(e: StoredEvent, exact = true): void {
    if (e.seq !== this.expectedSeq) this.problems.push({ seq: e.seq, problem: 'gap' });
    if (e.prevHash !== this.prev) this.problems.push({ seq: e.seq, problem: 'prev-hash' });
    let h: string | null;
    try {
      h = eventHash(e.prevHash, e);
    } catch {
      h = null; // a value no event can hold (e.g. an infinite time): reported, not thrown
    }
    if (!exact || h !== e.hash) this.problems.push({ seq: e.seq, problem: 'hash' });
    if (this.anchorSeqs.has(e.seq)) this.anchored.set(e.seq, e.hash);
    this.prev = e.hash;
    this.expectedSeq = e.seq + 1;
    this.count++;
  }

  /**
   * The register head records the last sequence and hash; a removed tail shows here, unless the
   * head was rewound with it. An anchor shows that too: its event must still be there, with its hash.
   */
  finish(head: { seq: number; hash: string }): {
    ok: boolean;
    events: number;
    head: string;
    problems: ChainProblem[];
  } {
    if (head.seq !== this.expectedSeq - 1 || head.hash !== this.prev) {
      this.problems.push({ seq: head.seq, problem: 'head' });
    }
    const failed = new Set<number>();
    for (const a of this.anchors) {
      if (this.anchored.get(a.seq) !== a.hash && !failed.has(a.seq)) {
        failed.add(a.seq);
        this.problems.push({ seq: a.seq, problem: 'anchor' });
      }
    }
    return {
      ok: this.problems.length === 0,
      events: this.count,
      head: this.prev,
      problems: this.problems.slice(0, 100),
    };
  }
}
