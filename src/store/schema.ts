import type { ColumnType, Generated } from 'kysely';

type Json = ColumnType<unknown, string, string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface DB {
  schema_migration: { version: number; name: string; applied_at: Generated<Date> };
  app_user: {
    id: Generated<number>;
    username: string;
    password_hash: string;
    roles: string[];
    facilities: string[];
    disabled: Generated<boolean>;
    created_at: Generated<Date>;
    failed_sign_ins: Generated<number>;
    locked_until: Timestamp | null;
  };
  auth_token: {
    token_hash: string;
    user_id: number;
    created_at: Generated<Date>;
    expires_at: Timestamp;
    revoked_at: Timestamp | null;
  };
  facility: {
    code: string;
    name: string;
    timezone: string;
    jurisdiction: string;
    created_at: Timestamp;
    created_seq: number;
    regime: Json | null;
  };
  unit: {
    id: Generated<number>;
    facility_code: string;
    code: string;
    kind: 'block' | 'landing' | 'cell';
    parent_id: number | null;
    position: number;
    design: number | null;
    operational: number | null;
    area_m2: number | null;
    attributes: string[];
    accepts: Json | null;
    regime: Json | null;
  };
  unit_capacity: {
    unit_id: number;
    effective_at: Timestamp;
    seq: number;
    design: number;
    operational: number;
  };
  cell_occupancy: { unit_id: number; occupants: number };
  person: {
    id: string;
    given_names: string;
    family_names: string;
    date_of_birth: string;
    sex: string;
    national_id: string | null;
    /** ISO 3166-1 alpha-2, when known (migration 15) */
    nationality: ColumnType<string | null, string | null | undefined, string | null>;
    created_seq: number;
    name_words: ColumnType<string[] | null, never, never>;
  };
  person_name_word: { word: string };
  custody: {
    id: string;
    person_id: string;
    facility_code: string;
    status: string;
    admitted_status: string | null;
    security_level: string | null;
    groups: string[];
    legal_basis: Json;
    admitted_at: Timestamp;
    admitted_seq: number;
    cell_id: number | null;
    released_at: Timestamp | null;
    released_seq: number | null;
    release_reason: string | null;
    needs: Generated<string[]>;
    young: Generated<boolean>;
    injuries: string | null;
  };
  stay: {
    id: Generated<number>;
    person_id: string;
    custody_id: string;
    facility_code: string;
    unit_id: number;
    during: string;
    start_seq: number;
    end_seq: number | null;
  };
  grp: { code: string; name: string; created_at: Timestamp; created_seq: number };
  group_rivalry: { a: string; b: string; scope: string; seq: number };
  non_association: {
    id: string;
    person_a: string;
    person_b: string;
    scope: string;
    reason: string;
    details: string | null;
    opened_at: Timestamp;
    opened_seq: number;
    closed_at: Timestamp | null;
    closed_seq: number | null;
    close_reason: string | null;
  };
  duty: {
    id: string;
    kind: string;
    person_id: string;
    custody_id: string;
    facility_code: string;
    since: Timestamp;
    opened_seq: number;
    done_at: Timestamp | null;
    done_seq: number | null;
    done_note: string | null;
    cancelled_at: Timestamp | null;
    cancelled_seq: number | null;
    /** about a confidential complaint: the inspectors' only (migration 15) */
    confidential: Generated<boolean>;
    done_language: ColumnType<string | null, string | null | undefined, string | null>;
  };
  segregation: {
    id: string;
    person_id: string;
    custody_id: string;
    facility_code: string;
    started_at: Timestamp;
    authority: string;
    reason: string;
    started_seq: number;
    ended_at: Timestamp | null;
    ended_seq: number | null;
  };
  death: {
    person_id: string;
    custody_id: string;
    facility_code: string;
    died_at: Timestamp;
    circumstances: string;
    seq: number;
  };
  incident: {
    id: string;
    facility_code: string;
    occurred_at: Timestamp;
    kind: string;
    unit_code: string | null;
    people: string[];
    force_used: boolean;
    description: string;
    seq: number;
  };
  access_log: {
    id: Generated<number>;
    at: Generated<Date>;
    user_id: number | null;
    username: string;
    action: string;
    person_id: string | null;
    facility_code: string | null;
    detail: Json | null;
    /** the people a list showed (one row per request); null on single-person and older rows */
    people: string[] | null;
  };
  register_head: { id: number; seq: number; hash: string };
  /** migration 17: a write's Idempotency-Key and the answer it got (src/store/idempotency.ts) */
  idempotency_key: {
    actor: string;
    key: string;
    fingerprint: string;
    method: string;
    path: string;
    status: number | null;
    content_type: string | null;
    answer: string | null;
    first_seq: number | null;
    last_seq: number | null;
    recorded_at: Generated<Date>;
  };
  custody_event: {
    seq: number;
    recorded_at: Timestamp;
    effective_at: Timestamp;
    actor: string;
    kind: string;
    person_id: string | null;
    facility_code: string | null;
    corrects: number | null;
    payload: Json;
    prev_hash: string;
    hash: string;
  };
  sentence: {
    id: string;
    person_id: string;
    custody_id: string;
    case_reference: string;
    court: string;
    imposed_at: string;
    length: Json;
    offence_category: string;
    relation_kind: string | null;
    relation_to: string | null;
    seq: number;
    corrected_seq: number | null;
  };
  sentence_credit: {
    seq: number;
    sentence_id: string;
    from_date: string;
    to_date: string;
    kind: string;
    reference: string;
  };
  sentence_reduction: {
    seq: number;
    sentence_id: string;
    days: number;
    granted_at: string;
    reference: string;
  };
  release_dates: {
    custody_id: string;
    person_id: string;
    release_date: string | null;
    parole_date: string | null;
    sunday_leave_date: string | null;
    credited_days: number;
    reduced_days: number;
    case_references: string[];
    seq: number;
  };
  visitor: {
    id: string;
    given_names: string;
    family_names: string;
    national_id: string;
    date_of_birth: string | null;
    seq: number;
  };
  visitor_ban: {
    id: string;
    visitor_id: string;
    facility_code: string | null;
    reason: string;
    from_date: string;
    until_date: string;
    seq: number;
    lifted_seq: number | null;
    lifted_reason: string | null;
  };
  person_visitor: {
    person_id: string;
    visitor_id: string;
    relationship: string;
    kind: 'family' | 'legal' | 'other';
    seq: number;
  };
  visit_session: {
    id: string;
    facility_code: string;
    starts_at: Timestamp;
    ends_at: Timestamp;
    capacity: number;
    kinds: string[];
    seq: number;
  };
  visit: {
    id: string;
    person_id: string;
    custody_id: string;
    facility_code: string;
    kind: 'family' | 'legal' | 'intimate';
    starts_at: Timestamp;
    ends_at: Timestamp;
    visitor_ids: string[];
    session_id: string | null;
    status: 'booked' | 'held' | 'cancelled' | 'no-show' | 'refused';
    reason: string | null;
    seq: number;
    outcome_seq: number | null;
  };
  unit_time: {
    id: string;
    facility_code: string;
    unit_id: number;
    kind: 'open-air' | 'out-of-cell';
    day: string;
    minutes: number;
    seq: number;
  };
  unit_time_exception: {
    record_id: string;
    facility_code: string;
    person_id: string;
    reason: string;
  };
  activity: {
    facility_code: string;
    code: string;
    name: string;
    kind: 'work' | 'education' | 'programme';
    places: number;
    seq: number;
  };
  activity_allocation: {
    id: string;
    facility_code: string;
    activity_code: string;
    person_id: string;
    custody_id: string;
    started_at: Timestamp;
    ended_at: Timestamp | null;
    end_reason: string | null;
    seq: number;
    end_seq: number | null;
  };
  activity_waitlist: {
    id: string;
    facility_code: string;
    activity_code: string;
    person_id: string;
    custody_id: string;
    added_at: Timestamp;
    left_at: Timestamp | null;
    left_reason: string | null;
    seq: number;
  };
  activity_attendance: {
    facility_code: string;
    activity_code: string;
    day: string;
    person_id: string;
    present: boolean;
    minutes: number;
    reason: string | null;
    seq: number;
  };
  disciplinary_charge: {
    id: string;
    person_id: string;
    custody_id: string;
    facility_code: string;
    incident_reference: string;
    offence_code: string;
    offence_severity: 'grave' | 'less-grave' | 'minor';
    offence_description: string;
    occurred_at: Timestamp;
    charged_at: Timestamp;
    seq: number;
    notice_at: Timestamp | null;
    notice_language: string | null;
    notice_seq: number | null;
    heard_at: Timestamp | null;
    adjudicator: string | null;
    heard: boolean | null;
    outcome: 'proved' | 'dismissed' | null;
    interpreter: string | null;
    legal_assistance: string | null;
    plea: string | null;
    evidence: string | null;
    hearing_seq: number | null;
    appeal_at: Timestamp | null;
    appeal_grounds: string | null;
    appeal_seq: number | null;
    appeal_decided_at: Timestamp | null;
    appeal_outcome: 'upheld' | 'quashed' | null;
    appeal_decided_by: string | null;
    appeal_reason: string | null;
    appeal_decision_seq: number | null;
  };
  sanction: {
    id: string;
    charge_id: string;
    person_id: string;
    facility_code: string;
    kind: string;
    days: number | null;
    starts_at: Timestamp;
    ends_at: Timestamp | null;
    segregation_id: string | null;
    seq: number;
    quashed_at: Timestamp | null;
    quashed_seq: number | null;
  };
  complaint: {
    id: string;
    person_id: string;
    custody_id: string | null;
    facility_code: string;
    addressee: 'governor' | 'inspector' | 'judge';
    subject: string;
    text: string;
    confidential: boolean;
    received_at: Timestamp;
    seq: number;
    response_text: string | null;
    responded_at: Timestamp | null;
    response_seq: number | null;
  };
}
