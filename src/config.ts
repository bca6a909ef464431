/** Settings from the environment (see docs/operations.md). */
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
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  let admin: Config['admin'] = null;
  if (env.CUSTODIA_ADMIN) {
    const i = env.CUSTODIA_ADMIN.indexOf(':');
    if (i <= 0 || i === env.CUSTODIA_ADMIN.length - 1)
      throw new Error('CUSTODIA_ADMIN must be username:password');
    admin = { username: env.CUSTODIA_ADMIN.slice(0, i), password: env.CUSTODIA_ADMIN.slice(i + 1) };
  }
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? 'localhost',
    dataDir: env.CUSTODIA_DATA ?? './data',
    databaseUrl: env.DATABASE_URL || undefined,
    admin,
    demo: (env.CUSTODIA_DEMO ?? '1') !== '0',
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: proxies(env.CUSTODIA_TRUST_PROXY),
  };
}

/** `true`, a number of hops, or addresses and CIDR ranges separated by commas; unset: none. */
function proxies(v: string | undefined): boolean | number | string {
  if (!v || v === 'false') return false;
  if (v === 'true') return true;
  return /^\d+$/.test(v) ? Number(v) : v;
}
