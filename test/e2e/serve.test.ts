import { afterAll, describe, expect, it } from 'vitest';
import { custodia, serve } from '../helpers/cli.js';
import { type TestDb, testDb } from '../helpers/store.js';

async function login(url: string, username: string, password: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, body: (await res.json()) as { token: string } };
}

describe('npm start', () => {
  const dbs: TestDb[] = [];
  afterAll(async () => {
    for (const d of dbs) await d.drop();
  });

  it('builds the demo on an empty database and answers the CECOT roll with 256 cells and totals', async () => {
    const db = await testDb();
    dbs.push(db);
    const s = await serve(db, { CUSTODIA_ADMIN: 'chief:a long admin password' });
    try {
      expect(s.output()).toContain('Demo sign-in: user "admin", password "custodia-demo"');
      expect(s.output()).toContain(`Custodia is serving http://127.0.0.1:`);
      const { body } = await login(s.url, 'admin', 'custodia-demo');
      const res = await fetch(`${s.url}/api/v1/facilities/CECOT/roll`, {
        headers: { authorization: `Bearer ${body.token}` },
      });
      expect(res.status).toBe(200);
      const roll = (await res.json()) as {
        total: { inCustody: number; design: number; operational: number; occupancyRate: number };
        units: { kind: string; inCustody: number }[];
      };
      const cells = roll.units.filter((u) => u.kind === 'cell');
      expect(cells).toHaveLength(256);
      expect(roll.units.filter((u) => u.kind === 'block')).toHaveLength(8);
      expect(roll.total.design).toBe(256 * 80);
      expect(roll.total.inCustody).toBeGreaterThanOrEqual(15_000);
      expect(roll.total.inCustody).toBe(cells.reduce((s, c) => s + c.inCustody, 0));
      expect(roll.total.occupancyRate).toBeCloseTo(roll.total.inCustody / roll.total.design, 3);
      // the administrator of CUSTODIA_ADMIN exists beside the demo users
      expect((await login(s.url, 'chief', 'a long admin password')).status).toBe(200);
      const page = await fetch(`${s.url}/`);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      const html = await page.text();
      expect(html).toContain('Custodia');
      // the built web app: its script is served with a long cache (hashed name)
      const script = html.match(/<script[^>]+src="([^"]+\.js)"/)![1]!;
      const js = await fetch(`${s.url}${script}`);
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toMatch(/javascript/);
      expect(js.headers.get('cache-control')).toMatch(/immutable/);
      const verify = await fetch(`${s.url}/api/v1/audit/verify`, {
        headers: { authorization: `Bearer ${body.token}` },
      });
      expect(await verify.json()).toMatchObject({ ok: true });
    } finally {
      await s.stop();
    }
    // a restart keeps the data and does not load the demo twice
    const again = await serve(db, {});
    try {
      expect(again.output()).not.toContain('Demo ready');
      const { body } = await login(again.url, 'admin', 'custodia-demo');
      const list = (await (
        await fetch(`${again.url}/api/v1/facilities`, { headers: { authorization: `Bearer ${body.token}` } })
      ).json()) as { facilities: unknown[] };
      expect(list.facilities).toHaveLength(2);
    } finally {
      await again.stop();
    }
  }, 240_000); // on PGlite the demo load (with its sentences) took up to 110 s on a loaded 2-core machine

  it('starts empty with CUSTODIA_DEMO=0, creating only the CUSTODIA_ADMIN administrator', async () => {
    const db = await testDb();
    dbs.push(db);
    const s = await serve(db, { CUSTODIA_DEMO: '0', CUSTODIA_ADMIN: 'root:another long password' });
    try {
      expect((await login(s.url, 'admin', 'custodia-demo')).status).toBe(401);
      const { status, body } = await login(s.url, 'root', 'another long password');
      expect(status).toBe(200);
      const list = (await (
        await fetch(`${s.url}/api/v1/facilities`, { headers: { authorization: `Bearer ${body.token}` } })
      ).json()) as { facilities: unknown[] };
      expect(list.facilities).toEqual([]);
    } finally {
      await s.stop();
    }
  });

  it('custodia demo fills an empty database with a progress report, and refuses a second time', async () => {
    const db = await testDb();
    dbs.push(db);
    const first = await custodia(db, ['demo', '--people', '300']);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/demo \[#+\] 100% \d+\/\d+/);
    expect(first.out).toMatch(/Demo ready in [\d.]+ s: \d+ synthetic people admitted to CECOT and CDP-SUR/);
    const second = await custodia(db, ['demo']);
    expect(second.code).toBe(1);
    expect(second.out).toMatch(/already holds facilities/);
    const verify = await custodia(db, ['audit', 'verify']);
    expect(verify.code).toBe(0);
    const bad = await custodia(db, ['demo', '--people', 'many']);
    expect(bad.code).not.toBe(0);
  });
});
