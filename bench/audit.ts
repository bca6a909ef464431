/**
 * The audit at scale: `verifyRegister` over a register of 1 million events on PostgreSQL (read from
 * the database page by page, every hash recomputed, in slices that yield to the event loop), next
 * to a raw SHA-256 chain in node:crypto over the same canonical events already in memory, in the
 * same run.
 */
import { pathToFileURL } from 'node:url';
import { eventHash, GENESIS_HASH } from '../src/domain/register/chain.js';
import { rowToEvent, verifyRegister } from '../src/store/register.js';
import { AUDIT, describe, fmt, nationalStore } from './national-db.js';

const CHUNK = 100_000;

export async function benchAudit() {
  const store = await nationalStore(AUDIT);
  try {
    const size = await describe(store);
    await verifyRegister(store.db, { pageSize: 5000 }); // warm: the same pages from cache for both
    const t0 = performance.now();
    const v = await verifyRegister(store.db);
    const verifyS = (performance.now() - t0) / 1000;
    if (!v.ok)
      throw new Error(`the benchmark register does not verify: ${JSON.stringify(v.problems.slice(0, 3))}`);
    // the raw chain: the same events, read beforehand (not timed) a chunk at a time
    let rawS = 0;
    let prev = GENESIS_HASH;
    let hashed = 0;
    for (let from = 0; ; from += CHUNK) {
      const rows = await store.db
        .selectFrom('custody_event')
        .selectAll()
        .where('seq', '>', from)
        .where('seq', '<=', from + CHUNK)
        .orderBy('seq')
        .execute();
      if (!rows.length) break;
      const events = rows.map(rowToEvent);
      const t = performance.now();
      for (const e of events) prev = eventHash(prev, e);
      rawS += (performance.now() - t) / 1000;
      hashed += events.length;
    }
    if (prev !== v.head) throw new Error('the raw chain did not end at the verified head');
    return {
      size,
      events: v.events,
      verifyPerS: v.events / verifyS,
      rawPerS: hashed / rawS,
      ratio: rawS / verifyS,
    };
  } finally {
    await store.close();
  }
}

export function auditTable(r: Awaited<ReturnType<typeof benchAudit>>): string {
  return [
    `${fmt(r.events)} register events (${fmt(r.size.people)} people, ${r.size.facilities} facilities)`,
    '',
    '| | events/s |',
    '|---|---:|',
    `| verify (read from PostgreSQL, canonical form, SHA-256, chain checks) | ${fmt(r.verifyPerS)} |`,
    `| baseline: raw SHA-256 chain in node:crypto, events in memory | ${fmt(r.rawPerS)} |`,
    `| **verify ÷ raw speed** | **${fmt(r.ratio * 100)} %** |`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) console.log(auditTable(await benchAudit()));
