// pester.test.ts - runs the PowerShell module-level unit tests (test/ps/pester/*.Tests.ps1) with Pester, installed into
// .tools/Pester/<version> by `node scripts/setup.mjs --for-tests` (npm test's pretest), and fails when any of them fails.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { RESULT_MARK, ROOT, psQuote, runForResult } from './ps-helpers.ts';

const PESTER_VERSION = '6.2.0';
const PESTER = path.join(ROOT, '.tools', 'Pester', PESTER_VERSION, 'Pester.psd1');
const TESTS = path.join(ROOT, 'test', 'ps', 'pester');
/** Importing the modules a few times per file and ~40 tests: ~20 s here; bounded well above. */
const PESTER_RUN_TIMEOUT_MS = 240_000;

interface PesterSummary { result: string; total: number; passed: number; failed: string[]; notRun: number; containersFailed: string[] }

/** Runs Invoke-Pester over a folder (or file) in a fresh pwsh and summarises the run. */
async function runPester(target: string): Promise<PesterSummary> {
  const { result } = await runForResult<PesterSummary>(`
$ErrorActionPreference = 'Stop'
Import-Module ${psQuote(PESTER)}
$c = New-PesterConfiguration
$c.Run.Path = ${psQuote(target)}
$c.Run.PassThru = $true
$c.Output.Verbosity = 'Detailed'
$r = Invoke-Pester -Configuration $c
$failed = @($r.Failed | ForEach-Object { $_.ExpandedPath + ': ' + [string]$_.ErrorRecord })
$containers = @($r.Containers | Where-Object { $_.Result -eq 'Failed' } | ForEach-Object { [string]$_.Item + ': ' + [string]$_.ErrorRecord })
[Console]::Error.WriteLine('${RESULT_MARK}' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([ordered]@{
    result = [string]$r.Result; total = $r.TotalCount; passed = $r.PassedCount; failed = $failed; notRun = $r.NotRunCount; containersFailed = $containers })))
`);
  return result;
}

describe('ps/pester: the PowerShell modules\' unit tests', function () {
  this.timeout(PESTER_RUN_TIMEOUT_MS);

  before(function () {
    if (!existsSync(PESTER)) throw new Error(`Pester ${PESTER_VERSION} is not installed: run \`node scripts/setup.mjs --for-tests\` (npm test does) to restore it into .tools/Pester/.`);
  });

  it('passes every Pester test under test/ps/pester', async function () {
    const r = await runPester(TESTS);
    expect(r.containersFailed, 'test files that failed to run').to.deep.equal([]);
    expect(r.failed, 'failed Pester tests').to.deep.equal([]);
    expect(r.total, 'Pester tests found').to.be.greaterThan(30);
    expect(r.passed).to.equal(r.total);
    expect(r.result).to.equal('Passed');
  });

  it('reports a failing Pester test as a failure (the test of the test)', async function () {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ths-pester-'));
    try {
      const file = path.join(dir, 'Planted.Tests.ps1');
      await writeFile(file, "Describe 'planted' { It 'fails' { 1 | Should -Be 2 }; It 'passes' { 1 | Should -Be 1 } }\n", 'utf8');
      const r = await runPester(file);
      expect(r.result).to.equal('Failed');
      expect(r.failed).to.have.length(1);
      expect(r.failed[0]).to.match(/^planted\.fails: /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
