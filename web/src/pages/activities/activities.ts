/**
 * Activities as the page makes and shows them: the request bodies, the form field a refusal names,
 * an activity's detail read whatever the server names its lists. Pure, so it is tested without a browser.
 */

import type { components } from '../../api-schema.js';

export const ACTIVITY_KINDS = ['work', 'education', 'programme'] as const;

/** One activity of GET /facilities/{code}/activities. */
export type ActivityRow = components['schemas']['ActivitySummary'];
export type ActivitiesAnswer = components['schemas']['FacilityActivities'];

export const EMPTY_ACTIVITY = { code: '', name: '', kind: 'work' as string, places: '' };
export type ActivityForm = typeof EMPTY_ACTIVITY;

/** A whole number as typed becomes one; anything else is sent as written, for the server to refuse in words. */
const whole = (s: string): number | string => (/^\s*-?\d+\s*$/.test(s) ? Number(s) : s.trim());

/** POST /activities. */
export const activityBody = (facility: string, f: ActivityForm) => ({
  facility,
  code: f.code.trim(),
  name: f.name.trim(),
  kind: f.kind,
  places: whole(f.places),
});

const FIELDS: Record<string, string> = {
  code: 'code',
  name: 'name',
  kind: 'kind',
  places: 'places',
  personId: 'person',
  reason: 'reason',
  activity: 'activity',
};

/** The form field a violation's subject names (`places`, `/places`); null: none of them. */
export function fieldOf(subject: string | undefined): string | null {
  if (!subject) return null;
  return FIELDS[subject.replace(/^\//, '').split(/[./[]/)[0] ?? ''] ?? null;
}

/** GET /facilities/{code}/activities/{activity}. */
export type ActivityDetail = components['schemas']['ActivityDetail'];

/** Someone on an activity, as its tables list them: allocated (the allocation's id) or waiting (the entry's). */
export interface Member {
  id: string;
  personId: string;
  name: string;
  cell: string | null;
  since: string;
}

/** The allocations and the waiting list of an activity as rows of one kind. */
export function members(d: ActivityDetail): { allocated: Member[]; waiting: Member[] } {
  return {
    allocated: d.allocations.map((a) => ({
      id: a.allocationId,
      personId: a.personId,
      name: a.names,
      cell: a.cell,
      since: a.startedAt,
    })),
    waiting: d.waitingList.map((w) => ({
      id: w.entryId,
      personId: w.personId,
      name: w.names,
      cell: null,
      since: w.addedAt,
    })),
  };
}
