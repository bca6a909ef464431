/**
 * A throw-away pg_auto_failover formation on loopback (docs/decisions/0007-failover-pg-auto-failover.md):
 * one monitor and two data nodes in a temporary folder, on free ports, run as the `postgres` OS user
 * (pg_autoctl refuses root). Synchronous replication is pg_auto_failover's default with two data nodes
 * (`synchronous_standby_names = 'ANY 1 (…)'` while the standby is healthy); the monitor's timeouts are
 * lowered so that a dead primary is replaced in seconds, not the default half minute. Nothing here decides
 * a failover: the monitor does.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
} from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The monitor's health checks, quick (defaults: 5 s period and timeout, 20 s unhealthy, 30 s demote). */
const MONITOR_SETTINGS: Record<string, number> = {
  'pgautofailover.health_check_period': 1000,
  'pgautofailover.health_check_timeout': 1000,
  'pgautofailover.health_check_max_retries': 1,
  'pgautofailover.health_check_retry_delay': 500,
  'pgautofailover.node_considered_unhealthy_timeout': 2000,
  // the monitor waits this long for a lost primary to demote itself before it lets the standby take
  // writes; it must stay above the keepers' network_partition_timeout (below), as the defaults are (30 > 20)
  'pgautofailover.primary_demote_timeout': 3000,
  'pgautofailover.startup_grace_period': 2000,
};
/** Seconds a primary that reaches neither the monitor nor a standby waits before it demotes itself. */
const NETWORK_PARTITION_TIMEOUT = 2;

/** The newest PostgreSQL major installed, and its binaries. */
function postgresMajor(): string | undefined {
  if (!existsSync('/usr/lib/postgresql')) return undefined;
  return readdirSync('/usr/lib/postgresql')
    .filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/pg_ctl`))
    .sort((a, b) => Number(a) - Number(b))
    .at(-1);
}

async function which(cmd: string): Promise<boolean> {
  return run('sh', ['-c', `command -v ${cmd}`]).then(
    () => true,
    () => false,
  );
}

/** Installs pg_auto_failover (and PostgreSQL) from Debian's packages when pg_autoctl is missing. */
export async function ensurePackages(log: (s: string) => void): Promise<void> {
  let major = postgresMajor();
  if (
    major &&
    (await which('pg_autoctl')) &&
    existsSync(`/usr/lib/postgresql/${major}/lib/pgautofailover.so`)
  )
    return;
  if (process.getuid?.() !== 0)
    throw new Error('pg_autoctl is missing; install pg-auto-failover-cli as root');
  log('installing pg_auto_failover (apt-get)…');
  const apt = (args: string[]) =>
    run('apt-get', args, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      maxBuffer: 64 * 1024 * 1024,
    });
  await apt(['update', '-qq']);
  if (!major) {
    await apt(['install', '-y', '-qq', 'postgresql']);
    major = postgresMajor();
    if (!major) throw new Error('apt-get installed no PostgreSQL server');
  }
  await apt(['install', '-y', '-qq', `postgresql-${major}-auto-failover`, 'pg-auto-failover-cli']);
}

/** `n` distinct ports on 127.0.0.1 that nothing listens on now (never 5432). */
export async function freePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    if (port !== 5432) ports.add(port);
  }
  return [...ports];
}

/** The process ids under `root` (itself included), from /proc: postgres's children have sessions of their own. */
async function processTree(root: number): Promise<number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // ended meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

/** Whether a process is alive (not a zombie: a killed child not yet reaped counts as dead). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Live processes whose working directory is `dir` (PostgreSQL's run in their data folder). */
function inFolder(dir: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`) === dir && alive(Number(entry))) found.push(Number(entry));
    } catch {
      // ended meanwhile, or not ours to read
    }
  }
  return found;
}

function signal(pid: number, sig: NodeJS.Signals) {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

export interface DataNode {
  name: string;
  port: number;
  pgdata: string;
  logFile: string;
  /** the process we started (runuser or pg_autoctl): the root of the node's processes */
  proc: ChildProcess;
  killed: boolean;
}

export interface NodeState {
  name: string;
  port: number;
  reported: string;
  assigned: string;
}

export class Cluster {
  readonly monitorPort: number;
  readonly nodes: DataNode[] = [];
  private monitorProc: ChildProcess | null = null;
  private readonly env: Record<string, string>;
  private readonly bin: string;

  private constructor(
    readonly dir: string,
    ports: number[],
    major: string,
    /** the monitor's and keepers' timeouts lowered (MONITOR_SETTINGS); false: pg_auto_failover's own */
    readonly quick: boolean,
  ) {
    this.monitorPort = ports[0]!;
    this.bin = `/usr/lib/postgresql/${major}/bin`;
    this.env = {
      PATH: `${this.bin}:/usr/sbin:/usr/bin:/sbin:/bin`,
      HOME: dir,
      LANG: 'C.UTF-8',
      // pg_autoctl keeps its configuration, state and pid files under these: all in the folder
      XDG_CONFIG_HOME: join(dir, 'config'),
      XDG_DATA_HOME: join(dir, 'share'),
      XDG_RUNTIME_DIR: join(dir, 'run'),
    };
  }

  /** A folder (mktemp -d) owned by postgres, and free ports for the monitor and two nodes. */
  static async prepare(o: { quick: boolean } = { quick: true }): Promise<Cluster> {
    const major = postgresMajor();
    if (!major) throw new Error('no PostgreSQL server under /usr/lib/postgresql');
    const dir = mkdtempSync(join(tmpdir(), 'custodia-failover-'));
    const cluster = new Cluster(dir, await freePorts(3), major, o.quick);
    for (const sub of ['config', 'share', 'run']) mkdirSync(join(dir, sub));
    if (process.getuid?.() === 0) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: gid } = await run('id', ['-g', 'postgres']);
      for (const p of ['', 'config', 'share', 'run'])
        chownSync(join(dir, p), Number(stdout.trim()), Number(gid.trim()));
    }
    return cluster;
  }

  /** `pg_autoctl …` as the postgres user (as this user when not root), in the folder's environment. */
  private argv(args: string[]): string[] {
    const env = Object.entries(this.env).map(([k, v]) => `${k}=${v}`);
    const as = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
    return [...as, 'env', '-i', ...env, 'pg_autoctl', ...args];
  }

  /** A pg_autoctl command to its end. */
  async autoctl(args: string[], timeout = 60_000): Promise<string> {
    const [cmd, ...rest] = this.argv(args);
    const { stdout } = await run(cmd!, rest, { cwd: this.dir, timeout, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  }

  /** A pg_autoctl service in a process group of its own, its output in a log file of the folder. */
  private service(args: string[], logFile: string): ChildProcess {
    const fd = openSync(logFile, 'a');
    const [cmd, ...rest] = this.argv(args);
    const child = spawn(cmd!, rest, { cwd: this.dir, detached: true, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    child.unref();
    return child;
  }

  get monitorPgdata() {
    return join(this.dir, 'monitor');
  }

  get monitorUrl() {
    return `postgres://autoctl_node@127.0.0.1:${this.monitorPort}/pg_auto_failover?sslmode=disable`;
  }

  /** The monitor, listening on 127.0.0.1 only, with quick health checks. */
  async startMonitor(): Promise<void> {
    const pgdata = this.monitorPgdata;
    const common = ['--pgdata', pgdata, '--pgctl', `${this.bin}/pg_ctl`];
    await this.autoctl([
      'create',
      'monitor',
      ...common,
      '--pgport',
      String(this.monitorPort),
      '--hostname',
      '127.0.0.1',
      '--auth',
      'trust',
      '--no-ssl',
      '--ssl-mode',
      'disable',
    ]);
    await this.autoctl(['config', 'set', '--pgdata', pgdata, 'postgresql.listen_addresses', '127.0.0.1']);
    this.monitorProc = this.service(['run', '--pgdata', pgdata], join(this.dir, 'monitor.log'));
    await this.waitFor('the monitor to accept connections', 30_000, () => this.ready(this.monitorPort));
    await this.sql(this.monitorPort, 'pg_auto_failover', async (c) => {
      for (const [name, value] of Object.entries(this.quick ? MONITOR_SETTINGS : {}))
        await c.query(`alter system set ${name} = ${value}`);
      await c.query('select pg_reload_conf()');
    });
  }

  /**
   * A data node registered with the monitor and running: the first becomes the primary (and creates
   * the database `dbname`), the next a synchronous standby, copied from the primary.
   */
  async addNode(name: string, port: number, dbname: string): Promise<DataNode> {
    const pgdata = join(this.dir, name);
    const logFile = join(this.dir, `${name}.log`);
    const proc = this.service(
      [
        'create',
        'postgres',
        '--pgdata',
        pgdata,
        '--pgctl',
        `${this.bin}/pg_ctl`,
        '--pgport',
        String(port),
        '--listen',
        '127.0.0.1',
        '--hostname',
        '127.0.0.1',
        '--name',
        name,
        '--dbname',
        dbname,
        '--monitor',
        this.monitorUrl,
        '--auth',
        'trust',
        // loopback only: no TLS, and the formation's URL says so (node-postgres reads `sslmode=prefer`
        // as verify-full); operations.md sets up a real cluster with certificates
        '--no-ssl',
        '--ssl-mode',
        'disable',
        '--run',
      ],
      logFile,
    );
    const node: DataNode = { name, port, pgdata, logFile, proc, killed: false };
    this.nodes.push(node);
    return node;
  }

  /** Creates the two data nodes and waits for one primary and one secondary. */
  async startNodes(dbname: string): Promise<void> {
    const ports = [await freePorts(4)].flat().filter((p) => p !== this.monitorPort);
    const first = await this.addNode('node1', ports[0]!, dbname);
    await this.waitFor('node1 to be a primary on its own', 60_000, async () =>
      (await this.state()).some((s) => s.name === 'node1' && s.reported === 'single'),
    );
    await this.addNode('node2', ports[1]!, dbname);
    // pg_basebackup asks the primary for a spread checkpoint, which an idle server may take minutes to
    // finish: an explicit CHECKPOINT finishes it at once
    await this.waitFor('node1 primary and node2 secondary', 120_000, async () => {
      const states = await this.state();
      const s = Object.fromEntries(states.map((n) => [n.name, n.reported]));
      if (s.node2 !== 'secondary')
        await this.sql(first.port, 'postgres', (c) => c.query('checkpoint')).catch(() => {});
      return s.node1 === 'primary' && s.node2 === 'secondary';
    });
    if (!this.quick) return;
    for (const n of this.nodes)
      await this.autoctl([
        'config',
        'set',
        '--pgdata',
        n.pgdata,
        'timeout.network_partition_timeout',
        String(NETWORK_PARTITION_TIMEOUT),
      ]);
  }

  /** The formation as the monitor sees it. */
  async state(): Promise<NodeState[]> {
    const out = await this.autoctl(['show', 'state', '--pgdata', this.monitorPgdata, '--json'], 15_000);
    const rows = JSON.parse(out) as {
      nodename: string;
      nodeport: number;
      current_group_state: string;
      assigned_group_state: string;
    }[];
    return rows.map((r) => ({
      name: r.nodename,
      port: r.nodeport,
      reported: r.current_group_state,
      assigned: r.assigned_group_state,
    }));
  }

  /** The monitor's table, for the progress lines. */
  async stateTable(): Promise<string> {
    return this.autoctl(['show', 'state', '--pgdata', this.monitorPgdata], 15_000).catch((e) => String(e));
  }

  /** The formation's URL, as `pg_autoctl show uri` prints it, with the user Custodia signs in as. */
  async uri(user = 'postgres'): Promise<string> {
    const out = await this.autoctl(['show', 'uri', '--pgdata', this.monitorPgdata, '--formation', 'default']);
    const url = out.trim();
    if (!/^postgres(ql)?:\/\/[^@/]+\//.test(url)) throw new Error(`unexpected formation URI: ${url}`);
    return url.replace(/^postgres(ql)?:\/\//, `postgres://${user}@`);
  }

  /** The node whose postgres takes writes now (asked of the nodes themselves), if any. */
  async writable(): Promise<DataNode | undefined> {
    for (const n of this.nodes) {
      if (n.killed) continue;
      const rw = await this.sql(n.port, 'postgres', async (c) => {
        const r = await c.query<{ ro: string; rec: boolean }>(
          'select pg_is_in_recovery() as rec, current_setting($1) as ro',
          ['transaction_read_only'],
        );
        return !r.rows[0]!.rec && r.rows[0]!.ro === 'off';
      }).catch(() => false);
      if (rw) return n;
    }
    return undefined;
  }

  /** SIGKILL of the node's keeper and its postgres, every process of it, at once: a dead server. */
  /**
   * Every process of the node dies at once, as with a machine that loses power: the keeper's process
   * group and tree, then, until none is left, any process whose working directory is the node's data
   * folder (a PostgreSQL backend forked while the tree was being listed would otherwise survive its
   * postmaster and could still commit). Resolves once none of them is alive.
   */
  async kill(node: DataNode): Promise<void> {
    const tree = await processTree(node.proc.pid!);
    signal(-node.proc.pid!, 'SIGKILL');
    for (const pid of tree) signal(pid, 'SIGKILL');
    node.killed = true;
    const until = Date.now() + 5_000;
    for (;;) {
      const left = [...tree.filter(alive), ...inFolder(node.pgdata)];
      if (left.length === 0) return;
      if (Date.now() > until)
        throw new Error(`processes of ${node.name} survive SIGKILL: ${left.join(', ')}`);
      for (const pid of left) signal(pid, 'SIGKILL');
      await sleep(10);
    }
  }

  /** `fn` on a connection to 127.0.0.1:port as postgres. */
  async sql<T>(port: number, database: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({
      host: '127.0.0.1',
      port,
      user: 'postgres',
      database,
      connectionTimeoutMillis: 3000,
    });
    c.on('error', () => {});
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end().catch(() => {});
    }
  }

  private async ready(port: number): Promise<boolean> {
    return this.sql(port, 'postgres', async () => true).catch(() => false);
  }

  async waitFor(what: string, ms: number, test: () => Promise<boolean>): Promise<void> {
    const until = Date.now() + ms;
    for (;;) {
      if (await test().catch(() => false)) return;
      if (Date.now() > until) throw new Error(`gave up waiting ${ms / 1000} s for ${what}`);
      await sleep(500);
    }
  }

  /** The end of each log, for a failure's report. */
  async logs(lines = 15): Promise<string> {
    const parts: string[] = [];
    for (const f of ['monitor.log', ...this.nodes.map((n) => `${n.name}.log`)]) {
      const text = await readFile(join(this.dir, f), 'utf8').catch(() => '');
      parts.push(`--- ${f}\n${text.trimEnd().split('\n').slice(-lines).join('\n')}`);
    }
    return parts.join('\n');
  }

  /**
   * Stops everything and removes the folder: a fast stop of each node and the monitor (SIGINT to
   * pg_autoctl), then SIGKILL of whatever is left; shared memory a killed postgres left is removed.
   */
  teardown(): Promise<void> {
    this.down ??= this.stopAll();
    return this.down;
  }

  private down: Promise<void> | undefined;

  private async stopAll(): Promise<void> {
    const roots = [...this.nodes.filter((n) => !n.killed).map((n) => n.proc), this.monitorProc].filter(
      (p): p is ChildProcess => !!p?.pid,
    );
    // pg_autoctl itself, not runuser above it: runuser would pass a signal on, then SIGKILL after 2 s
    const asRoot = process.getuid?.() === 0;
    for (const p of roots) {
      const tree = await processTree(p.pid!);
      const keeper = asRoot ? tree[1] : tree[0];
      if (keeper) signal(keeper, 'SIGINT');
    }
    const until = Date.now() + 15_000;
    while (Date.now() < until && roots.some((p) => p.exitCode === null && p.signalCode === null))
      await sleep(200);
    for (const p of [...this.nodes.map((n) => n.proc), this.monitorProc]) {
      if (!p?.pid) continue;
      const tree = await processTree(p.pid);
      signal(-p.pid, 'SIGKILL');
      for (const pid of tree) signal(pid, 'SIGKILL');
    }
    for (const pgdata of [...this.nodes.map((n) => n.pgdata), this.monitorPgdata])
      await removeSharedMemory(pgdata);
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** The System V segment a SIGKILLed postmaster leaves behind (its id is in postmaster.pid), if unused. */
async function removeSharedMemory(pgdata: string): Promise<void> {
  const pidFile = await readFile(join(pgdata, 'postmaster.pid'), 'utf8').catch(() => '');
  const shmid = pidFile.split('\n')[6]?.trim().split(/\s+/)[1];
  if (!shmid || !/^\d+$/.test(shmid)) return;
  // /proc/sysvipc/shm: key shmid perms size cpid lpid nattch …
  const table = await readFile('/proc/sysvipc/shm', 'utf8').catch(() => '');
  const row = table
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find((f) => f[1] === shmid);
  if (row?.[6] !== '0') return;
  await run('ipcrm', ['-m', shmid]).catch(() => {});
}
