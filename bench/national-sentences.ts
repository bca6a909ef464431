/**
 * Sentences for a national benchmark database built before the national demo wrote them: for every
 * custody admitted as sentenced that has no release dates, the sentences the demo would give it
 * (src/demo/sentences.ts), written in bulk with COPY in one transaction — the `sentence.imposed`
 * events appended to the register (hash-chained from its head, recorded now, taking effect on the
 * day of the judgment), and the `sentence` and `release_dates` rows from the pure calculator. A
 * released custody's release date is the day it was released; an open one's falls after today
 * (within four years, most in the first). Unlike the demo, no release-planning duties are opened.
 * A database that already has release dates is left as it is.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { seeded } from '../src/demo/facilities.js';
import { CopyWriter } from '../src/demo/national-writer.js';
import { imposedPayload, nationalSentences } from '../src/demo/sentences.js';
import { nationalProfile } from '../src/domain/safeguards/profiles/index.js';
import { calculate } from '../src/domain/sentences/calculate.js';
import { isoOf, toDay } from '../src/domain/sentences/calendar.js';
import { dateIn, parseInstant } from '../src/domain/time.js';
import { ensureRegisterPartitions, type Store } from '../src/store/db.js';

const HOUR = 3_600_000;
const PAGE = 20_000;

interface Row {
  id: string;
  person_id: string;
  facility_code: string;
  admitted_at: Date | string;
  released_at: Date | string | null;
  reference: string | null;
  issued: string | null;
  timezone: string;
  jurisdiction: string;
}

/** Adds the sentences when the database has none; returns how many custodies got them (0: none needed). */
export async function ensureSentences(store: Store, now = new Date()): Promise<number> {
  const has = await sql<{
    n: number;
  }>`select count(*)::int as n from (select 1 from release_dates limit 1) x`.execute(store.db);
  if (has.rows[0]!.n) return 0;
  await ensureRegisterPartitions(store.db, now, now);
  const draw = seeded(321);
  // calendar days per zone, looked up once an hour of time (zones of whole-hour offsets)
  const days = new Map<string, number>();
  const localDay = (at: Date | string, tz: string) => {
    const h = Math.floor(new Date(at).getTime() / HOUR);
    const key = `${tz}|${h}`;
    let d = days.get(key);
    if (d === undefined) {
      d = toDay(dateIn(new Date(h * HOUR), tz));
      days.set(key, d);
    }
    return d;
  };
  let added = 0;
  await store.bulk(async (load) => {
    const head = (
      await load.query<{ seq: number | string; hash: string }>(
        'select seq, hash from register_head where id = 1 for update',
      )
    )[0]!;
    const w = new CopyWriter('demo');
    w.follow({ seq: Number(head.seq), hash: head.hash });
    let after = '';
    for (;;) {
      const rows = await load.query<Row>(
        `select c.id, c.person_id, c.facility_code, c.admitted_at, c.released_at,
           c.legal_basis->>'reference' as reference, c.legal_basis->>'issuedAt' as issued, f.timezone, f.jurisdiction
         from custody c join facility f on f.code = c.facility_code
         where coalesce(c.admitted_status, c.status) = 'sentenced' and c.id > $1
         order by c.id limit ${PAGE}`,
        [after],
      );
      if (!rows.length) break;
      after = rows[rows.length - 1]!.id;
      for (const c of rows) {
        const today = localDay(now, c.timezone);
        const releaseOn = c.released_at
          ? localDay(c.released_at, c.timezone)
          : today + 1 + Math.floor(draw() * draw() * 1460);
        const imposedOn = localDay(c.issued ?? c.admitted_at, c.timezone);
        const facts = nationalSentences({
          ids: randomUUID,
          reference: c.reference ?? `SENT-${c.id.slice(0, 8)}`,
          imposedOn,
          releaseOn,
          draw,
        });
        const seqs = facts.map((f) =>
          w.append(
            {
              kind: 'sentence.imposed',
              effectiveAt: parseInstant(f.imposedAt, c.timezone) ?? new Date(`${f.imposedAt}T00:00:00Z`),
              personId: c.person_id,
              facility: c.facility_code,
              payload: imposedPayload(f, c.id, 'sentenced'),
            },
            now,
          ),
        );
        const dates = calculate(
          facts,
          { admittedOn: isoOf(localDay(c.admitted_at, c.timezone)), status: 'sentenced' },
          {
            chainFraction: nationalProfile(c.jurisdiction)?.sentences?.chainFraction ?? 'per-sentence',
            explain: false,
          },
        );
        w.sentenceRows(c.id, c.person_id, facts, seqs, dates);
        added++;
      }
      await w.flush(load);
    }
    await load.query('update register_head set seq = $1, hash = $2 where id = 1', [w.seq, w.hash]);
  });
  await store.exec('analyze sentence; analyze release_dates; analyze custody_event');
  return added;
}
