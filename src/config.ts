/**
 * Settings from the environment (docs/operations.md lists them). Read in one place, at start-up, and
 * validated all together: a bad value stops the program with a message naming every bad setting and
 * what it takes, rather than a NaN or a silent default somewhere later.
 */

/** How sign-in and sessions are limited (docs/security.md). */
export interface SignInSettings {
  /** how long a sign-in token lives, in hours */
  tokenTtlHours: number;
  /** wrong passwords in a row that lock an account */
  lockAfter: number;
  /** how long a lock lasts, in minutes */
  lockMinutes: number;
  /** failed sign-ins one client address may make in 15 minutes */
  perAddress: number;
}

export const DEFAULT_SIGN_IN: SignInSettings = {
  tokenTtlHours: 12,
  lockAfter: 5,
  lockMinutes: 15,
  perAddress: 50,
};

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  admin: { username: string; password: string } | null;
  demo: boolean;
  logLevel: string;
  /** proxies whose X-Forwarded-For is believed (for the sign-in limit per address) */
  trustProxy: boolean | number | string;
  signIn: SignInSettings;
  /** the worker threads of heavy work (src/api/pool.ts); a setting left unset takes the pool's default */
  pool: { threads?: number; maxQueue?: number; retryAfter?: number };
  /** a DATABASE_URL of several servers: how long a request waits for a writable primary, in ms */
  primaryWaitMs: number;
  /** reads that may go to a standby, at most this stale (docs/scaling.md, "Read routing"); unset: none */
  readReplicas: { maxStalenessMs: number } | undefined;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Every bad setting, each with what it takes. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];

  /** A whole number in [min, max]; unset or empty: the default. */
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name}=${JSON.stringify(raw)}: a whole number from ${min} to ${max}`);
      return fallback;
    }
    return Number(raw);
  };

  /** A whole number in [min, max], or undefined when unset or empty (the default is decided elsewhere). */
  const maybeInt = (name: string, min: number, max: number): number | undefined =>
    env[name]?.trim() ? int(name, min, min, max) : undefined;

  let admin: Config['admin'] = null;
  const adminVar = env.CUSTODIA_ADMIN;
  if (adminVar) {
    const i = adminVar.indexOf(':');
    if (i <= 0 || i === adminVar.length - 1) problems.push('CUSTODIA_ADMIN: username:password');
    else admin = { username: adminVar.slice(0, i), password: adminVar.slice(i + 1) };
  }

  const demoVar = env.CUSTODIA_DEMO ?? '1';
  if (demoVar !== '0' && demoVar !== '1')
    problems.push(`CUSTODIA_DEMO=${JSON.stringify(demoVar)}: 1 (load the demo into an empty database) or 0`);

  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`LOG_LEVEL=${JSON.stringify(logLevel)}: one of ${LOG_LEVELS.join(', ')}`);

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl))
    problems.push('DATABASE_URL: a PostgreSQL connection string, postgres://user@host:port/database');

  const dataDir = env.CUSTODIA_DATA ?? './data';
  if (dataDir.trim() === '') problems.push('CUSTODIA_DATA: a folder for the embedded database');

  const host = env.HOST ?? 'localhost';
  if (host.trim() === '' || /\s/.test(host))
    problems.push(`HOST=${JSON.stringify(host)}: a host name or address`);

  const trustProxy = proxies(env.CUSTODIA_TRUST_PROXY, problems);

  const replicasVar = env.CUSTODIA_READ_REPLICAS?.trim() || '0';
  if (replicasVar !== '0' && replicasVar !== '1')
    problems.push(
      `CUSTODIA_READ_REPLICAS=${JSON.stringify(replicasVar)}: 1 (some reads may go to a standby) or 0`,
    );
  const maxStalenessMs = int('CUSTODIA_MAX_STALENESS_MS', 1000, 0, 3_600_000);

  const config: Config = {
    port: int('PORT', 3000, 0, 65535),
    host,
    dataDir,
    databaseUrl,
    admin,
    demo: demoVar !== '0',
    logLevel,
    trustProxy,
    signIn: {
      tokenTtlHours: int('CUSTODIA_TOKEN_TTL_HOURS', DEFAULT_SIGN_IN.tokenTtlHours, 1, 24 * 90),
      lockAfter: int('CUSTODIA_LOCK_AFTER', DEFAULT_SIGN_IN.lockAfter, 1, 1000),
      lockMinutes: int('CUSTODIA_LOCK_MINUTES', DEFAULT_SIGN_IN.lockMinutes, 1, 24 * 60),
      perAddress: int('CUSTODIA_SIGNIN_PER_ADDRESS', DEFAULT_SIGN_IN.perAddress, 1, 1_000_000),
    },
    pool: Object.fromEntries(
      Object.entries({
        threads: maybeInt('CUSTODIA_POOL_THREADS', 0, 256),
        maxQueue: maybeInt('CUSTODIA_POOL_QUEUE', 0, 100_000),
        retryAfter: maybeInt('CUSTODIA_RETRY_AFTER', 1, 3600),
      }).filter(([, v]) => v !== undefined),
    ),
    // at least a second: a connection over TLS or a WAN needs that to open
    primaryWaitMs: int('CUSTODIA_PRIMARY_WAIT_MS', 10_000, 1000, 600_000),
    readReplicas: replicasVar === '1' ? { maxStalenessMs } : undefined,
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** `true`, a number of hops, or addresses and CIDR ranges separated by commas; unset: none. */
function proxies(v: string | undefined, problems: string[]): boolean | number | string {
  if (!v || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  const ranges = v.split(',').map((s) => s.trim());
  if (ranges.some((r) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(r)))
    problems.push(
      `CUSTODIA_TRUST_PROXY=${JSON.stringify(v)}: true, false, a number of hops, or addresses and CIDR ranges separated by commas`,
    );
  return v;
}
