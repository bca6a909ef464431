import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'basic');

/** The web app. Until the React app lands this is one static page: sign-in and the roll. */
export const webRoutes = (): FastifyPluginAsync => async (app) => {
  const page = readFileSync(join(root, 'index.html'));
  app.get('/', { schema: { hide: true } }, async (_req, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header(
        'content-security-policy',
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
      )
      .send(page),
  );
};
