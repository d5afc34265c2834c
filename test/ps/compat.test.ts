// compat.test.ts - keeps every PowerShell file runnable on Windows PowerShell 5.1 and checks the win32 window port:
// PS 7-only syntax, file encodings, the C# 5 source, parity with the simulated port, quiet dot-sourcing.
import { readFile, readdir, mkdtemp, writeFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ROOT, PS_DIR, runPwshScript } from '../helpers/pwsh.ts';

const WIN32_PORT = path.join(PS_DIR, 'lib', 'Port.Win32.ps1');
const SIM_PORT = path.join(PS_DIR, 'lib', 'Port.Sim.ps1');
const CONSTANTS = path.join(PS_DIR, 'lib', 'Constants.ps1');
const WINDOW_PORT_DOC = path.join(ROOT, 'docs', 'WINDOW-PORT.md');
const RESULT_MARK = '@@RESULT@@';

/** A PowerShell single-quoted literal. */
function psQuote(s: string): string {
  return "'" + s.replace(/'/g, "''") + "'";
}

/** Every file under dir (recursively), absolute paths, sorted. */
async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Runs a script that prints one RESULT_MARK line of JSON on stderr; returns it parsed (and the raw run). */
async function runForResult<T>(code: string): Promise<{ result: T; stdout: string; stderr: string }> {
  const r = await runPwshScript(code);
  const line = r.stderr.split(/\r?\n/).find((l) => l.startsWith(RESULT_MARK));
  if (line === undefined) {
    throw new Error(`pwsh printed no result (exit ${r.exitCode}).\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
  return { result: JSON.parse(line.slice(RESULT_MARK.length)) as T, stdout: r.stdout, stderr: r.stderr };
}

// ---------------------------------------------------------------------------------------------------------------
// a. Syntax Windows PowerShell 5.1 lacks, found with the PowerShell parser's AST (run in pwsh 7, which parses it all)
// ---------------------------------------------------------------------------------------------------------------

/**
 * The walker: parses every *.ps1 under the roots and prints `relative/path:line: [rule] description` for each use of
 * syntax (or parameter) that Windows PowerShell 5.1 does not have. Prints nothing when all is well.
 */
function walkerScript(roots: string[], base: string): string {
  return `
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
if ($PSVersionTable.PSVersion.Major -lt 7) {
    [Console]::Error.WriteLine('The syntax walker needs PowerShell 7 (its parser knows the 7-only syntax); THS_POWERSHELL points at ' + $PSVersionTable.PSVersion)
    exit 1
}
$roots = @(${roots.map(psQuote).join(', ')})
$base = ${psQuote(base)}
# Parameters that exist only in PowerShell 6+ (the 5.1 parameters of the same cmdlet, to resolve abbreviations).
$common = @('Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ErrorVariable', 'WarningVariable',
    'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable', 'WhatIf', 'Confirm')
$newParams = @{
    'ConvertFrom-Json' = @{ New = @('AsHashtable', 'Depth', 'NoEnumerate', 'DateKind'); Old = @('InputObject') }
    'ConvertTo-Json'   = @{ New = @('EscapeHandling', 'AsArray'); Old = @('InputObject', 'Depth', 'Compress') }
    'ForEach-Object'   = @{ New = @('Parallel', 'ThrottleLimit', 'TimeoutSeconds', 'AsJob', 'UseNewRunspace'); Old = @('InputObject', 'Begin', 'Process', 'End', 'RemainingScripts', 'MemberName', 'ArgumentList') }
    'Join-Path'        = @{ New = @('AdditionalChildPath'); Old = @('Path', 'ChildPath', 'Resolve', 'Credential') }
    'Split-Path'       = @{ New = @('LeafBase', 'Extension'); Old = @('Path', 'LiteralPath', 'Parent', 'Leaf', 'Qualifier', 'NoQualifier', 'IsAbsolute', 'Resolve', 'Credential') }
    'Get-Content'      = @{ New = @('AsByteStream'); Old = @('ReadCount', 'TotalCount', 'Tail', 'Path', 'LiteralPath', 'Filter', 'Include', 'Exclude', 'Force', 'Credential', 'UseTransaction', 'Delimiter', 'Wait', 'Raw', 'Encoding', 'Stream') }
    'Set-Content'      = @{ New = @('AsByteStream'); Old = @('Value', 'PassThru', 'Path', 'LiteralPath', 'Filter', 'Include', 'Exclude', 'Force', 'Credential', 'UseTransaction', 'NoNewline', 'Encoding', 'Stream') }
    'Add-Content'      = @{ New = @('AsByteStream'); Old = @('Value', 'PassThru', 'Path', 'LiteralPath', 'Filter', 'Include', 'Exclude', 'Force', 'Credential', 'UseTransaction', 'NoNewline', 'Encoding', 'Stream') }
}
$aliases = @{ '%' = 'ForEach-Object'; 'foreach' = 'ForEach-Object'; 'gc' = 'Get-Content'; 'cat' = 'Get-Content'; 'type' = 'Get-Content'; 'sc' = 'Set-Content'; 'ac' = 'Add-Content' }
$newCommands = @('Test-Json', 'Get-Error', 'Join-String', 'ConvertFrom-Markdown', 'Remove-Alias', 'Get-Uptime')
$newEncodings = @('utf8NoBOM', 'utf8BOM', 'ansi')
$escapeRules = @(
    @{ Rule = 'unicode-escape'; Pattern = '(?<!\`)(?:\`\`)*\`u\\{'; Text = 'the \`u{...} escape (5.1 reads it as the letter u)' },
    @{ Rule = 'esc-escape'; Pattern = '(?<!\`)(?:\`\`)*\`e'; Text = 'the \`e escape (5.1 reads it as the letter e); use [char]27' }
)
$expandable = @('StringExpandable', 'HereStringExpandable', 'Generic')

$found = New-Object System.Collections.Generic.List[string]
function Add-Finding([string]$File, [int]$Line, [string]$Rule, [string]$Text) {
    $rel = [IO.Path]::GetRelativePath($base, $File).Replace('\\', '/')
    $found.Add(('{0}:{1}: [{2}] {3}' -f $rel, $Line, $Rule, $Text))
}

$files = foreach ($root in $roots) {
    if (Test-Path -LiteralPath $root) { Get-ChildItem -LiteralPath $root -Recurse -File -Filter '*.ps1' }
}
foreach ($f in @($files | Sort-Object FullName)) {
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($f.FullName, [ref]$tokens, [ref]$errors)
    foreach ($e in @($errors)) {
        Add-Finding $f.FullName $e.Extent.StartLineNumber 'parse-error' ('parse error: ' + $e.Message)
    }
    foreach ($t in @($tokens)) {
        if ($expandable -notcontains [string]$t.Kind) { continue }
        foreach ($er in $escapeRules) {
            if ($t.Text -cmatch $er.Pattern) { Add-Finding $f.FullName $t.Extent.StartLineNumber $er.Rule $er.Text }
        }
    }
    foreach ($n in $ast.FindAll({ param($x) $true }, $true)) {
        $line = $n.Extent.StartLineNumber
        $type = $n.GetType().Name
        switch ($type) {
            'BinaryExpressionAst' {
                if ([string]$n.Operator -eq 'QuestionQuestion') { Add-Finding $f.FullName $line 'null-coalescing' "the '??' operator" }
            }
            'AssignmentStatementAst' {
                if ([string]$n.Operator -eq 'QuestionQuestionEquals') { Add-Finding $f.FullName $line 'null-coalescing-assignment' "the '??=' operator" }
            }
            { $_ -in 'MemberExpressionAst', 'InvokeMemberExpressionAst', 'IndexExpressionAst' } {
                $p = $n.PSObject.Properties['NullConditional']
                if ($null -ne $p -and $p.Value) { Add-Finding $f.FullName $line 'null-conditional' "null-conditional access '?.' / '?[]'" }
            }
            'TernaryExpressionAst' { Add-Finding $f.FullName $line 'ternary' "the ternary operator 'a ? b : c'" }
            'PipelineChainAst' { Add-Finding $f.FullName $line 'pipeline-chain' "a pipeline chain '&&' / '||'" }
            'PipelineAst' {
                $p = $n.PSObject.Properties['Background']
                if ($null -ne $p -and $p.Value) { Add-Finding $f.FullName $line 'background' "the background operator '&'" }
            }
            'ScriptBlockAst' {
                $p = $n.PSObject.Properties['CleanBlock']
                if ($null -ne $p -and $null -ne $p.Value) { Add-Finding $f.FullName $p.Value.Extent.StartLineNumber 'clean-block' 'a clean block' }
            }
            'CommandAst' {
                $name = $n.GetCommandName()
                if ($null -eq $name) { break }
                if ($aliases.ContainsKey($name)) { $name = $aliases[$name] }
                if ($newCommands -contains $name) { Add-Finding $f.FullName $line 'ps6-command' ("the command " + $name + " (PowerShell 6+)") }
                $elements = @($n.CommandElements)
                for ($i = 0; $i -lt $elements.Count; $i++) {
                    $el = $elements[$i]
                    if ($el -isnot [System.Management.Automation.Language.CommandParameterAst]) { continue }
                    $pn = $el.ParameterName
                    $spec = $null
                    foreach ($k in $newParams.Keys) { if ($k -eq $name) { $spec = $newParams[$k] } }
                    if ($null -ne $spec -and $pn.Length -gt 0) {
                        $isOld = @(@($spec.Old) + $common | Where-Object { $_.StartsWith($pn, 'OrdinalIgnoreCase') }).Count -gt 0
                        $hit = @($spec.New | Where-Object { $_.StartsWith($pn, 'OrdinalIgnoreCase') })
                        if (-not $isOld -and $hit.Count -gt 0) {
                            Add-Finding $f.FullName $line 'ps6-parameter' ($name + ' -' + $hit[0] + ' (PowerShell 6+)')
                        }
                    }
                    if ('Encoding'.StartsWith($pn, 'OrdinalIgnoreCase') -and $pn.Length -ge 2) {
                        $arg = $el.Argument
                        if ($null -eq $arg -and $i + 1 -lt $elements.Count) { $arg = $elements[$i + 1] }
                        if ($arg -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $newEncodings -contains $arg.Value) {
                            Add-Finding $f.FullName $line 'ps6-encoding' ('-Encoding ' + $arg.Value + ' (PowerShell 6+; 5.1 has UTF8 = with BOM)')
                        }
                    }
                }
            }
        }
    }
}
foreach ($line in $found) { [Console]::Out.WriteLine($line) }
[Console]::Out.WriteLine('# scanned ' + @($files).Count)
`;
}

interface Finding { file: string; line: number; rule: string; text: string; raw: string }

/** Runs the walker over roots; returns its findings (paths relative to base) and how many files it parsed. */
async function walk(roots: string[], base: string): Promise<{ findings: Finding[]; scanned: number }> {
  const r = await runPwshScript(walkerScript(roots, base));
  if (r.exitCode !== 0 || r.stderr.trim() !== '') {
    throw new Error(`the syntax walker failed (exit ${r.exitCode}):\n${r.stderr}`);
  }
  const lines = r.stdout.split(/\r?\n/).filter((l) => l.trim() !== '');
  const summary = /^# scanned (\d+)$/.exec(lines.pop() ?? '');
  if (!summary) throw new Error(`the syntax walker did not finish:\n${r.stdout}`);
  const findings = lines
    .map((raw) => {
      const m = /^(.*):(\d+): \[([a-z0-9-]+)\] (.*)$/.exec(raw);
      if (!m) throw new Error(`unexpected walker line: ${raw}`);
      return { file: m[1] ?? '', line: Number(m[2]), rule: m[3] ?? '', text: m[4] ?? '', raw };
    });
  return { findings, scanned: Number(summary[1]) };
}

/** One construct 5.1 lacks: a sample using it (and the line it is on) and a 5.1-compatible sample. */
interface Construct { rule: string; title: string; bad: string; badLine: number; good: string }

const CONSTRUCTS: Construct[] = [
  { rule: 'parse-error', title: 'a parse error', bad: '$a = 1\nfunction Get-X {\n  if ($a) {\n', badLine: 3, good: 'function Get-X {\n  if ($a) { 1 }\n}\n' },
  { rule: 'null-coalescing', title: "'??'", bad: '$x = $null\n$y = $x ?? 1\n', badLine: 2, good: '$x = $null\n$y = if ($null -eq $x) { 1 } else { $x }\n' },
  { rule: 'null-coalescing-assignment', title: "'??='", bad: '$x = $null\n\n$x ??= 1\n', badLine: 3, good: '$x = $null\nif ($null -eq $x) { $x = 1 }\n' },
  { rule: 'null-conditional', title: "'?.' member access", bad: '$x = $null\n${x}?.Length\n', badLine: 2, good: '$x = $null\nif ($null -ne $x) { $x.Length }\n' },
  { rule: 'null-conditional', title: "'?.' method call", bad: '$x = "a"\n\n${x}?.ToUpper()\n', badLine: 3, good: '$x = "a"\n$x.ToUpper()\n' },
  { rule: 'null-conditional', title: "'?[]' index access", bad: '$x = @(1)\n${x}?[0]\n', badLine: 2, good: '$x = @(1)\n$x[0]\n' },
  { rule: 'ternary', title: 'the ternary operator', bad: '$a = 1\n$b = $a ? 2 : 3\n', badLine: 2, good: '$a = 1\n$b = if ($a) { 2 } else { 3 }\n' },
  { rule: 'pipeline-chain', title: "'&&'", bad: 'Get-Date && Get-Date\n', badLine: 1, good: 'Get-Date; if ($?) { Get-Date }\n' },
  { rule: 'pipeline-chain', title: "'||'", bad: '\nGet-Date || Get-Date\n', badLine: 2, good: 'Get-Date\n' },
  { rule: 'unicode-escape', title: '`u{...} in a string', bad: '$s = "a`u{4E2D}b"\n', badLine: 1, good: '$s = "a" + [char]0x4E2D + "b" + "``u{not an escape}" + \'`u{literal}\'\n' },
  { rule: 'unicode-escape', title: '`u{...} in a here-string', bad: '$s = @"\nx `u{41}\n"@\n', badLine: 1, good: '$s = @"\nx $([char]0x41)\n"@\n' },
  { rule: 'esc-escape', title: '`e in a string', bad: '$s = "`e[0m"\n', badLine: 1, good: '$s = [string][char]27 + "[0m`n"\n' },
  { rule: 'ps6-parameter', title: 'ConvertFrom-Json -AsHashtable', bad: '$j = \'{"a":1}\'\n$h = $j | ConvertFrom-Json -AsHashtable\n', badLine: 2, good: '$j = \'{"a":1}\'\n$h = $j | ConvertFrom-Json\n' },
  { rule: 'ps6-parameter', title: 'ConvertFrom-Json -AsHash (abbreviated)', bad: '$h = ConvertFrom-Json -InputObject "{}" -AsHash\n', badLine: 1, good: '$h = ConvertFrom-Json -InputObject "{}" -ErrorAction Stop\n' },
  { rule: 'ps6-parameter', title: 'ConvertTo-Json -EscapeHandling', bad: '$j = ConvertTo-Json @{} -EscapeHandling EscapeNonAscii\n', badLine: 1, good: '$j = ConvertTo-Json @{} -Depth 3 -Compress\n' },
  { rule: 'ps6-encoding', title: '-Encoding utf8NoBOM', bad: 'Set-Content -Path x.txt -Value 1 -Encoding utf8NoBOM\n', badLine: 1, good: 'Set-Content -Path x.txt -Value 1 -Encoding UTF8\n' },
  { rule: 'clean-block', title: 'a clean block', bad: 'function Get-X {\n  process { 1 }\n  clean { 2 }\n}\n', badLine: 3, good: 'function Get-X {\n  process { 1 }\n  end { 2 }\n}\n' },
  { rule: 'background', title: "the background operator '&'", bad: 'Get-Date &\n', badLine: 1, good: '& Get-Date\n' },
];

describe('PowerShell 5.1 compatibility (ps/, test/)', function () {
  this.timeout(120_000);

  describe('a. syntax walker', function () {
    it('finds no syntax Windows PowerShell 5.1 lacks in any *.ps1 under ps/ and test/', async function () {
      const ps1 = [...(await listFiles(PS_DIR)), ...(await listFiles(path.join(ROOT, 'test')))].filter((f) => f.endsWith('.ps1'));
      const { findings, scanned } = await walk([PS_DIR, path.join(ROOT, 'test')], ROOT);
      expect(scanned, 'files parsed').to.equal(ps1.length);
      expect(findings.map((f) => f.raw), 'PowerShell 7-only syntax (file:line: [rule])').to.deep.equal([]);
    });

    describe('catches each construct in a deliberately bad sample and passes the good one', function () {
      let dir = '';
      let findings: Finding[] = [];

      before(async function () {
        dir = await mkdtemp(path.join(os.tmpdir(), 'ths-compat-'));
        for (const [i, c] of CONSTRUCTS.entries()) {
          await writeFile(path.join(dir, `bad-${i}.ps1`), c.bad, 'utf8');
          await writeFile(path.join(dir, `good-${i}.ps1`), c.good, 'utf8');
        }
        ({ findings } = await walk([dir], dir));
      });

      after(async function () {
        if (dir) await rm(dir, { recursive: true, force: true });
      });

      for (const [i, c] of CONSTRUCTS.entries()) {
        it(`flags ${c.title} at file:line, and not its 5.1 form`, function () {
          const bad = findings.filter((f) => f.file === `bad-${i}.ps1`);
          expect(bad.map((f) => `${f.line} [${f.rule}]`), `findings for bad-${i}.ps1`).to.include(`${c.badLine} [${c.rule}]`);
          const good = findings.filter((f) => f.file === `good-${i}.ps1`);
          expect(good.map((f) => f.raw), `findings for good-${i}.ps1`).to.deep.equal([]);
        });
      }
    });
  });

  describe('b. encodings', function () {
    /** What is wrong with a file's bytes for Windows PowerShell 5.1, or null. */
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

    it('tells a good file from a bad one (the test of the test)', function () {
      expect(encodingProblem(Buffer.from('plain ascii\n'))).to.equal(null);
      expect(encodingProblem(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('交易系统\n')]))).to.equal(null);
      expect(encodingProblem(Buffer.from('交易系统\n'))).to.match(/without a UTF-8 BOM/);
      expect(encodingProblem(Buffer.from([0xef, 0xbb, 0xbf, 0xbd, 0xbb, 0xd2, 0xd7]))).to.equal('invalid UTF-8'); // GBK
      expect(encodingProblem(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).to.equal('invalid UTF-8'); // UTF-16 LE
    });

    // PowerShell files only: data files (sample-state.json) are read with an explicit UTF-8 decoder, BOM or not.
    it('every PowerShell file under ps/ and test/ is UTF-8, with a BOM when it has non-ASCII', async function () {
      const isPs = (f: string): boolean => /\.ps[dm]?1$/.test(f);
      const files = [
        ...(await listFiles(PS_DIR)).filter(isPs),
        ...(await listFiles(path.join(ROOT, 'test'))).filter(isPs),
      ];
      expect(files.length).to.be.greaterThan(0);
      const problems: string[] = [];
      for (const f of files) {
        const p = encodingProblem(await readFile(f));
        if (p) problems.push(`${path.relative(ROOT, f)}: ${p}`);
      }
      expect(problems).to.deep.equal([]);
    });
  });

  describe('c. the C# source of Port.Win32.ps1 is C# 5', function () {
    interface CompileReport { source: number; port: string; portError: string; c6With5: string; c6With5Error: string; c6Plain: string }
    let report: CompileReport;

    before(async function () {
      const c6 = 'public static class ThsCompatCSharp6 { public static string F(int a) { return $"{a}"; } }';
      const c6b = c6.replace('ThsCompatCSharp6', 'ThsCompatCSharp6b');
      ({ result: report } = await runForResult<CompileReport>(`
$ErrorActionPreference = 'Stop'
. ${psQuote(WIN32_PORT)}
function Test-Compile([string]$Source, [string[]]$Options) {
    $errs = $null
    try {
        if ($Options) { Add-Type -TypeDefinition $Source -CompilerOptions $Options -ErrorVariable errs -ErrorAction SilentlyContinue }
        else { Add-Type -TypeDefinition $Source -ErrorVariable errs -ErrorAction SilentlyContinue }
    } catch { }
    return (@($errs) | ForEach-Object { [string]$_ }) -join "\`n"
}
$r = @{ source = $script:ThsUser32Source.Length }
$r.portError = Test-Compile $script:ThsUser32Source @('-langversion:5')
$r.port = [string]('ThsUser32' -as [type])
$r.c6With5Error = Test-Compile ${psQuote(c6)} @('-langversion:5')
$r.c6With5 = [string]('ThsCompatCSharp6' -as [type])
[void](Test-Compile ${psQuote(c6b)} @())
$r.c6Plain = [string]('ThsCompatCSharp6b' -as [type])
[Console]::Error.WriteLine('${RESULT_MARK}' + (ConvertTo-Json -InputObject $r -Compress))
`));
    });

    it('compiles with Add-Type -CompilerOptions -langversion:5', function () {
      expect(report.source, '$script:ThsUser32Source').to.be.greaterThan(1000);
      expect(report.portError).to.equal('');
      expect(report.port).to.equal('ThsUser32');
    });

    it('the same options refuse a C# 6 snippet (string interpolation) that compiles without them', function () {
      expect(report.c6With5).to.equal('');
      expect(report.c6With5Error).to.match(/CS8026/);
      expect(report.c6Plain).to.equal('ThsCompatCSharp6b');
    });
  });

  describe('d. the two window ports match', function () {
    interface FnInfo { name: string; params: string[]; help: boolean; line: number }

    /** Function names and parameter names of a file, from its AST. */
    async function functionsOf(file: string): Promise<FnInfo[]> {
      const { result } = await runForResult<FnInfo[]>(`
$ErrorActionPreference = 'Stop'
$tokens = $null; $errors = $null
$ast = [System.Management.Automation.Language.Parser]::ParseFile(${psQuote(file)}, [ref]$tokens, [ref]$errors)
$list = New-Object System.Collections.Generic.List[object]
foreach ($fn in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $false)) {
    $ps = @()
    if ($null -ne $fn.Parameters) { $ps = @($fn.Parameters) }
    elseif ($null -ne $fn.Body.ParamBlock) { $ps = @($fn.Body.ParamBlock.Parameters) }
    $list.Add(@{ name = $fn.Name; params = @($ps | ForEach-Object { $_.Name.VariablePath.UserPath }); help = ($null -ne $fn.GetHelpContent()); line = $fn.Extent.StartLineNumber })
}
[Console]::Error.WriteLine('${RESULT_MARK}' + (ConvertTo-Json -InputObject @($list.ToArray()) -Compress -Depth 4))
`);
      return result;
    }

    /** The primitives documented in docs/WINDOW-PORT.md: name -> parameter names. */
    async function documentedPrimitives(): Promise<Map<string, string[]>> {
      const doc = await readFile(WINDOW_PORT_DOC, 'utf8');
      const start = doc.indexOf('## Primitives');
      const end = doc.indexOf('\n## ', start + 1);
      const section = doc.slice(start, end < 0 ? undefined : end);
      const out = new Map<string, string[]>();
      for (const line of section.split('\n')) {
        const m = /^\|\s*`([A-Z][A-Za-z]+-Port[A-Za-z]*)([^`]*)`/.exec(line);
        if (!m) continue;
        out.set(m[1] ?? '', [...(m[2] ?? '').matchAll(/-([A-Za-z]+)/g)].map((p) => p[1] ?? ''));
      }
      return out;
    }

    const signature = (fns: FnInfo[]): Record<string, string[]> =>
      Object.fromEntries(fns.map((f) => [f.name, [...f.params].sort()] as const).sort((a, b) => a[0].localeCompare(b[0])));

    it('Port.Win32.ps1 defines exactly the primitives of docs/WINDOW-PORT.md, each with help', async function () {
      const doc = await documentedPrimitives();
      expect(doc.size, 'primitives found in the doc').to.be.greaterThan(10);
      const win32 = await functionsOf(WIN32_PORT);
      const expected = Object.fromEntries([...doc.entries()].map(([n, p]) => [n, [...p].sort()] as const).sort((a, b) => a[0].localeCompare(b[0])));
      expect(signature(win32)).to.deep.equal(expected);
      expect(win32.filter((f) => !f.help).map((f) => `${f.name} (line ${f.line})`), 'functions without comment-based help').to.deep.equal([]);
    });

    it('every function under ps/ has comment-based help that Get-Help recognises (ops read it)', async function () {
      const files = (await listFiles(PS_DIR)).filter((f) => f.endsWith('.ps1'));
      expect(files.length).to.be.greaterThan(10);
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

    it('Port.Sim.ps1 defines the same primitives (Verb-Port* functions) with the same parameter names as Port.Win32.ps1', async function () {
      expect(existsSync(SIM_PORT), 'ps/lib/Port.Sim.ps1 is missing (the simulated port)').to.equal(true);
      const isPrimitive = (f: FnInfo): boolean => /^[A-Z][a-z]+-Port[A-Za-z]*$/.test(f.name);
      const [win32, sim] = await Promise.all([functionsOf(WIN32_PORT), functionsOf(SIM_PORT)]);
      expect(signature(sim.filter(isPrimitive)), 'Port.Sim.ps1 (actual) vs Port.Win32.ps1 (expected)').to.deep.equal(signature(win32.filter(isPrimitive)));
    });
  });

  describe('e. dot-sourcing Port.Win32.ps1 on this OS', function () {
    interface DotReport {
      newFunctions: string[]; newVariables: string[]; typeBeforeInit: boolean; typeAfterInit: boolean;
      init: { Ok: boolean; Backend: string; Reason: string | null }; secondInitError: string; strict: string;
    }
    let run: { result: DotReport; stdout: string; stderr: string };

    before(async function () {
      run = await runForResult<DotReport>(`
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. ${psQuote(CONSTANTS)}
$thsSnapFunctions = @(Get-ChildItem function: | ForEach-Object { $_.Name })
$thsSnapVariables = @(Get-Variable | ForEach-Object { $_.Name })
. ${psQuote(WIN32_PORT)}
$r = @{}
$r.newFunctions = @(Get-ChildItem function: | Where-Object { $thsSnapFunctions -notcontains $_.Name } | ForEach-Object { $_.Name } | Sort-Object)
$r.newVariables = @(Get-Variable | Where-Object { $thsSnapVariables -notcontains $_.Name -and $_.Name -notin @('thsSnapVariables', 'r') } | ForEach-Object { $_.Name })
$r.strict = [string]$ErrorActionPreference
$r.typeBeforeInit = $null -ne ('ThsUser32' -as [type])
$r.init = Initialize-Port
$r.typeAfterInit = $null -ne ('ThsUser32' -as [type])
$r.secondInitError = ''
try { [void](Initialize-Port -SimState 'ignored' -SimSample 'ignored') } catch { $r.secondInitError = [string]$_ }
[Console]::Error.WriteLine('${RESULT_MARK}' + (ConvertTo-Json -InputObject $r -Compress -Depth 4))
`);
    });

    it('writes nothing to stdout (dot-sourcing and Initialize-Port)', function () {
      expect(run.stdout).to.equal('');
    });

    it('defines the port functions and one variable (the C# source), and compiles nothing yet', function () {
      expect(run.result.newFunctions).to.include.members(['Initialize-Port', 'Get-PortText', 'Find-PortTopWindows', 'Get-PortClipboardText']);
      expect(run.result.newFunctions.every((n) => /^[A-Z][a-z]+-Port[A-Za-z]*$/.test(n)), run.result.newFunctions.join(', ')).to.equal(true);
      expect(run.result.newVariables).to.deep.equal(['ThsUser32Source']);
      expect(run.result.strict).to.equal('Stop');
      expect(run.result.typeBeforeInit).to.equal(false);
    });

    it('Initialize-Port compiles the ThsUser32 type and answers in the documented shape (twice without error)', function () {
      expect(run.result.typeAfterInit).to.equal(true);
      expect(run.result.init.Backend).to.equal('win32');
      expect(run.result.secondInitError).to.equal('');
      if (process.platform === 'win32') {
        expect(run.result.init.Ok, String(run.result.init.Reason)).to.equal(true);
      } else {
        expect(run.result.init.Ok).to.equal(false);
        expect(run.result.init.Reason).to.match(/needs Windows.*-Backend Sim/);
      }
    });
  });
});
