import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where the rendered reference of the OpenAPI document is served. */
export const DOCS_PREFIX = '/api/docs';

/**
 * The reference page's policy: swagger-ui's own files only (its page has no inline script or style,
 * so no hash is needed), its icons as data: images, and the document fetched from this server.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  // the document, and "Try it out" against this server only
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * swagger-ui's colours that fall short of WCAG AA contrast (axe, test/browser/api-docs.test.ts),
 * darkened: the method badges, the version stamps, the document's link, the
 * Authorize, Execute and Cancel buttons.
 */
const CONTRAST_CSS = `
.swagger-ui .opblock.opblock-get .opblock-summary-method { background: #1f6fbf; }
.swagger-ui .opblock.opblock-post .opblock-summary-method { background: #1b7a4f; }
.swagger-ui .opblock.opblock-put .opblock-summary-method { background: #b35900; }
.swagger-ui .opblock.opblock-patch .opblock-summary-method { background: #0f7a66; }
.swagger-ui .opblock.opblock-delete .opblock-summary-method { background: #c62828; }
.swagger-ui .info .title small { background: #5b6270; }
.swagger-ui .info .title small.version-stamp { background-color: #4b6e00; }
.swagger-ui .info a { color: #1d5fae; }
.swagger-ui .btn.authorize, .swagger-ui .btn.authorize svg { color: #1b7a4f; border-color: #1b7a4f; }
.swagger-ui .json-schema-2020-12-expand-deep-button { color: #595959; }
.swagger-ui .btn.execute { background-color: #1d5fae; border-color: #1d5fae; }
.swagger-ui .btn.cancel { color: #c62828; border-color: #c62828; }
`;

/**
 * swagger-ui always loads its own `./json`: it is sent to the one document clients use,
 * /api/v1/openapi.json (relative, so it holds behind a proxy that adds a path prefix).
 */
async function toTheDocument(req: FastifyRequest, reply: FastifyReply) {
  if (req.routeOptions.url === `${DOCS_PREFIX}/json`) return reply.redirect('../v1/openapi.json');
}

/**
 * Swagger UI at /api/docs, from the files of @fastify/swagger-ui (no CDN). Its routes are public and
 * hidden from the document (the plugin hides them; auth.ts leaves the reference's own files out of the
 * routes that must declare a policy).
 */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    staticCSP: DOCS_CSP,
    uiHooks: { onRequest: toTheDocument },
    theme: {
      title: 'Custodia API: reference · referencia',
      css: [{ filename: 'contrast.css', content: CONTRAST_CSS }],
    },
    // the topbar's box would load any other URL: the page shows this server's document only; deep
    // links would be links inside the buttons that open operations (axe: nested-interactive)
    uiConfig: { layout: 'BaseLayout', deepLinking: false, docExpansion: 'list' },
    validatorUrl: false,
  });
}
