import Fastify from 'fastify';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyLimitFor, DEFAULT_BODY_LIMIT, jsonSizeBound, patternLength } from '../../src/api/body-limit.js';
import { errorHandler, MAX_VIOLATIONS, Unavailable } from '../../src/api/problem.js';
import {
  AdmissionItem,
  BulkAdmissionBody,
  FacilityBody,
  MAX_BATCH,
  MAX_TRANSFER,
  TransferBody,
} from '../../src/api/schemas.js';
import { pickLang } from '../../src/domain/messages.js';
import { type Api, admission, footprint, smallFacility, testApi } from '../helpers/api.js';

const P = '/api/v1';
const item = (extra: Record<string, unknown> = {}) => {
  const { facility: _, ...rest } = admission('LIM', extra);
  return rest;
};

/** The largest admission we can write: every string at its longest, every character escaped (6 bytes). */
function largestAdmission() {
  const text = (n: number) => '\u0001'.repeat(n);
  const code = (n: number) => 'A'.repeat(n);
  return {
    person: {
      givenNames: text(200),
      familyNames: text(200),
      dateOfBirth: '1990-05-17',
      sex: 'female',
      nationalId: text(64),
      nationality: 'CL',
    },
    personId: text(64),
    legalBasis: {
      kind: 'pretrial-detention-order',
      reference: text(200),
      issuedBy: text(200),
      issuedAt: text(40),
      expiresAt: text(40),
    },
    status: 'sentenced',
    groups: Array.from({ length: 20 }, () => code(64)),
    securityLevel: 'maximum',
    cell: code(64),
    admittedAt: '2026-01-10T10:00:00.123456789-03:00',
    needs: Array.from({ length: 10 }, () => text(64)),
    injuries: text(5000),
  };
}

describe('the JSON size bound of a schema', () => {
  it('adds up names, quotes, escaped characters and separators of a small schema', () => {
    const schema = Type.Object({ a: Type.String({ maxLength: 3 }), b: Type.Boolean() });
    // {"a":"xyz","b":false}: 21 bytes written tightly; the bound allows a newline per member and a comma
    expect(jsonSizeBound(schema, { bytesPerChar: 1, indent: 0 }).bytes).toBe(27);
    const wide = jsonSizeBound(schema, { bytesPerChar: 6, indent: 0 }).bytes;
    expect(wide).toBe(27 + 5 * 3 + 5 * 2); // three escaped characters, two escaped names
  });

  it('holds for the largest admission, escaped and pretty-printed', () => {
    const big = largestAdmission();
    expect(Value.Check(AdmissionItem, big)).toBe(true);
    const bound = jsonSizeBound(AdmissionItem).bytes;
    const written = Buffer.byteLength(JSON.stringify(big, null, 4));
    expect(written).toBeLessThanOrEqual(bound);
    expect(written).toBeGreaterThan(bound * 0.7); // a bound, not a guess a hundred times too large
    const batch = { facility: 'A'.repeat(64), admissions: Array.from({ length: MAX_BATCH }, () => big) };
    expect(Buffer.byteLength(JSON.stringify(batch, null, 4))).toBeLessThanOrEqual(
      jsonSizeBound(BulkAdmissionBody).bytes,
    );
  });

  it('bounds a transfer of 100,000 people and rounds the limit up to a KiB', () => {
    const limit = bodyLimitFor(TransferBody);
    expect(limit % 1024).toBe(0);
    const body = {
      personIds: Array.from({ length: MAX_TRANSFER }, () => '\u0001'.repeat(64)),
      toFacility: 'A'.repeat(64),
      reason: '\u0001'.repeat(500),
    };
    expect(Value.Check(TransferBody, body)).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(body, null, 4))).toBeLessThanOrEqual(limit);
    expect(limit).toBeLessThan(64 * 1024 * 1024);
  });

  it('says where a schema has no bound, and falls back to the server default there', () => {
    expect(jsonSizeBound(Type.Object({ list: Type.Array(Type.String({ maxLength: 5 })) }))).toEqual({
      bytes: Number.POSITIVE_INFINITY,
      unboundedAt: 'list',
    });
    expect(jsonSizeBound(Type.Object({ x: Type.Array(Type.String(), { maxItems: 2 }) })).unboundedAt).toBe(
      'x[]',
    );
    expect(jsonSizeBound(FacilityBody).unboundedAt).toBe('units[].accepts.sexes');
    expect(bodyLimitFor(FacilityBody)).toBe(DEFAULT_BODY_LIMIT);
  });

  it('reads the longest match of a simple anchored pattern', () => {
    expect(patternLength('^[A-Z]{2}$')).toBe(2);
    expect(patternLength('^\\d{4}-\\d{2}-\\d{2}$')).toBe(10);
    expect(patternLength('^[a-z]{1,8}x?$')).toBe(9);
    expect(patternLength('^[A-Za-z0-9][A-Za-z0-9._-]*$')).toBe(Number.POSITIVE_INFINITY);
    expect(patternLength('^(a|bc)$')).toBe(Number.POSITIVE_INFINITY);
    expect(patternLength('[A-Z]{2}')).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('bounded refusals and body limits over HTTP', () => {
  let api: Api;
  beforeAll(async () => {
    api = await testApi();
    // 2 blocks × 2 landings × 417 cells × 3 places: 5,004 places
    const made = await api.call('POST', `${P}/facilities`, { body: smallFacility('LIM', 417) });
    expect(made.statusCode).toBe(201);
    expect((await api.call('POST', `${P}/facilities`, { body: smallFacility('OTRA') })).statusCode).toBe(201);
  }, 120_000);
  afterAll(() => api.close());

  it('names 100 of 150 bad fields and counts them all', async () => {
    const before = await footprint(api);
    const admissions = Array.from({ length: 150 }, () =>
      item({ person: { ...item().person, dateOfBirth: 'yesterday' } }),
    );
    const res = await api.call('POST', `${P}/admissions/bulk`, { body: { facility: 'LIM', admissions } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(MAX_VIOLATIONS).toBe(100);
    expect(body.violations).toHaveLength(100);
    expect(body.violationsTotal).toBe(150);
    expect(body.violations[99].subject).toBe('admissions[99].person.dateOfBirth');
    expect(await footprint(api)).toEqual(before);
  });

  it('names 100 of 120 broken rules of a batch and counts them all', async () => {
    const before = await footprint(api);
    const admissions = Array.from({ length: 120 }, () => item({ legalBasis: undefined }));
    const res = await api.call('POST', `${P}/admissions/bulk`, { body: { facility: 'LIM', admissions } });
    expect(res.statusCode).toBe(409);
    const body = res.json();
    expect(body.violations).toHaveLength(100);
    expect(body.violationsTotal).toBe(120);
    expect(body.violations.every((v: { rule: string }) => v.rule === 'legal-basis-required')).toBe(true);
    expect(await footprint(api)).toEqual(before);
  });

  it('lists every violation, without a total, when there are at most 100', async () => {
    const admissions = Array.from({ length: 100 }, () => item({ legalBasis: undefined }));
    const res = await api.call('POST', `${P}/admissions/bulk`, { body: { facility: 'LIM', admissions } });
    expect(res.statusCode).toBe(409);
    expect(res.json().violations).toHaveLength(100);
    expect(res.json().violationsTotal).toBeUndefined();
  });

  it('refuses 300,000 malformed admissions with one violation, before looking at any of them', async () => {
    const before = await footprint(api);
    const admissions = Array.from({ length: 300_000 }, () => ({ person: 7 }));
    for (const lang of ['en', 'es']) {
      const res = await api.call('POST', `${P}/admissions/bulk`, {
        body: { facility: 'LIM', admissions },
        lang,
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const body = res.json();
      expect(body.violations).toHaveLength(1);
      expect(body.violationsTotal).toBeUndefined();
      expect(body.violations[0]).toMatchObject({ rule: 'invalid-field', subject: 'admissions' });
      expect(body.violations[0].message).toBe(
        lang === 'es'
          ? 'admissions: debe tener como máximo 5000 elementos'
          : 'admissions: must have at most 5000 items',
      );
      expect(res.body.length).toBeLessThan(1000);
    }
    expect(await footprint(api)).toEqual(before);
  });

  it('refuses an array inside an item over its limit before checking its elements, naming the item', async () => {
    const before = await footprint(api);
    // 300,000 wrong elements in one admission's needs (maxItems 10): one violation, not 300,000
    const admissions = [
      item(),
      item({ needs: Array.from({ length: 300_000 }, () => 7) }),
      item({ groups: Array(21).fill('X') }),
    ];
    const res = await api.call('POST', `${P}/admissions/bulk`, { body: { facility: 'LIM', admissions } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.violations.map((v: { subject: string }) => v.subject).sort()).toEqual([
      'admissions[1].needs',
      'admissions[2].groups',
    ]);
    expect(
      body.violations.find((v: { subject: string }) => v.subject === 'admissions[1].needs').message,
    ).toBe('admissions[1].needs: must have at most 10 items');
    expect(await footprint(api)).toEqual(before);
  });

  it('refuses one admission or person id over the limit the same way, even when each is valid', async () => {
    const before = await footprint(api);
    const admissions = Array.from({ length: MAX_BATCH + 1 }, () => item());
    const res = await api.call('POST', `${P}/admissions/bulk`, { body: { facility: 'LIM', admissions } });
    expect(res.statusCode).toBe(400);
    expect(res.json().violations).toMatchObject([{ subject: 'admissions' }]);
    const ids = Array.from({ length: MAX_TRANSFER + 1 }, (_, i) => `p-${i}`);
    const moved = await api.call('POST', `${P}/transfers`, {
      body: { personIds: ids, toFacility: 'OTRA', reason: 'Traslado' },
    });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().violations).toHaveLength(1);
    expect(moved.json().violations[0].message).toBe('personIds: must have at most 100000 items');
    expect(await footprint(api)).toEqual(before);
  });

  it('answers 413 naming the limit for a body one byte over it, in Spanish and English', async () => {
    const limit = bodyLimitFor(TransferBody);
    const token = await api.token('root');
    const before = await footprint(api);
    const body = (size: number) => {
      const head = JSON.stringify({ personIds: ['nobody'], toFacility: 'OTRA', reason: 'Traslado' });
      return `${head.slice(0, -1)}${' '.repeat(size - head.length)}}`;
    };
    const send = (payload: string, lang: string) =>
      api.app.inject({
        method: 'POST',
        url: `${P}/transfers`,
        payload,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'accept-language': lang,
        },
      });
    // at the limit: read and judged (an unknown person), not refused for its size
    const at = await send(body(limit), 'en');
    expect(Buffer.byteLength(body(limit))).toBe(limit);
    expect(at.statusCode).not.toBe(413);
    for (const lang of ['en', 'es']) {
      const res = await send(body(limit + 1), lang);
      expect(res.statusCode).toBe(413);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['content-language']).toBe(lang);
      const problem = res.json();
      expect(problem).toMatchObject({
        type: 'urn:custodia:problem:payload-too-large',
        status: 413,
        limit,
        title: lang === 'es' ? 'Solicitud demasiado grande' : 'Request too large',
      });
      expect(problem.detail).toContain(String(limit));
      expect(problem.detail).toContain(lang === 'es' ? 'límite' : 'limit');
      expect(problem.detail).toContain('MiB');
    }
    expect(await footprint(api)).toEqual(before);
  });

  it('admits a valid batch of 5,000 into one facility', async () => {
    const admissions = Array.from({ length: MAX_BATCH }, () => item());
    const size = Buffer.byteLength(JSON.stringify({ facility: 'LIM', admissions }));
    expect(size).toBeLessThan(bodyLimitFor(BulkAdmissionBody));
    const res = await api.call('POST', `${P}/admissions/bulk`, { body: { facility: 'LIM', admissions } });
    expect(res.statusCode).toBe(201);
    expect(res.json().admitted).toBe(MAX_BATCH);
    const roll = (await api.call('GET', `${P}/facilities/LIM/roll`)).json();
    expect(roll.total.inCustody).toBe(MAX_BATCH);
  }, 300_000);
});

describe('the 503 answer of a busy server', () => {
  it('is a problem with Retry-After in whole seconds, in Spanish and English', async () => {
    const app = Fastify();
    app.addHook('onRequest', async (req) => {
      req.lang = pickLang(req.headers['accept-language']);
    });
    app.setErrorHandler(errorHandler);
    app.get('/busy', async () => {
      throw new Unavailable(2.2);
    });
    try {
      for (const lang of ['en', 'es']) {
        const res = await app.inject({ method: 'GET', url: '/busy', headers: { 'accept-language': lang } });
        expect(res.statusCode).toBe(503);
        expect(res.headers['retry-after']).toBe('3');
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json()).toMatchObject({
          type: 'urn:custodia:problem:service-unavailable',
          status: 503,
          retryAfter: 3,
          title: lang === 'es' ? 'Servicio no disponible por ahora' : 'Service unavailable for now',
          detail:
            lang === 'es'
              ? 'El servidor está ocupado; no se registró nada. Vuelva a intentarlo en 3 s.'
              : 'The server is busy; nothing was recorded. Try again in 3 s.',
        });
      }
    } finally {
      await app.close();
    }
  });
});
