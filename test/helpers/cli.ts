import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { TestDb } from './store.js';

export interface CliResult {
  code: number;
  /** standard output; on failure, with standard error after it */
  stdout: string;
  /** standard output and standard error */
  out: string;
}

/** Runs the built CLI (`dist/cli/bin.js`) against this test's database; `stdin` is piped in. */
export function custodia(db: TestDb, args: string[], stdin = ''): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['dist/cli/bin.js', ...args],
      { env: { ...process.env, DATABASE_URL: '', ...db.env } },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? 1) : 0;
        resolve({ code, stdout: code ? stdout + stderr : stdout, out: stdout + stderr });
      },
    );
    child.stdin!.end(stdin);
  });
}

export interface Served {
  proc: ChildProcess;
  url: string;
  output: () => string;
  /** SIGTERM, and wait for the exit */
  stop(): Promise<void>;
}

/** A port the system says is free right now (a fixed range met epmd's 4369 on a CI machine). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the built server as `npm start` does, on this test's own database; resolves once it is ready. */
export async function serve(db: TestDb, env: Record<string, string> = {}): Promise<Served> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['dist/cli/bin.js', 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      ...db.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 110_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited ${proc.exitCode}: ${out}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`server not ready: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    proc,
    url,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}
