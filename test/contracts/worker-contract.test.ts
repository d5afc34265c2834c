// worker-contract.test.ts - the contracts between the TypeScript bridge and the PowerShell worker, checked across
// the two languages: one list of command names (the bridge's catalog, the worker's dispatcher, docs/PROTOCOL.md),
// every error code the worker can send in the one registry, the market-order types from one file, and a real
// worker's ready line announcing its commands and the server's version.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { COMMAND_NAMES } from '../../src/bridge/commands.ts';
import { ERRORS } from '../../src/core/errors.ts';
import { MARKET_TYPES } from '../../src/core/price-type.ts';
import { VERSION } from '../../src/app/paths.ts';
import { PS_DIR, ROOT, runPwshScript } from '../helpers/pwsh.ts';

const MANIFEST = path.join(PS_DIR, 'ThsWorker', 'ThsWorker.psd1');
const PROTOCOL = readFileSync(path.join(ROOT, 'docs', 'PROTOCOL.md'), 'utf8');

/** Runs `expr` in pwsh with the worker module imported (no port, no loop) and returns its JSON output. */
async function fromWorker<T>(expr: string): Promise<T> {
  const r = await runPwshScript(`$ErrorActionPreference = 'Stop'\nImport-Module '${MANIFEST.replace(/'/g, "''")}' -Force\n[Console]::Out.WriteLine((ConvertTo-Json -Compress -InputObject @(${expr})))`);
  if (r.exitCode !== 0) throw new Error(`pwsh failed (${r.exitCode}): ${r.stderr}`);
  return (JSON.parse(r.stdout.trim()) as unknown[]).flat() as T; // a function may return its list as one object
}

/** The first cells (backticked) of the markdown table under the heading line that matches `heading`. */
function tableCodes(doc: string, header: RegExp): string[] {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => header.test(l));
  if (start < 0) return [];
  const out: string[] = [];
  for (const l of lines.slice(start + 2)) {
    const m = /^\|\s*`([^`]+)`\s*\|/.exec(l);
    if (!m) break;
    out.push(m[1]!);
  }
  return out;
}

describe('contracts: the bridge and the worker agree, across the two languages', function () {
  this.timeout(120_000);

  it('the worker\'s dispatcher handles exactly the bridge catalog\'s commands', async () => {
    const names = await fromWorker<string[]>('Get-ThsCommandNames');
    expect([...names].sort()).to.deep.equal([...COMMAND_NAMES]);
  });

  it('docs/PROTOCOL.md\'s command table lists exactly the catalog\'s commands', () => {
    expect(tableCodes(PROTOCOL, /^\|\s*cmd\s*\|/).sort()).to.deep.equal([...COMMAND_NAMES]);
  });

  it('every error code the worker can send is in the one registry and in docs/PROTOCOL.md\'s error table', async () => {
    const codes = await fromWorker<string[]>('Get-ThsErrorCodes');
    expect(codes.length).to.be.greaterThan(10);
    expect(codes.filter((c) => !Object.hasOwn(ERRORS, c)), 'worker codes missing from src/core/errors.ts').to.deep.equal([]);
    expect([...tableCodes(PROTOCOL, /^\|\s*code\s*\|/)].sort(), 'docs/PROTOCOL.md error table').to.deep.equal([...codes].sort());
  });

  it('the worker refuses to raise a code that is not on its list', async () => {
    const r = await runPwshScript(`Import-Module '${MANIFEST.replace(/'/g, "''")}' -Force\n$m = Get-Module ThsWorker\ntry { & $m { New-ThsError -Code 'no_such_code' -Message 'x' } | Out-Null; 'raised' } catch { 'refused: ' + $_.Exception.Message }`);
    expect(r.stdout).to.match(/^refused: .*no_such_code/m);
  });

  it('the market-order types come from one file: the TypeScript table is ps/ThsWorker/market-types.json', () => {
    const json = JSON.parse(readFileSync(path.join(PS_DIR, 'ThsWorker', 'market-types.json'), 'utf8')) as unknown[];
    expect(MARKET_TYPES).to.deep.equal(json);
  });

  it('the worker module\'s version is the server\'s (package.json)', async () => {
    const v = await fromWorker<string[]>("[string](Get-Module ThsWorker).Version");
    expect(v).to.deep.equal([VERSION]);
  });
});
