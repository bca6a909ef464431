import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/domain/register/canonical.js';
import { ChainVerifier, eventHash, GENESIS_HASH, type StoredEvent } from '../../src/domain/register/chain.js';

describe('canonical JSON', () => {
  it('does not depend on key order and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null }, u: undefined })).toBe(
      '{"a":{"c":null,"d":[1,"x"]},"b":1}',
    );
    expect(canonicalJson({ a: { c: null, d: [1, 'x'] }, b: 1 })).toBe(
      canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } }),
    );
  });

  it('survives a JSON round trip unchanged (what jsonb hands back)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const back = JSON.parse(JSON.stringify(v));
        expect(canonicalJson(back)).toBe(canonicalJson(JSON.parse(JSON.stringify(back))));
      }),
    );
  });

  it('refuses numbers JSON cannot hold', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow();
  });
});

function chain(n: number): StoredEvent[] {
  let prev = GENESIS_HASH;
  const out: StoredEvent[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const body = {
      seq,
      recordedAt: new Date(Date.UTC(2026, 0, 1, 0, seq)),
      effectiveAt: new Date(Date.UTC(2025, 11, 31, 0, seq)),
      actor: 'records1',
      kind: 'custody.admitted',
      personId: `p${seq}`,
      facility: 'F',
      corrects: null,
      payload: { cell: `C${seq}`, legalBasis: { reference: `R-${seq}` } },
    };
    const hash = eventHash(prev, body);
    out.push({ ...body, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

const verify = (
  events: StoredEvent[],
  head = { seq: events.at(-1)?.seq ?? 0, hash: events.at(-1)?.hash ?? GENESIS_HASH },
) => {
  const v = new ChainVerifier();
  for (const e of events) v.push(e);
  return v.finish(head);
};

describe('hash chain', () => {
  it('verifies an untouched chain', () => {
    const r = verify(chain(20));
    expect(r).toMatchObject({ ok: true, events: 20, problems: [] });
    expect(r.head).toMatch(/^[0-9a-f]{64}$/);
  });

  it('finds an altered payload, actor or time in any event', () => {
    for (const alter of [
      (e: StoredEvent) => ({ ...e, payload: { ...(e.payload as object), cell: 'X' } }),
      (e: StoredEvent) => ({ ...e, actor: 'someone-else' }),
      (e: StoredEvent) => ({ ...e, effectiveAt: new Date(e.effectiveAt.getTime() + 1) }),
      (e: StoredEvent) => ({ ...e, personId: null }),
    ]) {
      const events = chain(10);
      events[4] = alter(events[4]!);
      const r = verify(events);
      expect(r.ok).toBe(false);
      expect(r.problems).toContainEqual({ seq: 5, problem: 'hash' });
    }
  });

  it('finds a removed event in the middle and a removed tail', () => {
    const events = chain(10);
    const head = { seq: 10, hash: events[9]!.hash };
    const middle = verify([...events.slice(0, 3), ...events.slice(4)], head);
    expect(middle.ok).toBe(false);
    expect(middle.problems.map((p) => p.problem)).toEqual(expect.arrayContaining(['gap', 'prev-hash']));
    const tail = verify(events.slice(0, 9), head);
    expect(tail.ok).toBe(false);
    expect(tail.problems).toEqual([{ seq: 10, problem: 'head' }]);
  });

  it('finds a rehashed event because its successor still points at the old hash', () => {
    const events = chain(6);
    const e = { ...events[2]!, payload: { cell: 'forged' } };
    e.hash = eventHash(e.prevHash, e);
    events[2] = e;
    const r = verify(events);
    expect(r.ok).toBe(false);
    expect(r.problems).toContainEqual({ seq: 4, problem: 'prev-hash' });
  });
});
