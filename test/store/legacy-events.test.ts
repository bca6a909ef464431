/**
 * A register written before moves and transfers named their fields unambiguously: `custody.moved`
 * recorded `from`/`to` (cells), `custody.transferred` `from`/`to` (facilities). Those events stay as
 * they are forever; everything that reads them must read them as it reads new ones.
 *
 * The old register is made from a new one by renaming the fields back and hashing the chain again
 * from there (what an installation of the old version holds: a chain that verifies).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayStays } from '../../src/domain/custody/replay.js';
import { eventHash, type StoredEvent } from '../../src/domain/register/chain.js';
import type { Db, Store } from '../../src/store/db.js';
import { roll } from '../../src/store/facilities.js';
import { personView } from '../../src/store/people.js';
import { rowToEvent, verifyRegister } from '../../src/store/register.js';
import { replayedProjections, type TestDb, testDb } from '../helpers/store.js';
import { fillRegister } from './register-fixture.js';

const events = async (db: Db) =>
  (await db.selectFrom('custody_event').selectAll().orderBy('seq').execute()).map(rowToEvent);

/** A payload as the old version wrote it. */
function legacy(e: StoredEvent): unknown {
  const p = e.payload as Record<string, unknown>;
  if (e.kind === 'custody.moved') {
    const { fromCell, toCell, ...rest } = p;
    return { ...rest, from: fromCell, to: toCell };
  }
  if (e.kind === 'custody.transferred') {
    const { fromFacility, toFacility, ...rest } = p;
    return { ...rest, from: fromFacility, to: toFacility };
  }
  return p;
}

/** Rewrites the stored register with old payloads, every hash from the first change on, and the head. */
async function makeLegacy(db: Db) {
  const all = await events(db);
  const first = all.findIndex((e) => legacy(e) !== e.payload);
  let prevHash = all[first - 1]!.hash;
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx); // past the append-only trigger
    for (const e of all.slice(first)) {
      const payload = legacy(e);
      const hash = eventHash(prevHash, { ...e, payload });
      await sql`update custody_event set payload = ${JSON.stringify(payload)}::jsonb, prev_hash = ${prevHash},
        hash = ${hash} where seq = ${e.seq}`.execute(trx);
      prevHash = hash;
    }
    await sql`update register_head set hash = ${prevHash} where id = 1`.execute(trx);
  });
}

describe('a register with moves and transfers recorded under their old field names', () => {
  let db: TestDb;
  let store: Store;
  let fresh: StoredEvent[];
  let freshRoll: { norte: unknown; sur: unknown };

  beforeAll(async () => {
    db = await testDb();
    store = await db.open();
    await fillRegister(store.db);
    fresh = await events(store.db);
    freshRoll = { norte: (await roll(store.db, 'NORTE')).today, sur: (await roll(store.db, 'SUR')).today };
    await makeLegacy(store.db);
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('holds old payloads, and verifies', async () => {
    const old = await events(store.db);
    const moved = old.filter((e) => e.kind === 'custody.moved');
    const transferred = old.filter((e) => e.kind === 'custody.transferred');
    expect(moved).toHaveLength(1);
    expect(transferred).toHaveLength(2);
    for (const e of [...moved, ...transferred]) {
      expect(e.payload).toHaveProperty('to');
      expect(e.payload).not.toHaveProperty('toFacility');
    }
    expect(moved[0]!.payload).not.toHaveProperty('toCell');
    expect((await verifyRegister(store.db)).ok).toBe(true);
  });

  it('replays to the same stays as the new register, and to its projections', async () => {
    const old = await events(store.db);
    expect(replayStays(old)).toEqual(replayStays(fresh));
    const p = await replayedProjections(store.db);
    expect(p.replayed).toEqual(p.stays);
    expect(p.replayedOccupancy).toEqual(p.occupancy);
  });

  it("counts today's transfers out of and into each facility as before", async () => {
    const norte = (await roll(store.db, 'NORTE')).today;
    expect(norte.transferredOut).toBe(2);
    expect(norte).toEqual(freshRoll.norte);
    expect((await roll(store.db, 'SUR')).today).toEqual(freshRoll.sur);
  });

  it("shows old and new events in a person's timeline in the current shape", async () => {
    const old = await events(store.db);
    for (const kind of ['custody.moved', 'custody.transferred']) {
      const e = old.find((x) => x.kind === kind)!;
      const now = fresh.find((x) => x.seq === e.seq)!;
      const view = await personView(store.db, e.personId!);
      const shown = view.timeline.find((x) => x.seq === e.seq)!;
      expect(shown.payload).toEqual(now.payload);
    }
  });
});
