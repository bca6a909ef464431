/**
 * `npm run bench:national`: the scale benchmarks of a national system on PostgreSQL, with
 * Markdown tables for docs/benchmarks.md. The first run builds the benchmark databases
 * (bench/national-db.ts: 1 million people and 10 million events, then 1 million events for the audit),
 * which takes a while.
 */
import { auditTable, benchAudit } from './audit.js';
import { benchHttp, httpTable } from './http.js';
import { benchReleasesDue, releasesDueTable } from './releases-due.js';
import { benchRollAt, rollAtTable } from './roll-at.js';
import { benchSearch, searchTable } from './search.js';

const only = process.argv.slice(2);
const want = (name: string) => !only.length || only.includes(name);

console.log(`\n## National scale on PostgreSQL (node ${process.version})\n`);
if (want('search')) console.log(`### Person search\n\n${searchTable(await benchSearch())}\n`);
if (want('roll-at')) console.log(`### The roll at a past moment\n\n${rollAtTable(await benchRollAt())}\n`);
if (want('http')) console.log(`### HTTP\n\n${httpTable(await benchHttp())}\n`);
if (want('releases-due')) console.log(`### Releases due\n\n${releasesDueTable(await benchReleasesDue())}\n`);
if (want('audit')) console.log(`### Audit\n\n${auditTable(await benchAudit())}\n`);
