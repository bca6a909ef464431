import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

/** The React app, built by Vite (`npm run build`) into web/dist. */
export const WEB_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // React sets the cells' colours through the DOM's style property, which CSP does not restrict
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Serves the web app at `/` (its pages are hash routes, so only index.html and its assets exist). */
export const webRoutes = (): FastifyPluginAsync => async (app) => {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The web app is not built: run `npm run build` (npm install and npm start do).'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: WEB_ROOT,
    prefix: '/',
    index: ['index.html'],
    wildcard: false,
    // source maps hand out the whole source: never served, even if a build left some behind
    allowedPath: (path) => !path.endsWith('.map'),
    // hashed assets never change; the page itself is always checked again
    setHeaders: (res, path) => {
      res.header('content-security-policy', CSP);
      res.header(
        'cache-control',
        path.includes(`${join('dist', 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
};
