import { describe, expect, it, vi } from 'vitest';
import {
  IDEMPOTENCY_HEADER,
  idempotencyHeader,
  newIdempotencyKey,
  RETRY_FOR_MS,
  retryWait,
} from '../../web/src/idempotency.js';

/**
 * The web app's writes carry an Idempotency-Key (issue 19; `api()` and the bulk upload add this
 * header): a new key per write, the first try's key when a caller sends the same write again, none on
 * a read.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the Idempotency-Key of the web app', () => {
  it('is a new key for every write and none for a read', () => {
    for (const read of ['GET', 'get', 'HEAD', 'OPTIONS']) expect(idempotencyHeader(read)).toEqual({});
    const keys = ['POST', 'PUT', 'PATCH', 'DELETE', 'post'].map(
      (m) => idempotencyHeader(m)[IDEMPOTENCY_HEADER],
    );
    for (const k of keys) expect(k).toMatch(UUID);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('repeats the key a caller gives when it sends the same write again', () => {
    const key = newIdempotencyKey();
    expect(idempotencyHeader('POST', key)).toEqual({ 'idempotency-key': key });
    expect(idempotencyHeader('POST', key)).toEqual({ 'idempotency-key': key });
  });

  it('makes random version 4 UUIDs where crypto.randomUUID is missing (plain HTTP, not localhost)', () => {
    const real = globalThis.crypto;
    vi.stubGlobal('crypto', { getRandomValues: real.getRandomValues.bind(real) });
    try {
      expect(typeof crypto.randomUUID).toBe('undefined');
      const keys = Array.from({ length: 200 }, () => newIdempotencyKey());
      for (const k of keys) expect(k).toMatch(UUID);
      expect(new Set(keys).size).toBe(200);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(newIdempotencyKey()).toMatch(UUID);
  });

  it('sends a write again only after a lost answer or a 503, within 30 s, honouring Retry-After', () => {
    // refusals and successes are final
    for (const status of [200, 201, 400, 401, 403, 404, 409, 413, 422, 500, 502]) {
      expect(retryWait(status, '1', 0, 0), String(status)).toBeNull();
    }
    // a lost answer: 0.5, 1, 2, 4, 4 s
    expect([0, 1, 2, 3, 4].map((a) => retryWait(0, null, a, 0))).toEqual([500, 1000, 2000, 4000, 4000]);
    // a 503 waits what Retry-After says, at most 10 s; a date or garbage falls back to the backoff
    expect(retryWait(503, '2', 0, 0)).toBe(2000);
    expect(retryWait(503, '60', 0, 0)).toBe(10_000);
    expect(retryWait(503, 'Wed, 21 Oct 2026 07:28:00 GMT', 1, 0)).toBe(1000);
    // never past 30 s since the first try
    expect(retryWait(503, '2', 5, RETRY_FOR_MS - 2000)).toBe(2000);
    expect(retryWait(503, '2', 5, RETRY_FOR_MS - 1999)).toBeNull();
    expect(retryWait(0, null, 0, RETRY_FOR_MS)).toBeNull();
  });
});
