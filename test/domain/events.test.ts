import { describe, expect, it } from 'vitest';
import { replayStays } from '../../src/domain/custody/replay.js';
import {
  decodeEvent,
  decodePayload,
  EVENT_KINDS,
  isEventKind,
  type MovedPayload,
  type RegisterEvent,
  type TransferredPayload,
} from '../../src/domain/register/events.js';

const moved: MovedPayload = { custodyId: 'c1', fromCell: 'A-1', toCell: 'A-2', reason: 'Convivencia' };
const legacyMoved = { custodyId: 'c1', from: 'A-1', to: 'A-2', reason: 'Convivencia' };
const transferred: TransferredPayload = {
  custodyId: 'c1',
  fromFacility: 'NORTE',
  fromCell: 'A-2',
  toFacility: 'SUR',
  toCell: 'S-9',
  reason: 'Descongestión',
};
const legacyTransferred = {
  custodyId: 'c1',
  from: 'NORTE',
  fromCell: 'A-2',
  to: 'SUR',
  toCell: 'S-9',
  reason: 'Descongestión',
};

describe('decodePayload', () => {
  it('reads a legacy move (from/to: cells) and a new one to the same current shape', () => {
    expect(decodePayload('custody.moved', legacyMoved)).toEqual(moved);
    expect(decodePayload('custody.moved', moved)).toEqual(moved);
  });

  it('reads a legacy transfer (from/to: facilities) and a new one to the same current shape', () => {
    expect(decodePayload('custody.transferred', legacyTransferred)).toEqual(transferred);
    expect(decodePayload('custody.transferred', transferred)).toEqual(transferred);
  });

  it('leaves every other kind as stored, and does not touch what it reads', () => {
    const admitted = { custodyId: 'c1', cell: 'A-1', to: 'not a rename here' };
    expect(decodePayload('custody.admitted', admitted)).toBe(admitted);
    expect(decodePayload('some.future-kind', { from: 'x' })).toEqual({ from: 'x' });
    const stored = { ...legacyMoved };
    decodePayload('custody.moved', stored);
    expect(stored).toEqual(legacyMoved);
  });

  it('decodes an event, keeping its other fields', () => {
    const e = { seq: 7, kind: 'custody.moved', hash: 'h', payload: legacyMoved };
    expect(decodeEvent(e)).toEqual({ seq: 7, kind: 'custody.moved', hash: 'h', payload: moved });
  });

  it('knows every kind once', () => {
    expect(new Set(EVENT_KINDS).size).toBe(EVENT_KINDS.length);
    expect(isEventKind('custody.transferred')).toBe(true);
    expect(isEventKind('custody.teleported')).toBe(false);
  });

  it('types the payload by its kind', () => {
    const e: RegisterEvent = { kind: 'custody.moved', payload: moved };
    // @ts-expect-error a move's cell is toCell now: `to` is no field of a new event
    const old: RegisterEvent = { kind: 'custody.moved', payload: legacyMoved };
    expect(decodeEvent(old)).toEqual(e);
  });
});

describe('replay of a register with legacy moves and transfers', () => {
  const at = (day: number) => new Date(Date.UTC(2026, 0, day, 12));
  /** Two people: one moved, transferred and released; one moved twice and died in custody. */
  const register = (old: boolean) => [
    {
      kind: 'custody.admitted',
      personId: 'p1',
      facility: 'NORTE',
      effectiveAt: at(1),
      payload: { custodyId: 'c1', cell: 'A-1' },
    },
    {
      kind: 'custody.admitted',
      personId: 'p2',
      facility: 'NORTE',
      effectiveAt: at(2),
      payload: { custodyId: 'c2', cell: 'A-3' },
    },
    {
      kind: 'custody.moved',
      personId: 'p1',
      facility: 'NORTE',
      effectiveAt: at(3),
      payload: old ? legacyMoved : moved,
    },
    {
      kind: 'custody.moved',
      personId: 'p2',
      facility: 'NORTE',
      effectiveAt: at(4),
      payload: old
        ? { custodyId: 'c2', from: 'A-3', to: 'A-4', reason: 'x' }
        : { custodyId: 'c2', fromCell: 'A-3', toCell: 'A-4', reason: 'x' },
    },
    {
      kind: 'custody.transferred',
      personId: 'p1',
      facility: 'SUR',
      effectiveAt: at(5),
      payload: old ? legacyTransferred : transferred,
    },
    {
      kind: 'custody.moved',
      personId: 'p2',
      facility: 'NORTE',
      effectiveAt: at(6),
      payload: old
        ? { custodyId: 'c2', from: 'A-4', to: 'A-5', reason: 'y' }
        : { custodyId: 'c2', fromCell: 'A-4', toCell: 'A-5', reason: 'y' },
    },
    {
      kind: 'custody.released',
      personId: 'p1',
      facility: 'SUR',
      effectiveAt: at(7),
      payload: { custodyId: 'c1', cell: 'S-9' },
    },
    {
      kind: 'custody.died',
      personId: 'p2',
      facility: 'NORTE',
      effectiveAt: at(8),
      payload: { custodyId: 'c2', cell: 'A-5' },
    },
  ];

  it('gives the same stays as the same register written with the current names', () => {
    const stays = replayStays(register(false));
    expect(replayStays(register(true))).toEqual(stays);
    const where = (s: (typeof stays)[number]) =>
      `${s.custodyId} ${s.facility} ${s.cell} ${s.to?.slice(8, 10)}`;
    expect(stays.map(where).sort()).toEqual([
      'c1 NORTE A-1 03',
      'c1 NORTE A-2 05',
      'c1 SUR S-9 07',
      'c2 NORTE A-3 04',
      'c2 NORTE A-4 06',
      'c2 NORTE A-5 08',
    ]);
  });
});
