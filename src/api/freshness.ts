import type { FastifyInstance } from 'fastify';
import { announce, Freshness } from '../store/changes.js';
import type { Store } from '../store/db.js';

const RETRY_MS = 1000;

/**
 * Listens to the database's change notifications for as long as the server runs, and says whether
 * caches may be trusted: only while listening. A lost connection empties every cache (by version)
 * and caching stops until listening again.
 */
export async function watchChanges(app: FastifyInstance, store: Store): Promise<Freshness> {
  const fresh = new Freshness();
  let stop: (() => Promise<void>) | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  const start = async () => {
    try {
      stop = await store.listen(announce, () => {
        announce('lost');
        stop = null;
        if (!closed) timer = setTimeout(start, RETRY_MS).unref();
      });
      if (closed) await stop();
      // whatever was read while nobody listened is not trusted: only what is read from now on
      else fresh.resume();
    } catch (err) {
      app.log.warn({ err }, 'not listening to database changes: answers are not cached');
      if (!closed) timer = setTimeout(start, RETRY_MS).unref();
    }
  };
  await start();
  app.addHook('onClose', async () => {
    closed = true;
    if (timer) clearTimeout(timer);
    fresh.close();
    await stop?.().catch(() => {});
  });
  return fresh;
}
