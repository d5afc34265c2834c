// run.ts - `npm run bench`: every measurement in one run (`-- --only accounts`: item 8 alone) on the simulated client; prints the table and
// writes bench/results.json. Every process it starts is stopped at the end, also on failure or Ctrl-C.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPowerShell } from '../src/bridge/powershell.ts';
import { ROOT } from '../src/app/paths.ts';
import { machineInfo } from './machine.ts';
import { stopAll } from './procs.ts';
import { freshState, ZERO_DELAYS } from './state.ts';
import { roundTrip } from './roundtrip.ts';
import { balance } from './balance.ts';
import { buy } from './buy.ts';
import { lifecycle } from './lifecycle.ts';
import { memory } from './memory.ts';
import { inside } from './inside.ts';
import { win32 } from './win32.ts';
import { accounts } from './accounts.ts';
import { readFileSync } from 'node:fs';
import { accountsTable, breakdown, render, targets, type Results } from './report.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The whole run normally takes a few minutes; past this something hangs: stop everything and fail. */
const RUN_LIMIT_MS = 20 * 60_000;

function step(name: string): void {
  process.stderr.write(`[bench] ${new Date().toISOString().slice(11, 19)} ${name}\n`);
}

async function main(): Promise<void> {
  const started = performance.now();
  const pwsh = findPowerShell({ explicit: process.env['THS_POWERSHELL'], projectRoot: ROOT })?.path;
  if (!pwsh) throw new Error('no PowerShell found: run npm run setup (it installs pwsh into .tools/) or set THS_POWERSHELL');
  const machine = await machineInfo(pwsh);
  step('1/8 worker round trip (ping: bridge, Node floor, spawn per call)');
  const { balanceResult, ...roundTripResult } = await roundTrip(pwsh, freshState(ZERO_DELAYS));
  step('2/8 GET /balance under load, floors and layers');
  const balanceResults = await balance(pwsh, freshState(ZERO_DELAYS), balanceResult);
  step('3/8 POST /buy end to end (zero and realistic delays)');
  const buyResults = await buy(pwsh);
  step('4/8 cold start and recovery after a kill');
  const lifecycleResults = await lifecycle(pwsh, freshState(ZERO_DELAYS));
  step('5/8 memory over 10,000 requests');
  const memoryResults = await memory(pwsh, freshState(ZERO_DELAYS));
  step('6/8 inside the worker, per command (port calls, waits, own time)');
  const insideResults = await inside({ backend: 'sim', powershell: pwsh });
  step('7/8 through user32 under Wine (the Win32 double): cold start, per command, recovery');
  const win32Results = await win32();
  step('8/8 several accounts in parallel (N = 1, 2, 4)');
  const accountsResults = await accounts(pwsh);
  const partial = { machine, roundTrip: roundTripResult, balance: balanceResults, buy: buyResults, lifecycle: lifecycleResults, memory: memoryResults, inside: insideResults, win32: win32Results, accounts: accountsResults };
  const results: Results = {
    ...partial,
    seconds: Math.round((performance.now() - started) / 1000),
    breakdown: breakdown(roundTripResult, balanceResults),
    targets: targets(partial),
  };
  writeFileSync(path.join(HERE, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(render(results) + '\n\nwritten: bench/results.json\n');
}

const limit = setTimeout(() => {
  process.stderr.write(`[bench] still running after ${RUN_LIMIT_MS / 60_000} min: stopping everything\n`);
  void stopAll().finally(() => process.exit(1));
}, RUN_LIMIT_MS);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => void stopAll().finally(() => process.exit(130)));
}
/** `npm run bench -- --only accounts`: item 8 alone, written into the existing bench/results.json. */
async function onlyAccounts(): Promise<void> {
  const pwsh = findPowerShell({ explicit: process.env['THS_POWERSHELL'], projectRoot: ROOT })?.path;
  if (!pwsh) throw new Error('no PowerShell found: run npm run setup (it installs pwsh into .tools/) or set THS_POWERSHELL');
  step('8 several accounts in parallel (N = 1, 2, 4)');
  const file = path.join(HERE, 'results.json');
  const results = JSON.parse(readFileSync(file, 'utf8')) as Results;
  results.accounts = await accounts(pwsh);
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(accountsTable(results.accounts) + '\n\nwritten: bench/results.json (item 8)\n');
}

try {
  const only = process.argv.indexOf('--only');
  if (only >= 0 && process.argv[only + 1] === 'accounts') await onlyAccounts();
  else if (only >= 0) throw new Error(`--only takes accounts (got ${String(process.argv[only + 1])})`);
  else await main();
} catch (err) {
  process.stderr.write(`[bench] failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
} finally {
  await stopAll();
  clearTimeout(limit);
}
