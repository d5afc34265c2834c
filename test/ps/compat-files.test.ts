// compat-files.test.ts - what Windows PowerShell 5.1 and csc.exe need of the files themselves: UTF-8 with a BOM when a
// PowerShell or C# file has non-ASCII text, and comment-based help on every function (ops read it with Get-Help).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { EXAMPLES_DIR, PS_DIR, RESULT_MARK, RIG_DIR, ROOT, TEST_DIR, isPowerShellFile, listFiles, psQuote, runForResult } from './ps-helpers.ts';

/** What is wrong with a file's bytes for Windows PowerShell 5.1 (and csc.exe), or null. */
function encodingProblem(buf: Buffer): string | null {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return 'invalid UTF-8';
  }
  const hasBom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const nonAscii = buf.some((b) => b > 0x7f);
  if (nonAscii && !hasBom) return 'non-ASCII without a UTF-8 BOM (Windows PowerShell 5.1 would read it as ANSI)';
  return null;
}

describe('PowerShell 5.1 compatibility: files (ps/, rig/, test/, examples/)', function () {
  this.timeout(120_000);

  it('tells a good file from a bad one (the test of the test)', function () {
    expect(encodingProblem(Buffer.from('plain ascii\n'))).to.equal(null);
    expect(encodingProblem(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('交易系统\n')]))).to.equal(null);
    expect(encodingProblem(Buffer.from('交易系统\n'))).to.match(/without a UTF-8 BOM/);
    expect(encodingProblem(Buffer.from([0xef, 0xbb, 0xbf, 0xbd, 0xbb, 0xd2, 0xd7]))).to.equal('invalid UTF-8'); // GBK
    expect(encodingProblem(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).to.equal('invalid UTF-8'); // UTF-16 LE
  });

  // PowerShell and C# files only: data files (sample-state.json, market-types.json) are read with an explicit UTF-8
  // decoder, BOM or not (market-types.json must have none: TypeScript imports it).
  it('every *.ps1, *.psm1, *.psd1 and *.cs file is UTF-8, with a BOM when it has non-ASCII', async function () {
    const files = (await Promise.all([PS_DIR, RIG_DIR, TEST_DIR, EXAMPLES_DIR].map(listFiles))).flat().filter((f) => isPowerShellFile(f) || f.endsWith('.cs'));
    for (const kind of ['.ps1', '.psm1', '.psd1', '.cs']) expect(files.some((f) => f.endsWith(kind)), `some ${kind} file`).to.equal(true);
    const problems: string[] = [];
    for (const f of files) {
      const p = encodingProblem(await readFile(f));
      if (p) problems.push(`${path.relative(ROOT, f)}: ${p}`);
    }
    expect(problems).to.deep.equal([]);
  });

  it('ps/ThsWorker/market-types.json is UTF-8 JSON without a BOM', async function () {
    const buf = await readFile(path.join(PS_DIR, 'ThsWorker', 'market-types.json'));
    expect(buf.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'BOM').to.equal(false);
    expect(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(buf))).to.be.an('array').with.length(7);
  });

  it('every function under ps/ (scripts and modules) has comment-based help that Get-Help recognises', async function () {
    const files = (await listFiles(PS_DIR)).filter((f) => /\.psm?1$/.test(f));
    expect(files.filter((f) => f.endsWith('.psm1')).length, 'modules').to.be.greaterThanOrEqual(4);
    const { result: missing } = await runForResult<string[]>(`
$ErrorActionPreference = 'Stop'
$missing = New-Object System.Collections.Generic.List[string]
foreach ($file in @(${files.map(psQuote).join(', ')})) {
    $tokens = $null; $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($file, [ref]$tokens, [ref]$errors)
    foreach ($fn in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true)) {
        if ($null -eq $fn.GetHelpContent()) { $missing.Add($file + ': ' + $fn.Name + ' (line ' + $fn.Extent.StartLineNumber + ')') }
    }
}
[Console]::Error.WriteLine('${RESULT_MARK}' + (ConvertTo-Json -InputObject @($missing.ToArray()) -Compress))
`);
    expect(missing).to.deep.equal([]);
  });
});
