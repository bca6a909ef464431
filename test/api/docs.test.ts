import { type AddressInfo, connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCS_PREFIX } from '../../src/api/docs.js';
import { type Api, testApi } from '../helpers/api.js';
import { onPostgres } from '../helpers/store.js';

/** The directives of a Content-Security-Policy, by name. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values]),
  );
}

/** What a policy lets in from elsewhere: hosts, schemes other than data:, wildcards, unsafe keywords. */
function looseSources(csp: string): string[] {
  const loose: string[] = [];
  for (const [name, values] of directives(csp)) {
    for (const v of values) {
      if (v === "'self'" || v === "'none'" || /^'(sha256|sha384|sha512)-/.test(v)) continue;
      if (v === 'data:' && name === 'img-src') continue;
      loose.push(`${name} ${v}`);
    }
  }
  return loose;
}

/** The answer to a GET sent as written, its path untouched: the status line, headers and body. */
function raw(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(`GET ${path} HTTP/1.1\r\nHost: docs.test\r\nConnection: close\r\n\r\n`),
    );
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      text += chunk;
    });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

const TYPES: Record<string, RegExp> = {
  js: /^(application|text)\/javascript/,
  css: /^text\/css/,
  png: /^image\/png/,
};

// the document and this code do not depend on the database: checked on the PGlite run only
describe.skipIf(onPostgres)('the rendered API reference at /api/docs', () => {
  let api: Api;

  beforeAll(async () => {
    api = await testApi();
  });
  afterAll(() => api?.close());

  const get = (url: string) => api.app.inject({ method: 'GET', url });

  it('answers Swagger UI as HTML, with and without the trailing slash, under a strict policy', async () => {
    for (const url of [DOCS_PREFIX, `${DOCS_PREFIX}/`]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('<div id="swagger-ui"></div>');
      const csp = String(res.headers['content-security-policy']);
      const d = directives(csp);
      expect(d.get('script-src')).toEqual(["'self'"]);
      expect(d.get('style-src')).toEqual(["'self'"]);
      expect(d.get('connect-src')).toEqual(["'self'"]);
      expect(d.get('frame-ancestors')).toEqual(["'none'"]);
      expect(looseSources(csp)).toEqual([]);
      expect(csp).not.toMatch(/unsafe-|https?:|\*/);
      // so the policy needs no hash: every script is a file, and there is no inline style
      expect(res.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(res.body).not.toMatch(/<style|\sstyle=/);
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('serves every file the page refers to, from this server, with its type and the same policy', async () => {
    for (const page of [DOCS_PREFIX, `${DOCS_PREFIX}/`]) {
      const html = (await get(page)).body;
      const refs = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
      expect(refs.length, page).toBeGreaterThanOrEqual(6);
      for (const ref of refs) {
        const url = new URL(ref, `http://docs.test${page}`);
        expect(url.origin, ref).toBe('http://docs.test');
        expect(url.pathname, ref).toMatch(/^\/api\/docs\/static\//);
        const res = await get(url.pathname);
        expect(res.statusCode, url.pathname).toBe(200);
        const ext = url.pathname.split('.').pop()!;
        expect(res.headers['content-type'], url.pathname).toMatch(TYPES[ext] ?? /^$/);
        expect(res.headers['content-security-policy'], url.pathname).toBe(
          (await get(page)).headers['content-security-policy'],
        );
      }
    }
  });

  it('loads the one document clients use: its ./json is /api/v1/openapi.json', async () => {
    const init = await get(`${DOCS_PREFIX}/static/swagger-initializer.js`);
    expect(init.body).toContain("resolveUrl('./json')");
    // no validator badge: it would send the document to validator.swagger.io
    expect(init.body).toMatch(/validatorUrl: null/);
    const res = await get(`${DOCS_PREFIX}/json`);
    expect(res.statusCode).toBe(302);
    const target = new URL(String(res.headers.location), `http://docs.test${DOCS_PREFIX}/json`);
    expect(target.pathname).toBe('/api/v1/openapi.json');
    const doc = await get(target.pathname);
    expect(doc.statusCode).toBe(200);
    expect(doc.json().paths['/api/v1/admissions']).toBeDefined();
  });

  it('is public, and its routes are not operations of the document', async () => {
    // signed out, the page and its files are served (no policy to pass: auth.ts leaves them out)
    expect((await get(DOCS_PREFIX)).statusCode).toBe(200);
    expect((await get(`${DOCS_PREFIX}/static/swagger-ui.css`)).statusCode).toBe(200);
    expect(api.app.routeTable.filter((r) => r.url.startsWith(DOCS_PREFIX))).toEqual([]);
    const paths = Object.keys((await get('/api/v1/openapi.json')).json().paths);
    expect(paths.filter((p) => p.startsWith(DOCS_PREFIX))).toEqual([]);
  });

  it('serves nothing outside swagger-ui’s files: no path climbs out of its folder', async () => {
    // encoded slashes reach the static handler as one segment, which it decodes and refuses
    for (const climb of [
      '%2e%2e%2f%2e%2e%2fpackage.json',
      '..%2f..%2fpackage.json',
      '%2e%2e%5c%2e%2e%5cpackage.json',
    ]) {
      const res = await get(`${DOCS_PREFIX}/static/${climb}`);
      expect(res.statusCode, climb).toBeGreaterThanOrEqual(400);
      expect(res.body, climb).not.toContain('"name": "custodia"');
    }
    // a raw request keeps its dots (an HTTP client or the test injector would resolve them first)
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = api.app.server.address() as AddressInfo;
    for (const path of [
      `${DOCS_PREFIX}/static/../../../package.json`,
      `${DOCS_PREFIX}/static/../../v1/auth/me`,
    ]) {
      const answer = await raw(port, path);
      expect(answer, path).not.toMatch(/^HTTP\/1\.1 2/);
      expect(answer, path).not.toContain('"name": "custodia"');
    }
  });
});
