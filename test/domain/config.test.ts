import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_SIGN_IN, readConfig } from '../../src/config.js';

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    readConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('readConfig', () => {
  it('takes the defaults from an empty environment', () => {
    const c = readConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: 'localhost',
      dataDir: './data',
      databaseUrl: undefined,
      admin: null,
      demo: true,
      logLevel: 'info',
      trustProxy: false,
      signIn: DEFAULT_SIGN_IN,
      // the pool's own defaults (cores less one, four waiting per thread, 2 s)
      pool: {},
    });
  });

  it('reads every setting', () => {
    const c = readConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      CUSTODIA_DATA: '/var/lib/custodia',
      DATABASE_URL: 'postgres://custodia@db:5432/custodia',
      CUSTODIA_ADMIN: 'root:pass:with:colons',
      CUSTODIA_DEMO: '0',
      LOG_LEVEL: 'warn',
      CUSTODIA_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
      CUSTODIA_TOKEN_TTL_HOURS: '8',
      CUSTODIA_LOCK_AFTER: '3',
      CUSTODIA_LOCK_MINUTES: '30',
      CUSTODIA_SIGNIN_PER_ADDRESS: '20',
      CUSTODIA_POOL_THREADS: '0',
      CUSTODIA_POOL_QUEUE: '16',
      CUSTODIA_RETRY_AFTER: '5',
    });
    expect(c).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://custodia@db:5432/custodia',
      admin: { username: 'root', password: 'pass:with:colons' },
      demo: false,
      logLevel: 'warn',
      trustProxy: '10.0.0.0/8, 127.0.0.1',
      signIn: { tokenTtlHours: 8, lockAfter: 3, lockMinutes: 30, perAddress: 20 },
      pool: { threads: 0, maxQueue: 16, retryAfter: 5 },
    });
    expect(readConfig({ CUSTODIA_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(readConfig({ CUSTODIA_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it('names every bad setting at once, with what it takes', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      CUSTODIA_LOCK_AFTER: '0',
      CUSTODIA_TOKEN_TTL_HOURS: '1.5',
      CUSTODIA_SIGNIN_PER_ADDRESS: '-1',
      CUSTODIA_DEMO: 'yes',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://x',
      CUSTODIA_ADMIN: 'nopassword',
      CUSTODIA_TRUST_PROXY: 'some proxy',
      CUSTODIA_POOL_THREADS: 'many',
      CUSTODIA_RETRY_AFTER: '0',
    });
    const names = problems.map((p) => p.split(/[=:]/)[0]);
    expect(names.sort()).toEqual(
      [
        'PORT',
        'CUSTODIA_LOCK_AFTER',
        'CUSTODIA_TOKEN_TTL_HOURS',
        'CUSTODIA_SIGNIN_PER_ADDRESS',
        'CUSTODIA_DEMO',
        'LOG_LEVEL',
        'DATABASE_URL',
        'CUSTODIA_ADMIN',
        'CUSTODIA_TRUST_PROXY',
        'CUSTODIA_POOL_THREADS',
        'CUSTODIA_RETRY_AFTER',
      ].sort(),
    );
    expect(problems.find((p) => p.startsWith('PORT'))).toBe('PORT="eighty": a whole number from 0 to 65535');
  });

  it('refuses a port out of range, and the message lists each problem on its own line', () => {
    try {
      readConfig({ PORT: '70000', CUSTODIA_LOCK_MINUTES: 'x' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toBe(
        'Invalid settings:\n  - PORT="70000": a whole number from 0 to 65535\n  - CUSTODIA_LOCK_MINUTES="x": a whole number from 1 to 1440',
      );
    }
  });
});
