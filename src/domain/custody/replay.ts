import type { EventBody } from '../register/chain.js';
import { decodeEvent, type RegisterEvent } from '../register/events.js';

/** A stay in a cell, as the register's events describe it. */
export interface ReplayedStay {
  custodyId: string;
  personId: string;
  facility: string;
  cell: string;
  from: string;
  to: string | null;
}

/** Where a custody's next stay is, after an event that ends its current one: null when custody ended. */
function nextPlace(e: RegisterEvent, s: ReplayedStay): { facility: string; cell: string } | null {
  switch (e.kind) {
    case 'custody.moved':
      return { facility: s.facility, cell: e.payload.toCell };
    case 'custody.transferred':
      return { facility: e.payload.toFacility, cell: e.payload.toCell };
    default:
      return null;
  }
}

/**
 * Derives every stay from the register alone (events in sequence order, payloads as stored: legacy
 * field names are read too). The stay and occupancy tables are projections of exactly this; the
 * tests compare them (test/helpers/store.ts).
 */
export function replayStays(
  events: Iterable<Pick<EventBody, 'kind' | 'personId' | 'facility' | 'effectiveAt' | 'payload'>>,
): ReplayedStay[] {
  const open = new Map<string, ReplayedStay>();
  const done: ReplayedStay[] = [];
  for (const stored of events) {
    const e = decodeEvent(stored);
    switch (e.kind) {
      case 'custody.admitted':
        open.set(e.payload.custodyId, {
          custodyId: e.payload.custodyId,
          personId: e.personId!,
          facility: e.facility!,
          cell: e.payload.cell,
          from: e.effectiveAt.toISOString(),
          to: null,
        });
        break;
      // a release or a death ends custody; a move or a transfer opens the next stay
      case 'custody.released':
      case 'custody.died':
      case 'custody.moved':
      case 'custody.transferred': {
        const s = open.get(e.payload.custodyId);
        if (!s) break;
        s.to = e.effectiveAt.toISOString();
        open.delete(e.payload.custodyId);
        done.push(s);
        const next = nextPlace(e, s);
        if (next) open.set(e.payload.custodyId, { ...s, ...next, from: s.to, to: null });
        break;
      }
    }
  }
  return [...done, ...open.values()];
}
