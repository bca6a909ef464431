import type { Migration } from './migrations.js';

/**
 * Migration 17: idempotency keys (docs/decisions/0008-idempotency-keys.md). Never edit a migration
 * that has shipped; add a new one.
 */
export const haMigrations: Migration[] = [
  {
    version: 17,
    name: 'idempotency keys of writes',
    sql: /* sql */ `
-- A write sent with an Idempotency-Key leaves its key here, in the same transaction as the write, with
-- the answer the client was given: a retry of the same request (after a lost answer, a failover) is
-- answered from here and records nothing twice. Transport bookkeeping, not a custody fact: the register
-- holds the facts; a key names the request that produced them. Keys are per user.
create table idempotency_key (
  actor text not null,
  key text not null check (length(key) between 1 and 255),
  -- sha-256 of the method, the path and the body: the same key with another request is refused
  fingerprint text not null,
  method text not null,
  path text not null,
  status int,
  content_type text,
  answer text,
  -- the register's head before and after the write: which events this request recorded
  first_seq bigint,
  last_seq bigint,
  recorded_at timestamptz not null default now(),
  primary key (actor, key)
);
create index idempotency_key_recorded_at on idempotency_key (recorded_at);
`,
  },
];
