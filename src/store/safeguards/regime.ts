import type { Regime } from '../../domain/safeguards/compliance.js';
import { checkRegimeUnit } from '../../domain/safeguards/regime.js';
import { notFound } from '../../domain/violation.js';
import type { Db } from '../db.js';
import { facilityRow } from '../facilities.js';
import { appendEvents, type Trx, type WriteOptions, withRegister } from '../register.js';

/** Sets the regime of a facility (`unit` null) or of one of its blocks. */
export async function setRegime(
  db: Db,
  facility: string,
  unit: string | null,
  regime: Regime,
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    await facilityRow(trx, facility);
    opts.authorize?.(facility);
    if (unit !== null) {
      const u = await trx
        .selectFrom('unit')
        .select(['id', 'kind'])
        .where('facility_code', '=', facility)
        .where('code', '=', unit)
        .executeTakeFirst();
      if (!u) throw notFound('unknown-unit', { unit, facility });
      checkRegimeUnit(u.kind);
      await appendEvents(
        trx,
        actor,
        [{ kind: 'regime.set', effectiveAt: now, facility, payload: { unit, regime } }],
        now,
      );
      await trx
        .updateTable('unit')
        .set({ regime: JSON.stringify(regime) })
        .where('id', '=', u.id)
        .execute();
    } else {
      await appendEvents(
        trx,
        actor,
        [{ kind: 'regime.set', effectiveAt: now, facility, payload: { unit: null, regime } }],
        now,
      );
      await trx
        .updateTable('facility')
        .set({ regime: JSON.stringify(regime) })
        .where('code', '=', facility)
        .execute();
    }
    return getRegime(trx, facility);
  });
}

export async function getRegime(
  db: Db | Trx,
  facility: string,
): Promise<(Regime & { blocks: Record<string, Regime> }) | { blocks: Record<string, Regime> }> {
  const f = await db
    .selectFrom('facility')
    .select(['regime'])
    .where('code', '=', facility)
    .executeTakeFirst();
  if (!f) throw notFound('unknown-facility', { facility });
  const blocks = await db
    .selectFrom('unit')
    .select(['code', 'regime'])
    .where('facility_code', '=', facility)
    .where('regime', 'is not', null)
    .execute();
  return {
    ...((f.regime as Regime | null) ?? {}),
    blocks: Object.fromEntries(blocks.map((b) => [b.code, b.regime as Regime])),
  };
}
