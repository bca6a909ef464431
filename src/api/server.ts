import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { SignInSettings } from '../config.js';
import { t } from '../domain/messages.js';
import type { Freshness } from '../store/changes.js';
import { ensureRegisterPartitions, type Store } from '../store/db.js';
import { purgeKeys } from '../store/idempotency.js';
import { logRefusedRead } from './access.js';
import { type RouteEntry, registerAuth } from './auth.js';
import { DEFAULT_BODY_LIMIT, refuseLongArrays } from './body-limit.js';
import { registerDocs } from './docs.js';
import { watchChanges } from './freshness.js';
import { logSerializers, refuseNul } from './hygiene.js';
import { registerIdempotency, withReplays } from './idempotency.js';
import { registerOperations } from './metrics.js';
import { checkAnswers } from './openapi/check.js';
import { collectRoutes, completeDocument } from './openapi/document.js';
import { type PoolOptions, WorkPool } from './pool.js';
import { errorHandler, problemAnswers, sendProblem } from './problem.js';
import { trackWrites } from './read-routing.js';
import { activityRoutes } from './routes/activities.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { backtestRoutes } from './routes/backtest.js';
import { complaintRoutes } from './routes/complaints.js';
import { custodyRoutes } from './routes/custody.js';
import { disciplineRoutes } from './routes/discipline.js';
import { facilityRoutes } from './routes/facilities.js';
import { groupRoutes } from './routes/groups.js';
import { incidentRoutes } from './routes/incidents.js';
import { movementRoutes } from './routes/movement.js';
import { openAirRoutes } from './routes/open-air.js';
import { peopleRoutes } from './routes/people.js';
import { projectionRoutes } from './routes/projection.js';
import { alertRoutes } from './routes/safeguards/alerts.js';
import { complianceRoutes } from './routes/safeguards/compliance.js';
import { deathRoutes } from './routes/safeguards/deaths.js';
import { dutyRoutes } from './routes/safeguards/duties.js';
import { medicalRoutes } from './routes/safeguards/medical.js';
import { regimeRoutes } from './routes/safeguards/regime.js';
import { segregationRoutes } from './routes/safeguards/segregation.js';
import { sentenceRoutes } from './routes/sentences.js';
import { userRoutes } from './routes/users.js';
import { visitRoutes } from './routes/visits.js';
import { webRoutes } from './web.js';

export interface ServerOptions {
  logger?: boolean | { level: string };
  trustProxy?: boolean | number | string;
  /** token lifetime, lockout and the limit per address (readConfig); defaults when absent */
  signIn?: SignInSettings;
  /** the worker threads of CPU-heavy work and their queue (pool.ts); `{ threads: 0 }` runs it on the event loop */
  pool?: PoolOptions;
}

export const API_PREFIX = '/api/v1';

declare module 'fastify' {
  interface FastifyInstance {
    /** every /api route with its access policy */
    routeTable: RouteEntry[];
    /** whether cached answers may be trusted (the database's change notifications are arriving) */
    freshness: Freshness;
    /** the worker threads that run CPU-heavy work (projections, the hashing of audit verify) */
    pool: WorkPool;
  }
}

export async function buildServer(store: Store, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const logger = opts.logger ?? false;
  const app = Fastify({
    // never the query string, a body or a database error's quoted values (hygiene.ts)
    logger: logger === false ? false : { ...(logger === true ? {} : logger), serializers: logSerializers },
    // Fastify takes a hop count too, though its types do not say so
    trustProxy: (opts.trustProxy ?? false) as boolean | string,
    // routes with large bodies set their own, sized by their schema (bodyLimitFor)
    bodyLimit: DEFAULT_BODY_LIMIT,
    ajv: {
      customOptions: { allErrors: true, coerceTypes: false, removeAdditional: false, useDefaults: false },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // every /api/v1 route's facts for the document and the check of answers, from the first route on
  const documented = collectRoutes(app, API_PREFIX);
  if (process.env.CUSTODIA_CHECK_ANSWERS === '1') checkAnswers(app, documented);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Custodia API',
        version: '1.0.0',
        description: [
          'Custody management for large prison systems. Errors are RFC 9457 problem details (application/problem+json, the `Problem` schema); a refused request changes nothing. Messages come in the language of Accept-Language (es or en).',
          '*es:* Gestión de custodia para grandes sistemas penitenciarios. Los errores son detalles de problema RFC 9457 (application/problem+json, el esquema `Problem`); una petición rechazada no cambia nada. Los mensajes vienen en el idioma de Accept-Language (es o en).',
        ].join('\n\n'),
      },
    },
    transformObject: (made) =>
      completeDocument(
        ('openapiObject' in made ? made.openapiObject : {}) as Record<string, unknown>,
        documented,
        API_PREFIX,
      ),
  });
  const fresh = await watchChanges(app, store);
  // next year's partition of the register is made ahead of time, also by a server that runs for years
  const partitions = setInterval(() => {
    ensureRegisterPartitions(store.db, new Date()).catch((err: unknown) =>
      app.log.warn({ err }, 'could not make the register partitions ahead'),
    );
    // idempotency keys are kept a week: a retry comes within minutes
    purgeKeys(store.db, new Date()).catch((err: unknown) =>
      app.log.warn({ err }, 'could not forget old idempotency keys'),
    );
  }, 6 * 3600_000).unref();
  app.addHook('onClose', async () => clearInterval(partitions));
  const pool = new WorkPool(opts.pool);
  app.addHook('onClose', async () => pool.close());
  app.decorate('pool', pool);
  app.decorate('freshness', fresh);
  app.decorate('routeTable', registerAuth(app, store, fresh));
  app.setErrorHandler(withReplays(errorHandler));
  registerIdempotency(app, store);
  // after registerIdempotency, whose onSend commits a keyed write: a user's reads follow their writes
  trackWrites(app, store);
  // an over-long array is refused before its items are looked at, NULs before the schema
  app.addHook('preValidation', refuseLongArrays);
  app.addHook('preValidation', refuseNul);
  app.addHook('onSend', logRefusedRead(store));
  app.setNotFoundHandler((req, reply) =>
    sendProblem(reply, req, 404, t('detail.404-route', req.lang, { route: `${req.method} ${req.url}` })),
  );
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    // browsers keep to HTTPS once they have seen this over HTTPS (ignored over plain HTTP)
    reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    // pages set their own policy; everything else (JSON, problems) may load nothing
    if (!reply.hasHeader('content-security-policy'))
      reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    // records of people must not linger in shared caches or the browser's history
    if (req.url.startsWith(API_PREFIX)) reply.header('cache-control', 'no-store');
    return payload;
  });

  // every route that reads a body may answer 413 (its body limit): said in the OpenAPI description of
  // those that describe their answers (one that describes none keeps swagger's default answer)
  app.addHook('onRoute', (route) => {
    const answers = route.schema?.response as Record<string, unknown> | undefined;
    if (!route.schema?.body || !answers || !Object.keys(answers).some((k) => k.startsWith('2'))) return;
    route.schema.response = { ...problemAnswers(413), ...answers };
  });
  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  registerOperations(app, store);
  app.get(
    `${API_PREFIX}/openapi.json`,
    { config: { policy: { public: true } }, schema: { hide: true } },
    async () => app.swagger(),
  );
  await app.register(authRoutes(store, opts.signIn), { prefix: API_PREFIX });
  await app.register(userRoutes(store), { prefix: API_PREFIX });
  await app.register(auditRoutes(store, pool), { prefix: API_PREFIX });
  await app.register(facilityRoutes(store, fresh), { prefix: API_PREFIX });
  await app.register(custodyRoutes(store, pool), { prefix: API_PREFIX });
  await app.register(peopleRoutes(store), { prefix: API_PREFIX });
  await app.register(groupRoutes(store), { prefix: API_PREFIX });
  await app.register(movementRoutes(store), { prefix: API_PREFIX });
  await app.register(regimeRoutes(store), { prefix: API_PREFIX });
  await app.register(complianceRoutes(store, pool), { prefix: API_PREFIX });
  await app.register(alertRoutes(store), { prefix: API_PREFIX });
  await app.register(dutyRoutes(store), { prefix: API_PREFIX });
  await app.register(medicalRoutes(store), { prefix: API_PREFIX });
  await app.register(segregationRoutes(store), { prefix: API_PREFIX });
  await app.register(deathRoutes(store), { prefix: API_PREFIX });
  await app.register(incidentRoutes(store), { prefix: API_PREFIX });
  await app.register(sentenceRoutes(store), { prefix: API_PREFIX });
  await app.register(visitRoutes(store), { prefix: API_PREFIX });
  await app.register(openAirRoutes(store), { prefix: API_PREFIX });
  await app.register(activityRoutes(store), { prefix: API_PREFIX });
  await app.register(disciplineRoutes(store), { prefix: API_PREFIX });
  await app.register(complaintRoutes(store), { prefix: API_PREFIX });
  await app.register(projectionRoutes(store, pool), { prefix: API_PREFIX });
  await app.register(backtestRoutes(pool), { prefix: API_PREFIX });
  await registerDocs(app);
  await app.register(webRoutes());
  return app;
}
