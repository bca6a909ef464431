import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildServer, type ServerOptions } from '../../src/api/server.js';
import type { Store } from '../../src/store/db.js';
import { verifyRegister } from '../../src/store/register.js';
import { BOOTSTRAP_ROLES, createUser, type Role } from '../../src/store/users.js';
import { freshStore, type TestDb } from './store.js';

export const PASSWORD = 'correct horse battery';

export interface Api {
  app: FastifyInstance;
  store: Store & { drop(): Promise<void>; test: TestDb };
  token(username: string): Promise<string>;
  /** signs in again: a token of its own */
  freshToken(username: string): Promise<string>;
  user(username: string, roles: Role[], facilities?: string[]): Promise<string>;
  call(
    method: string,
    url: string,
    opts?: { body?: unknown; token?: string; lang?: string },
  ): Promise<LightMyRequestResponse & { body: string; json: () => any }>;
  close(): Promise<void>;
}

/**
 * A server on a fresh database with an administrator `root` (holding the bootstrap roles); `opts`
 * are the server's own (its worker pool, say).
 */
export async function testApi(opts: ServerOptions = {}): Promise<Api> {
  const store = await freshStore();
  const app = await buildServer(store, opts);
  await createUser(store.db, {
    username: 'root',
    password: PASSWORD,
    roles: BOOTSTRAP_ROLES,
    facilities: ['*'],
  });
  const tokens = new Map<string, string>();
  const api: Api = {
    app,
    store,
    async token(username) {
      const cached = tokens.get(username);
      if (cached) return cached;
      const token = await api.freshToken(username);
      tokens.set(username, token);
      return token;
    },
    async freshToken(username) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password: PASSWORD },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      return res.json().token as string;
    },
    async user(username, roles, facilities = ['*']) {
      await createUser(store.db, { username, password: PASSWORD, roles, facilities });
      return api.token(username);
    },
    async call(method, url, opts = {}) {
      const token = opts.token ?? (await api.token('root'));
      return app.inject({
        method: method as 'GET',
        url,
        ...(opts.body === undefined ? {} : { payload: opts.body as object }),
        headers: { authorization: `Bearer ${token}`, ...(opts.lang ? { 'accept-language': opts.lang } : {}) },
      }) as never;
    },
    async close() {
      await app.close();
      await store.drop();
    },
  };
  return api;
}

/** A small facility: 2 blocks × 2 landings × `cells` cells of design 2, operational 3, 8 m². */
export function smallFacility(code = 'TEST', cells = 2) {
  return {
    code,
    name: `Recinto de prueba ${code}`,
    timezone: 'America/Santiago',
    jurisdiction: 'CL',
    units: ['A', 'B'].map((b) => ({
      code: `${code}-${b}`,
      kind: 'block',
      children: [1, 2].map((l) => ({
        code: `${code}-${b}${l}`,
        kind: 'landing',
        children: Array.from({ length: cells }, (_, c) => ({
          code: `${code}-${b}${l}-${c + 1}`,
          kind: 'cell',
          capacity: { design: 2, operational: 3 },
          areaM2: 8,
        })),
      })),
    })),
  };
}

let serial = 0;
/** A valid admission body (synthetic person). */
export function admission(facility: string, extra: Record<string, unknown> = {}) {
  serial++;
  return {
    facility,
    person: {
      givenNames: 'Juan Pablo',
      familyNames: `Soto Muñoz ${serial}`,
      dateOfBirth: '1990-05-17',
      sex: 'male',
      nationalId: `${10_000_000 + serial}-${serial % 10}`,
    },
    legalBasis: {
      kind: 'pretrial-detention-order',
      reference: `RIT-${1000 + serial}-2026`,
      issuedBy: 'Juzgado de Garantía de Santiago',
      issuedAt: '2026-01-10T10:00:00-03:00',
    },
    status: 'pretrial',
    ...extra,
  };
}

/**
 * Everything a custody write could touch: whether the register verifies and its head, the rows of the
 * register and its projections, and every cell's occupants. Equal before and after = nothing changed.
 */
export async function footprint(api: Api) {
  const db = api.store.db;
  const n = async (table: 'custody_event' | 'person' | 'custody' | 'stay' | 'duty') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const register = await verifyRegister(db);
  return {
    ok: register.ok,
    head: register.head,
    events: await n('custody_event'),
    people: await n('person'),
    custody: await n('custody'),
    stays: await n('stay'),
    duties: await n('duty'),
    occupancy: await db
      .selectFrom('cell_occupancy')
      .select(['unit_id', 'occupants'])
      .orderBy('unit_id')
      .execute(),
  };
}
