import type { EventBody } from '../register/chain.js';

/** Events that end a stay: a release or a death ends custody; a move or a transfer opens the next stay. */
const ENDS = new Set(['custody.released', 'custody.died', 'custody.moved', 'custody.transferred']);

/** A stay in a cell, as the register's events describe it. */
export interface ReplayedStay {
  custodyId: string;
  personId: string;
  facility: string;
  cell: string;
  from: string;
  to: string | null;
}

/**
 * Derives every stay from the register alone (events in sequence order). The stay and occupancy
 * tables are projections of exactly this; the tests compare them (test/helpers/store.ts).
 */
export function replayStays(
  events: Iterable<Pick<EventBody, 'kind' | 'personId' | 'facility' | 'effectiveAt' | 'payload'>>,
): ReplayedStay[] {
  const open = new Map<string, ReplayedStay>();
  const done: ReplayedStay[] = [];
  for (const e of events) {
    const p = e.payload as { custodyId?: string; cell?: string };
    if (e.kind === 'custody.admitted') {
      open.set(p.custodyId!, {
        custodyId: p.custodyId!,
        personId: e.personId!,
        facility: e.facility!,
        cell: p.cell!,
        from: e.effectiveAt.toISOString(),
        to: null,
      });
    } else if (ENDS.has(e.kind)) {
      const s = open.get(p.custodyId!);
      if (!s) continue;
      s.to = e.effectiveAt.toISOString();
      open.delete(p.custodyId!);
      done.push(s);
      if (e.kind === 'custody.released' || e.kind === 'custody.died') continue;
      const q = e.payload as { to: string; toCell?: string };
      open.set(p.custodyId!, {
        ...s,
        facility: e.kind === 'custody.transferred' ? q.to : s.facility,
        cell: e.kind === 'custody.transferred' ? q.toCell! : q.to,
        from: s.to,
        to: null,
      });
    }
  }
  return [...done, ...open.values()];
}
