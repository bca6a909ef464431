import { Command, InvalidArgumentError } from 'commander';
import { buildServer } from '../api/server.js';
import { readConfig } from '../config.js';
import { DEMO_PASSWORD, DEMO_USERS, loadDemo } from '../demo/load.js';
import { loadNational, type NationalOptions } from '../demo/national.js';
import type { Anchor } from '../domain/register/chain.js';
import { openStore, type Store } from '../store/db.js';
import { verifyRegister } from '../store/register.js';
import { ALL_FACILITIES, BOOTSTRAP_ROLES, countUsers, createUser } from '../store/users.js';
import { admitCommand } from './admit.js';
import { backupCommands } from './backup.js';
import { progressBar } from './progress.js';
import { projectCommands } from './project.js';
import { userCommands } from './users.js';

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a whole number ≥ 0');
  return n;
};

/** `seq:hash`, as an inspector writes a head down: the event's number and its 64 hex digits. */
const anchorArg = (v: string): Anchor => {
  const m = /^(\d+):([0-9a-fA-F]{64})$/.exec(v.trim());
  if (!m) throw new InvalidArgumentError('seq:hash, e.g. 1200:<the 64 hex digits of its hash>');
  return { seq: Number(m[1]), hash: m[2]!.toLowerCase() };
};

export async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const cfg = readConfig();
  const store = await openStore({
    databaseUrl: cfg.databaseUrl,
    dataDir: cfg.dataDir,
    primaryWaitMs: cfg.primaryWaitMs,
  });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function hasFacilities(store: Store) {
  return !!(await store.db.selectFrom('facility').select('code').limit(1).executeTakeFirst());
}

async function runDemo(store: Store, people?: number) {
  const bar = progressBar('demo');
  const t0 = performance.now();
  const r = await loadDemo(store, {
    ...(people === undefined ? {} : { people }),
    onProgress: (d, t, w) => bar.update(d, t, w),
  });
  bar.done();
  console.log(
    `Demo ready in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${r.admitted} synthetic people admitted to ${r.facilities.join(' and ')}, ${r.released} released since.`,
  );
  return r;
}

async function runNational(store: Store, o: NationalOptions) {
  const people = o.people ?? 2_000_000;
  if (store.kind === 'pglite' && people > 200_000)
    console.error(
      `Note: ${people.toLocaleString('en-US')} people in the embedded database is slow and large; a national system belongs on PostgreSQL (DATABASE_URL).`,
    );
  const bar = progressBar('national demo');
  const t0 = performance.now();
  const r = await loadNational(store, { ...o, onProgress: (d, t, w) => bar.update(d, t, w) });
  bar.done();
  const n = (x: number) => x.toLocaleString('en-US');
  console.log(
    `National demo ready in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${r.facilities} facilities, ${n(r.people)} synthetic people, ${n(r.custodies)} custodies (${n(r.inCustody)} in custody now), ${n(r.events)} register events.`,
  );
  if (r.turnedAway)
    console.log(`${n(r.turnedAway)} admissions were left out: every facility for them was full at the time.`);
  return r;
}

export function program(): Command {
  const cli = new Command('custodia')
    .description('Custodia: custody management for large prison systems')
    .version('0.1.0');

  cli
    .command('serve', { isDefault: true })
    .description(
      'serve the API and the web app (PORT, HOST, CUSTODIA_DATA, DATABASE_URL, CUSTODIA_ADMIN, CUSTODIA_DEMO)',
    )
    .action(async () => {
      const cfg = readConfig();
      const store = await openStore({
        databaseUrl: cfg.databaseUrl,
        dataDir: cfg.dataDir,
        primaryWaitMs: cfg.primaryWaitMs,
        // reads that may go to a standby: the server only (search, the roll at a past moment, reports)
        readReplicas: cfg.readReplicas,
      });
      if (cfg.admin && (await countUsers(store.db)) === 0) {
        await createUser(store.db, { ...cfg.admin, roles: BOOTSTRAP_ROLES, facilities: [ALL_FACILITIES] });
        console.log(`Created administrator ${cfg.admin.username} from CUSTODIA_ADMIN.`);
      }
      let demoUsers: string[] = [];
      if (cfg.demo && !(await hasFacilities(store))) demoUsers = (await runDemo(store)).users;
      const app = await buildServer(store, {
        logger: { level: cfg.logLevel },
        trustProxy: cfg.trustProxy,
        signIn: cfg.signIn,
        pool: cfg.pool,
      });
      const close = async () => {
        await app.close();
        await store.close();
        process.exit(0);
      };
      process.once('SIGINT', close);
      process.once('SIGTERM', close);
      await app.listen({ port: cfg.port, host: cfg.host });
      const url = `http://${cfg.host === '0.0.0.0' || cfg.host === '::' ? 'localhost' : cfg.host}:${cfg.port}/`;
      console.log(`\nCustodia is serving ${url} (data: ${store.where}; API: ${url}api/v1/openapi.json)`);
      if (demoUsers.length) {
        console.log(
          `Demo sign-in: user "admin", password "${DEMO_PASSWORD}" (also: ${DEMO_USERS.slice(1)
            .map((u) => u.username)
            .join(', ')}; same password).`,
        );
        console.log('The demo people are synthetic. Set CUSTODIA_DEMO=0 to start empty.');
      } else if ((await countUsers(store.db)) === 0) {
        console.log(
          'No user exists yet: restart with CUSTODIA_ADMIN=username:password to create the first administrator.',
        );
      }
    });

  cli
    .command('demo')
    .description('fill the database with the demo facilities and synthetic people')
    .option('--people <n>', 'people in CECOT; with --national, people in the whole system', positiveInt)
    .option('--national', 'a synthetic national system with years of history, loaded with COPY')
    .option('--facilities <n>', 'with --national: facilities (default 80)', positiveInt)
    .option(
      '--events <n>',
      'with --national: about this many register events (default 5 a person)',
      positiveInt,
    )
    .option('--years <n>', 'with --national: years of history (default 8)', positiveInt)
    .option('--seed <n>', 'with --national: the seed of the synthetic data (default 2026)', positiveInt)
    .action(
      async (o: {
        people?: number;
        national?: boolean;
        facilities?: number;
        events?: number;
        years?: number;
        seed?: number;
      }) => {
        await withStore(async (store) => {
          if (await hasFacilities(store)) {
            console.error('The database already holds facilities; the demo loads only into an empty one.');
            process.exitCode = 1;
            return;
          }
          if (o.national) await runNational(store, o);
          else await runDemo(store, o.people);
          console.log(
            `Demo users: ${DEMO_USERS.map((u) => u.username).join(', ')} (password "${DEMO_PASSWORD}").`,
          );
        });
      },
    );

  const audit = cli.command('audit').description('the register’s tamper evidence');
  audit
    .command('verify')
    .description('recompute the hash chain of the custody register (exit 1 when it does not verify)')
    .option('--json', 'print the result as JSON')
    .option(
      '--anchor <seq:hash>',
      'a head written down earlier: event seq must still have that hash (repeatable)',
      (v: string, prev: Anchor[]) => [...prev, anchorArg(v)],
      [] as Anchor[],
    )
    .action(async (o: { json?: boolean; anchor: Anchor[] }) => {
      await withStore(async (store) => {
        const r = await verifyRegister(store.db, { anchors: o.anchor });
        if (o.json) console.log(JSON.stringify(r));
        else if (r.ok)
          console.log(
            `ok: ${r.events} events verify; head ${r.head}${o.anchor.length ? `; ${o.anchor.length} anchor(s) match` : ''}`,
          );
        else {
          console.log(`NOT OK: ${r.problems.length} problem(s) in ${r.events} events`);
          for (const p of r.problems.slice(0, 20)) console.log(`  event ${p.seq}: ${p.problem}`);
        }
        if (!r.ok) process.exitCode = 1;
      });
    });

  userCommands(cli, withStore);

  cli
    .command('migrate')
    .description('bring the database schema up to date and exit')
    .action(async () => {
      await withStore(async (store) => console.log(`Schema up to date (${store.kind}: ${store.where}).`));
    });
  backupCommands(cli);
  admitCommand(cli);
  projectCommands(cli, withStore);
  return cli;
}
