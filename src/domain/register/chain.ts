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

/** The members of a canonical event, sorted by code unit as canonicalJson sorts them. */
const EVENT_MEMBERS = [
  'actor',
  'corrects',
  'effectiveAt',
  'facility',
  'kind',
  'payload',
  'personId',
  'recordedAt',
  'seq',
].map((k) => `${JSON.stringify(k)}:`);

/**
 * canonicalJson of the event's members (times as ISO strings), written out in their sorted order:
 * the same text, without building and sorting an object per event.
 */
export function canonicalEvent(e: EventBody): string {
  const recordedAt = e.recordedAt.toISOString();
  const effectiveAt = e.effectiveAt.toISOString();
  const values = [
    e.actor,
    e.corrects,
    effectiveAt,
    e.facility,
    e.kind,
    e.payload,
    e.personId,
    recordedAt,
    e.seq,
  ];
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${EVENT_MEMBERS[i]}${canonicalJson(v)}`;
  }
  return `${out}}`;
}

/** hash = SHA-256( previous hash ‖ canonical event ), hex. */
export function eventHash(prevHash: string, e: EventBody): string {
  return createHash('sha256').update(prevHash).update(canonicalEvent(e)).digest('hex');
}

export interface StoredEvent extends EventBody {
  prevHash: string;
  hash: string;
}

/**
 * A page of the register as the store reads it for checking: one JSON array, a row per stored event,
 * `[seq, recordedAt, effectiveAt, actor, kind, personId, facility, corrects, prevHash, hash, payload,
 * exact]` — the times in milliseconds since the epoch (or what PostgreSQL writes for a time no number
 * holds), the payload as stored, and `exact` false when a stored time holds more than milliseconds.
 * Parsed in one piece (far cheaper than a row at a time through a driver), where it is hashed.
 */
export type PageRow = [
  number,
  number | string,
  number | string,
  string,
  string,
  string | null,
  string | null,
  number | null,
  string,
  string,
  unknown,
  boolean,
];

/** The events of a page (PageRow), each with whether it is exactly the stored row. */
export function parsePage(json: string): { event: StoredEvent; exact: boolean }[] {
  return (JSON.parse(json) as PageRow[]).map((r) => ({
    event: {
      seq: r[0],
      recordedAt: new Date(r[1]),
      effectiveAt: new Date(r[2]),
      actor: r[3],
      kind: r[4],
      personId: r[5],
      facility: r[6],
      corrects: r[7],
      prevHash: r[8],
      hash: r[9],
      payload: r[10],
    },
    exact: r[11],
  }));
}

/** What a ChainVerifier needs of an event, with the hash it should have (null: no event can hold it). */
export interface HashedEvent {
  seq: number;
  prevHash: string;
  hash: string;
  exact: boolean;
  computed: string | null;
}

/**
 * Recomputes the hash of every event of a page (PageRow), from its stored previous hash and its body.
 * Pure, and independent per event: pages may be hashed apart (in a worker thread) and checked in
 * order by a ChainVerifier (`pushHashed`).
 */
export function hashPage(json: string): HashedEvent[] {
  return parsePage(json).map(({ event: e, exact }) => {
    let computed: string | null;
    try {
      computed = eventHash(e.prevHash, e);
    } catch {
      computed = null;
    }
    return { seq: e.seq, prevHash: e.prevHash, hash: e.hash, exact, computed };
  });
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
    let h: string | null;
    try {
      h = eventHash(e.prevHash, e);
    } catch {
      h = null; // a value no event can hold (e.g. an infinite time): reported, not thrown
    }
    this.pushHashed(e.seq, e.prevHash, e.hash, h, exact);
  }

  /**
   * push, with the event's hash already recomputed (hashPage; null: it could not be): its seq,
   * its stored previous hash and hash, and the hash it should have.
   */
  pushHashed(seq: number, prevHash: string, hash: string, h: string | null, exact = true): void {
    if (seq !== this.expectedSeq) this.problems.push({ seq, problem: 'gap' });
    if (prevHash !== this.prev) this.problems.push({ seq, problem: 'prev-hash' });
    if (!exact || h !== hash) this.problems.push({ seq, problem: 'hash' });
    if (this.anchorSeqs.has(seq)) this.anchored.set(seq, hash);
    this.prev = hash;
    this.expectedSeq = seq + 1;
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
