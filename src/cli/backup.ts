import type { Command } from 'commander';
import { readConfig } from '../config.js';
import { BackupError, backup, restore } from '../store/backup.js';
import { FolderInUse } from '../store/db.js';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** `custodia backup <file>` and `custodia restore <file>`. */
export function backupCommands(cli: Command): void {
  cli
    .command('backup')
    .argument('<file>', 'the backup file to write (it must not exist)')
    .description(
      'back up the whole database: PGlite (CUSTODIA_DATA; the server must be stopped) or PostgreSQL (DATABASE_URL, with pg_dump)',
    )
    .action(async (file: string) => {
      const cfg = readConfig();
      await report(async () => {
        const r = await backup({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir }, file);
        console.log(
          `Backed up ${r.kind === 'pglite' ? 'the embedded database' : 'PostgreSQL'} ${r.from} to ${r.file} (${mb(r.bytes)}): register of ${r.head.seq} events, head ${r.head.hash}.`,
        );
      });
    });

  cli
    .command('restore')
    .argument('<file>', 'a file made by `custodia backup`')
    .description(
      'restore a backup into an empty database (an empty or new CUSTODIA_DATA folder, or the empty database of DATABASE_URL), then verify the register (exit 1 when it does not verify)',
    )
    .action(async (file: string) => {
      const cfg = readConfig();
      await report(async () => {
        const r = await restore({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir }, file);
        console.log(`Restored ${file} into ${r.into}.`);
        const v = r.register;
        if (v.ok) console.log(`ok: ${v.events} events verify; head ${v.head}`);
        else {
          console.log(`NOT OK: ${v.problems.length} problem(s) in ${v.events} events`);
          for (const p of v.problems.slice(0, 20)) console.log(`  event ${p.seq}: ${p.problem}`);
          process.exitCode = 1;
        }
      });
    });
}

async function report(fn: () => Promise<void>) {
  try {
    await fn();
  } catch (err) {
    if (!(err instanceof BackupError || err instanceof FolderInUse)) throw err;
    console.error(err.message);
    process.exitCode = 1;
  }
}
