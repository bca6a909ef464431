import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { t } from '../domain/messages.js';
import { logAccess } from '../store/access-log.js';
import type { Store } from '../store/db.js';
import {
  ALL_FACILITIES,
  accountViolations,
  createUser,
  listAccounts,
  MIN_PASSWORD,
  ROLES,
  type Role,
  updateAccount,
} from '../store/users.js';

/** The password from standard input when piped (`--password-stdin`), else a new random one. */
async function password(
  fromStdin: boolean | undefined,
): Promise<{ value: string; generated: boolean } | null> {
  if (!fromStdin) return { value: randomBytes(15).toString('base64url'), generated: true };
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const value = text.replace(/\r?\n$/, '');
  if (value.length < MIN_PASSWORD) {
    console.error(`The password must have at least ${MIN_PASSWORD} characters; nothing was changed.`);
    process.exitCode = 1;
    return null;
  }
  return { value, generated: false };
}

const cliActor = () => ({ id: null, username: `cli:${userInfo().username}` });
const collect = (v: string, prev: string[]) => [...prev, v];

/** `custodia user add | disable | enable | reset | list`: accounts from the command line. */
export function userCommands(
  cli: Command,
  withStore: <T>(fn: (store: Store) => Promise<T>) => Promise<T>,
): void {
  const user = cli.command('user').description('staff accounts: add, disable, enable, reset, list');
  const fail = (message: string) => {
    console.error(message);
    process.exitCode = 1;
  };

  user
    .command('add <username>')
    .description('create an account; prints a new password unless --password-stdin')
    .requiredOption('--role <role>', `a role (repeatable): ${ROLES.join(', ')}`, collect, [])
    .option(
      '--facility <code>',
      `a facility it may act in (repeatable; ${ALL_FACILITIES} for all)`,
      collect,
      [],
    )
    .option('--password-stdin', 'read the password from standard input')
    .action(async (username: string, o: { role: string[]; facility: string[]; passwordStdin?: boolean }) => {
      const bad = o.role.filter((r) => !(ROLES as readonly string[]).includes(r));
      if (bad.length) return fail(`Unknown role(s): ${bad.join(', ')}. Roles: ${ROLES.join(', ')}.`);
      if (!/^[A-Za-z0-9._@-]{1,100}$/.test(username)) return fail(`"${username}" is not a valid username.`);
      await withStore(async (store) => {
        if ((await listAccounts(store.db, username)).length) return fail(`User ${username} already exists.`);
        const unknown = await accountViolations(store.db, { facilities: o.facility });
        if (unknown.length) return fail(unknown.map((v) => t(v.rule, 'en', v.params)).join(' '));
        const pw = await password(o.passwordStdin);
        if (!pw) return;
        const roles = [...new Set(o.role)] as Role[];
        const facilities = [...new Set(o.facility)];
        await createUser(store.db, { username, password: pw.value, roles, facilities });
        await logAccess(store.db, cliActor(), [
          { action: 'user.create', detail: { username, roles, facilities } },
        ]);
        console.log(
          `Created ${username} (${roles.join(', ')}; facilities: ${facilities.join(', ') || 'none'}).`,
        );
        if (pw.generated) console.log(`Password: ${pw.value}`);
      });
    });

  const toggle = (disabled: boolean) => async (username: string) =>
    withStore(async (store) => {
      const [a] = await listAccounts(store.db, username);
      if (!a) return fail(`User ${username} does not exist.`);
      await updateAccount(store.db, a.id, { disabled });
      await logAccess(store.db, cliActor(), [{ action: 'user.update', detail: { username, disabled } }]);
      console.log(disabled ? `Disabled ${username}; their sessions have ended.` : `Enabled ${username}.`);
    });
  user
    .command('disable <username>')
    .description('disable an account and end its sessions')
    .action(toggle(true));
  user.command('enable <username>').description('enable a disabled account').action(toggle(false));

  user
    .command('reset <username>')
    .description('set a new password (ends the sessions, lifts a lock); prints it unless --password-stdin')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (username: string, o: { passwordStdin?: boolean }) =>
      withStore(async (store) => {
        const [a] = await listAccounts(store.db, username);
        if (!a) return fail(`User ${username} does not exist.`);
        const pw = await password(o.passwordStdin);
        if (!pw) return;
        await updateAccount(store.db, a.id, { password: pw.value });
        await logAccess(store.db, cliActor(), [{ action: 'user.reset-password', detail: { username } }]);
        console.log(`New password set for ${username}; their sessions have ended.`);
        if (pw.generated) console.log(`Password: ${pw.value}`);
      }),
    );

  user
    .command('list')
    .description('every account')
    .option('--json', 'as JSON')
    .action(async (o: { json?: boolean }) =>
      withStore(async (store) => {
        const all = await listAccounts(store.db);
        if (o.json) return console.log(JSON.stringify(all.map(({ id: _id, ...a }) => a)));
        for (const a of all)
          console.log(
            `${a.username}\t${a.roles.join(',')}\t${a.facilities.join(',')}\t${a.disabled ? 'disabled' : a.lockedUntil && a.lockedUntil > new Date() ? 'locked' : 'active'}`,
          );
      }),
    );
}
