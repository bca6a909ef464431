import { MANDELA_39 } from '../../domain/discipline/compliance.js';
import { daysBetween, dueAt } from '../../domain/safeguards/deadline.js';
import type { DutyKind, Profile } from '../../domain/safeguards/profile.js';
import { FLOOR, nationalProfile } from '../../domain/safeguards/profiles/index.js';
import type { Db } from '../db.js';
import { overdueReleases } from '../release-dates.js';

export interface Alert {
  rule: string;
  ref: string;
  profile: string;
  severity: string;
  facility: string;
  personId: string;
  dueAt: string;
  message: string;
  params: Record<string, unknown>;
  dutyId?: string;
  segregationId?: string;
}

/** Open deadline alerts: overdue duties and prolonged segregation, under the floor and the facility's national profile. */
export async function alerts(
  db: Db,
  facilities: string[] | null,
  now = new Date(),
  /** the caller sees confidential duties (inspectors: rule `complaint-confidential`, docs/complaints.md) */
  confidential = false,
): Promise<Alert[]> {
  let fq = db.selectFrom('facility').select(['code', 'timezone', 'jurisdiction']);
  if (facilities) fq = fq.where('code', 'in', facilities.length ? facilities : ['']);
  const out: Alert[] = [];
  const list = await fq.orderBy('code').execute();
  for (const f of list) {
    const profiles = [FLOOR, nationalProfile(f.jurisdiction)].filter((p): p is Profile => !!p);
    let dq = db
      .selectFrom('duty')
      .select(['id', 'kind', 'person_id', 'since'])
      .where('facility_code', '=', f.code)
      .where('done_at', 'is', null)
      .where('cancelled_at', 'is', null);
    if (!confidential) dq = dq.where('confidential', '=', false);
    const open = await dq.execute();
    for (const d of open) {
      for (const p of profiles) {
        const rule = p.deadlines[d.kind as DutyKind];
        if (!rule) continue;
        const due = dueAt(d.since, rule.within, f.timezone);
        if (now > due) {
          out.push({
            rule: rule.rule,
            ref: rule.ref,
            profile: p.id,
            severity: rule.severity,
            facility: f.code,
            personId: d.person_id,
            dueAt: due.toISOString(),
            message: `finding.overdue.${d.kind}`,
            params: { person: d.person_id, due: due.toISOString() },
            dutyId: d.id,
          });
        }
      }
    }
    const segs = await db
      .selectFrom('segregation')
      .select(['id', 'person_id', 'started_at'])
      .where('facility_code', '=', f.code)
      .where('ended_at', 'is', null)
      .execute();
    for (const s of segs) {
      for (const p of profiles) {
        if (!p.segregation) continue;
        const days = daysBetween(s.started_at, now, f.timezone);
        if (days > p.segregation.maxDays) {
          const due = dueAt(s.started_at, { days: p.segregation.maxDays }, f.timezone);
          out.push({
            rule: p.segregation.rule,
            ref: p.segregation.ref,
            profile: p.id,
            severity: p.segregation.severity,
            facility: f.code,
            personId: s.person_id,
            dueAt: due.toISOString(),
            message: 'finding.segregation-prolonged',
            params: { person: s.person_id, days, max: p.segregation.maxDays, open: true },
            segregationId: s.id,
          });
        }
      }
    }
  }
  // an isolation's segregation still open past its sanction's end, not quashed (docs/discipline.md;
  // the compliance finding `mandela-39`, src/domain/discipline/compliance.ts)
  if (list.length) {
    const over = await db
      .selectFrom('sanction')
      .innerJoin('segregation', 'segregation.id', 'sanction.segregation_id')
      .select([
        'sanction.charge_id',
        'sanction.ends_at',
        'segregation.id',
        'segregation.person_id',
        'segregation.facility_code',
      ])
      .where('sanction.kind', '=', 'isolation')
      .where('sanction.quashed_at', 'is', null)
      .where('sanction.ends_at', '<', now)
      .where('segregation.ended_at', 'is', null)
      .where(
        'segregation.facility_code',
        'in',
        list.map((f) => f.code),
      )
      .execute();
    for (const o of over) {
      if (!o.ends_at) continue;
      const tz = list.find((f) => f.code === o.facility_code)?.timezone ?? 'UTC';
      out.push({
        rule: MANDELA_39.rule,
        ref: MANDELA_39.ref,
        profile: FLOOR.id,
        severity: MANDELA_39.severity,
        facility: o.facility_code,
        personId: o.person_id,
        dueAt: o.ends_at.toISOString(),
        message: 'finding.isolation-past-until',
        params: {
          person: o.person_id,
          charge: o.charge_id,
          until: o.ends_at.toISOString(),
          days: daysBetween(o.ends_at, now, tz),
          open: true,
        },
        segregationId: o.id,
      });
    }
  }
  // held past the release date with no other order holding them (docs/sentences.md)
  const byCode = new Map(list.map((f) => [f.code, f]));
  for (const o of await overdueReleases(db, facilities, now)) {
    const f = byCode.get(o.facility);
    if (!f) continue;
    for (const p of [FLOOR, nationalProfile(f.jurisdiction)]) {
      if (!p?.releaseOverdue) continue;
      out.push({
        rule: p.releaseOverdue.rule,
        ref: p.releaseOverdue.ref,
        profile: p.id,
        severity: p.releaseOverdue.severity,
        facility: f.code,
        personId: o.personId,
        dueAt: o.dueAt.toISOString(),
        message: 'finding.release-overdue',
        params: { person: o.personId, releaseDate: o.releaseDate },
      });
    }
  }
  return out.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}
