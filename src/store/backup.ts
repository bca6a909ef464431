import { execFile } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import {
  hidePassword,
  LOCK_FILE,
  lockFolder,
  openStore,
  PGLITE_EXTENSIONS,
  type StoreOptions,
} from './db.js';
import { type VerifyResult, verifyRegister } from './register.js';
import { must } from './util.js';

/**
 * Backups of the whole database, and their restore into an empty one.
 *
 * - PGlite (the embedded database): a gzipped tar of the data folder (PGlite's `dumpDataDir`), taken
 *   under the folder lock after a checkpoint; restored with PGlite's `loadDataDir` into an empty or
 *   new folder.
 * - PostgreSQL: a `pg_dump -Fc` archive; restored with `pg_restore` in one transaction into the empty
 *   database of DATABASE_URL (the PostgreSQL client tools must be on the PATH).
 *
 * A restore never writes into a database that holds anything; a restore that fails leaves the
 * target as it was (PostgreSQL: one transaction; PGlite: the folder is emptied again).
 */

/** A refusal or failure with a message for the operator. */
export class BackupError extends Error {}

export type BackupKind = 'pglite' | 'postgres';

export interface RegisterHead {
  seq: number;
  hash: string;
}

export interface BackupResult {
  kind: BackupKind;
  /** where the data came from, for messages (a folder, or the URL without its password) */
  from: string;
  file: string;
  bytes: number;
  /** the register head the backup holds */
  head: RegisterHead;
}

export interface RestoreResult {
  kind: BackupKind;
  /** where the data went, for messages */
  into: string;
  /** the restored register, recomputed */
  register: VerifyResult;
}

/** What a backup file holds, from its first bytes. */
export function backupKind(file: string): BackupKind | null {
  const head = Buffer.alloc(8);
  const fd = openSync(file, 'r');
  let n: number;
  try {
    n = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (n >= 5 && head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres';
  if (n >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'pglite';
  return null;
}

export async function backup(opts: StoreOptions, file: string): Promise<BackupResult> {
  if (existsSync(file)) throw new BackupError(`${file} exists already; choose a new file name.`);
  const partial = `${file}.partial-${process.pid}`;
  try {
    const r = opts.databaseUrl
      ? await dumpPostgres(opts.databaseUrl, partial)
      : await dumpPGlite(opts.dataDir ?? './data', partial);
    renameSync(partial, file);
    return { ...r, file };
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}

export async function restore(opts: StoreOptions, file: string): Promise<RestoreResult> {
  if (!existsSync(file)) throw new BackupError(`${file} does not exist.`);
  const kind = backupKind(file);
  if (!kind)
    throw new BackupError(
      `${file} is not a Custodia backup (neither a gzipped PGlite data folder nor a pg_dump custom-format archive).`,
    );
  if (opts.databaseUrl) {
    if (kind !== 'postgres')
      throw new BackupError(
        `${file} is a backup of the embedded database (PGlite); restore it without DATABASE_URL, into an empty CUSTODIA_DATA folder.`,
      );
    await restorePostgres(opts.databaseUrl, file);
    const store = await openStore({ databaseUrl: opts.databaseUrl });
    try {
      return { kind, into: store.where, register: await verifyRegister(store.db) };
    } finally {
      await store.close();
    }
  }
  if (kind !== 'pglite')
    throw new BackupError(
      `${file} is a PostgreSQL backup (pg_dump); restore it with DATABASE_URL set to an empty database.`,
    );
  const dataDir = opts.dataDir ?? './data';
  await restorePGlite(dataDir, file);
  const store = await openStore({ dataDir });
  try {
    return { kind, into: store.where, register: await verifyRegister(store.db) };
  } finally {
    await store.close();
  }
}

// ---- PGlite

const lockFor = (dataDir: string, what: string) => lockFolder(dataDir, `Stop it before the ${what}.`);

function checkFolder(dataDir: string) {
  if (dataDir.includes('://'))
    throw new BackupError(`CUSTODIA_DATA=${dataDir} is not a folder; backup and restore need one.`);
}

async function dumpPGlite(dataDir: string, out: string): Promise<Omit<BackupResult, 'file'>> {
  checkFolder(dataDir);
  if (!existsSync(join(dataDir, 'PG_VERSION')))
    throw new BackupError(`There is no database in ${dataDir} (CUSTODIA_DATA).`);
  const unlock = lockFor(dataDir, 'backup');
  try {
    const client = await PGlite.create(dataDir, { extensions: PGLITE_EXTENSIONS });
    try {
      const head = await readHead((q) => client.query<HeadRow>(q).then((r) => r.rows));
      // the data files then hold every committed change, so the copy needs no WAL replay
      await client.exec('checkpoint');
      const tgz = await client.dumpDataDir('gzip');
      const bytes = Buffer.from(await tgz.arrayBuffer());
      writeFileSync(out, bytes, { flag: 'wx' });
      return { kind: 'pglite', from: dataDir, bytes: bytes.length, head };
    } finally {
      await client.close();
    }
  } finally {
    unlock();
  }
}

async function restorePGlite(dataDir: string, file: string) {
  checkFolder(dataDir);
  const existed = existsSync(dataDir);
  if (existed && readdirSync(dataDir).length > 0)
    throw new BackupError(
      `The data folder ${dataDir} is not empty; a restore goes only into an empty or new folder (set CUSTODIA_DATA).`,
    );
  // unpacked here rather than by PGlite, whose gunzip leaves an unhandled rejection behind when the
  // file is damaged (the process then dies after the restore was undone)
  let tar: Uint8Array<ArrayBuffer>;
  try {
    tar = await promisify(gunzip)(readFileSync(file));
  } catch (err) {
    throw new BackupError(
      `${file} is damaged (${err instanceof Error ? err.message : String(err)}); nothing was restored.`,
    );
  }
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockFor(dataDir, 'restore');
  let client: PGlite | undefined;
  try {
    client = await PGlite.create(dataDir, {
      extensions: PGLITE_EXTENSIONS,
      loadDataDir: new Blob([tar], { type: 'application/x-tar' }),
    });
    // the copy carries the lock file of the process that made it: the folder is this process's
    writeFileSync(join(dataDir, LOCK_FILE), String(process.pid));
    // one query proves the database starts on the restored files and holds a register
    await client.query('select 1 from register_head');
    await client.close();
  } catch (err) {
    if (client && !client.closed) await client.close().catch(() => {});
    // leave the folder as it was: empty (or absent)
    for (const f of readdirSync(dataDir)) rmSync(join(dataDir, f), { recursive: true, force: true });
    if (!existed) rmSync(dataDir, { recursive: true, force: true });
    throw new BackupError(
      `The restore of ${file} failed and was undone: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  unlock();
}

// ---- PostgreSQL

interface HeadRow {
  seq: string;
  hash: string;
}

async function readHead(query: (sql: string) => Promise<HeadRow[]>): Promise<RegisterHead> {
  let rows: HeadRow[];
  try {
    rows = await query('select seq::text as seq, hash from register_head where id = 1');
  } catch {
    throw new BackupError('The database holds no Custodia register (run `custodia migrate` first?).');
  }
  const r = rows[0];
  if (!r) throw new BackupError('The database holds no Custodia register head.');
  return { seq: Number(r.seq), hash: r.hash };
}

/** The URL without its password, and the environment that passes the password to libpq. */
function libpq(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const env = { ...process.env };
  if (u.password) {
    env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = '';
  }
  return { url: u.toString(), env };
}

function run(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { env, maxBuffer: 64 * 1024 * 1024 }, (err, _stdout, stderr) => {
      if (!err) return resolve();
      if ((err as NodeJS.ErrnoException).code === 'ENOENT')
        return reject(
          new BackupError(
            `${tool} was not found: install the PostgreSQL client tools (version 15 or later).`,
          ),
        );
      reject(new BackupError(`${tool} failed: ${stderr.trim() || err.message}`));
    });
  });
}

async function dumpPostgres(databaseUrl: string, out: string): Promise<Omit<BackupResult, 'file'>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // pg_dump reads the snapshot of this transaction, so the head reported is the head dumped
    await client.query('begin isolation level repeatable read read only');
    const exported = await client.query<{ s: string }>('select pg_export_snapshot() as s');
    const snapshot = must(exported.rows[0], 'the row of pg_export_snapshot()').s;
    const head = await readHead((q) => client.query<HeadRow>(q).then((r) => r.rows));
    const { url, env } = libpq(databaseUrl);
    await run(
      'pg_dump',
      ['--format=custom', `--snapshot=${snapshot}`, `--file=${out}`, `--dbname=${url}`],
      env,
    );
    await client.query('commit');
    return { kind: 'postgres', from: hidePassword(databaseUrl), bytes: statSync(out).size, head };
  } finally {
    await client.end();
  }
}

async function restorePostgres(databaseUrl: string, file: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ n: number }>(
      `select count(*)::int as n from pg_class c join pg_namespace s on s.oid = c.relnamespace
        where s.nspname <> 'information_schema' and s.nspname not like 'pg\\_%'`,
    );
    const { n } = must(r.rows[0], 'the row of a count');
    if (n > 0)
      throw new BackupError(
        `The database ${hidePassword(databaseUrl)} is not empty; a restore goes only into an empty database (this one holds ${n} tables, indexes or sequences).`,
      );
  } finally {
    await client.end();
  }
  const { url, env } = libpq(databaseUrl);
  // one transaction: a restore that fails leaves the database empty. Owners and grants of the
  // source are not carried over: the restored objects belong to the user of DATABASE_URL.
  await run(
    'pg_restore',
    ['--single-transaction', '--exit-on-error', '--no-owner', '--no-privileges', `--dbname=${url}`, file],
    env,
  );
}
