// ports.test.ts - the two window ports (ps/ThsPort.Win32, ps/ThsPort.Sim): the Win32 port's C# is C# 5, both export
// exactly the primitives of docs/WINDOW-PORT.md with the same parameters, importing the Win32 port is quiet and compiles
// nothing, and importing the modules or dot-sourcing the entry script leaves the caller's session as it was.
import { readFile, mkdtemp, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { PS_DIR, RESULT_MARK, ROOT, listFiles, psQuote, runForResult } from './ps-helpers.ts';

const WIN32_PORT = path.join(PS_DIR, 'ThsPort.Win32', 'ThsPort.Win32.psd1');
const SIM_PORT = path.join(PS_DIR, 'ThsPort.Sim', 'ThsPort.Sim.psd1');
const WINDOW_PORT_DOC = path.join(ROOT, 'docs', 'WINDOW-PORT.md');

describe('ps/ThsPort.*: the window ports', function () {
  this.timeout(120_000);

  describe('the C# of ThsPort.Win32 (ThsUser32.*.cs) is C# 5', function () {
    interface CompileReport { files: number; chars: number; port: string; portError: string; c6With5: string; c6With5Error: string; c6Plain: string }
    let report: CompileReport;

    before(async function () {
      const cs = (await listFiles(path.join(PS_DIR, 'ThsPort.Win32'))).filter((f) => f.endsWith('.cs'));
      const c6 = 'public static class ThsCompatCSharp6 { public static string F(int a) { return $"{a}"; } }';
      const c6b = c6.replace('ThsCompatCSharp6', 'ThsCompatCSharp6b');
      ({ result: report } = await runForResult<CompileReport>(`
$ErrorActionPreference = 'Stop'
$files = @(${cs.map(psQuote).join(', ')})
function Test-Compile([string[]]$Path, [string]$Source, [string[]]$Options) {
    $errs = $null
    $a = @{ ErrorVariable = 'errs'; ErrorAction = 'SilentlyContinue' }
    if ($Path) { $a.Path = $Path } else { $a.TypeDefinition = $Source }
    if ($Options) { $a.CompilerOptions = $Options }
    try { Add-Type @a } catch { $errs = @(@($errs) + @($_)) }
    return (@($errs) | ForEach-Object { [string]$_ }) -join "\`n"
}
$r = @{ files = $files.Count; chars = ($files | ForEach-Object { (Get-Content -Raw -LiteralPath $_).Length } | Measure-Object -Sum).Sum }
$r.portError = Test-Compile -Path $files -Options @('-langversion:5')
$r.port = [string]('ThsUser32' -as [type])
$r.c6With5Error = Test-Compile -Source ${psQuote(c6)} -Options @('-langversion:5')
$r.c6With5 = [string]('ThsCompatCSharp6' -as [type])
[void](Test-Compile -Source ${psQuote(c6b)})
$r.c6Plain = [string]('ThsCompatCSharp6b' -as [type])
[Console]::Error.WriteLine('${RESULT_MARK}' + (ConvertTo-Json -InputObject $r -Compress))
`));
    });

    it('compiles all its .cs files together with Add-Type -Path -CompilerOptions -langversion:5', function () {
      expect(report.files, 'ThsUser32.*.cs files').to.be.greaterThanOrEqual(2);
      expect(report.chars).to.be.greaterThan(10_000);
      expect(report.portError).to.equal('');
      expect(report.port).to.equal('ThsUser32');
    });

    it('the same options refuse a C# 6 snippet (string interpolation) that compiles without them', function () {
      expect(report.c6With5).to.equal('');
      expect(report.c6With5Error).to.match(/CS8026/);
      expect(report.c6Plain).to.equal('ThsCompatCSharp6b');
    });
  });

  describe('both ports export exactly the primitives of docs/WINDOW-PORT.md', function () {
    interface Exported { exported: Record<string, string[]>; withoutHelp: string[] }

    /** The functions a port module exports once imported: name -> its parameter names (common ones left out). */
    async function exportsOf(manifest: string): Promise<Exported> {
      const { result } = await runForResult<Exported>(`
$ErrorActionPreference = 'Stop'
$m = Import-Module ${psQuote(manifest)} -PassThru
$common = @([System.Management.Automation.PSCmdlet]::CommonParameters) + @([System.Management.Automation.PSCmdlet]::OptionalCommonParameters)
$out = [ordered]@{}
$noHelp = New-Object System.Collections.Generic.List[string]
foreach ($name in @($m.ExportedFunctions.Keys | Sort-Object)) {
    $cmd = Get-Command -Name $name -Module $m.Name
    $out[$name] = @($cmd.Parameters.Keys | Where-Object { $common -notcontains $_ } | Sort-Object)
    if ($null -eq $cmd.ScriptBlock.Ast.GetHelpContent()) { $noHelp.Add($name) }
}
[Console]::Error.WriteLine('${RESULT_MARK}' + (ConvertTo-Json -InputObject ([ordered]@{ exported = $out; withoutHelp = @($noHelp.ToArray()) }) -Compress -Depth 4))
`);
      return result;
    }

    /** The primitives documented in docs/WINDOW-PORT.md: name -> parameter names. */
    async function documentedPrimitives(): Promise<Record<string, string[]>> {
      const doc = await readFile(WINDOW_PORT_DOC, 'utf8');
      const start = doc.indexOf('## Primitives');
      const end = doc.indexOf('\n## ', start + 1);
      const section = doc.slice(start, end < 0 ? undefined : end);
      const out: Record<string, string[]> = {};
      for (const line of section.split('\n')) {
        const m = /^\|\s*`([A-Z][A-Za-z]+-Port[A-Za-z]*)([^`]*)`/.exec(line);
        if (!m) continue;
        out[m[1] ?? ''] = [...(m[2] ?? '').matchAll(/-([A-Za-z]+)/g)].map((p) => p[1] ?? '').sort();
      }
      return Object.fromEntries(Object.entries(out).sort((a, b) => a[0].localeCompare(b[0])));
    }

    const normalise = (r: Record<string, string[]>): Record<string, string[]> =>
      Object.fromEntries(Object.entries(r).map(([n, p]) => [n, [...p].sort()] as const).sort((a, b) => a[0].localeCompare(b[0])));

    it('ThsPort.Win32 exports the documented primitives with their parameters, each with help', async function () {
      const doc = await documentedPrimitives();
      expect(Object.keys(doc).length, 'primitives found in the doc').to.be.greaterThan(10);
      const win32 = await exportsOf(WIN32_PORT);
      expect(normalise(win32.exported)).to.deep.equal(doc);
      expect(win32.withoutHelp, 'exported functions without comment-based help').to.deep.equal([]);
    });

    it('ThsPort.Sim exports the same names with the same parameter names as ThsPort.Win32', async function () {
      const [win32, sim] = await Promise.all([exportsOf(WIN32_PORT), exportsOf(SIM_PORT)]);
      expect(normalise(sim.exported), 'ThsPort.Sim (actual) vs ThsPort.Win32 (expected)').to.deep.equal(normalise(win32.exported));
      expect(sim.withoutHelp).to.deep.equal([]);
    });
  });

  describe('importing ThsPort.Win32 on this OS', function () {
    interface ImportReport {
      newFunctions: string[]; typeBeforeInit: boolean; typeAfterInit: boolean;
      init: { Ok: boolean; Backend: string; Reason: string | null }; secondInitError: string;
    }
    let run: { result: ImportReport; stdout: string; stderr: string };

    before(async function () {
      run = await runForResult<ImportReport>(`
$ErrorActionPreference = 'Stop'
$thsSnapFunctions = @(Get-ChildItem function: | ForEach-Object { $_.Name })
Import-Module ${psQuote(WIN32_PORT)}
$r = @{}
$r.newFunctions = @(Get-ChildItem function: | Where-Object { $thsSnapFunctions -notcontains $_.Name } | ForEach-Object { $_.Name } | Sort-Object)
$r.typeBeforeInit = $null -ne ('ThsUser32' -as [type])
$r.init = Initialize-Port
$r.typeAfterInit = $null -ne ('ThsUser32' -as [type])
$r.secondInitError = ''
try { [void](Initialize-Port -SimState 'ignored' -SimSample 'ignored') } catch { $r.secondInitError = [string]$_ }
[Console]::Error.WriteLine('${RESULT_MARK}' + (ConvertTo-Json -InputObject $r -Compress -Depth 4))
`);
    });

    it('writes nothing to stdout (importing and Initialize-Port)', function () {
      expect(run.stdout).to.equal('');
    });

    it('gives the caller the port functions only, and compiles nothing yet', function () {
      expect(run.result.newFunctions).to.include.members(['Initialize-Port', 'Get-PortText', 'Find-PortTopWindows', 'Get-PortClipboardText']);
      expect(run.result.newFunctions.every((n) => /^[A-Z][a-z]+-Port[A-Za-z]*$/.test(n)), run.result.newFunctions.join(', ')).to.equal(true);
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

  describe("the caller's session is left as it was", function () {
    interface SessionReport { before: Record<string, string>; after: Record<string, string> }
    let dir = '';

    /**
     * Sets ErrorActionPreference to Continue with strict mode off, runs `load` and each `use` line, and reports both
     * settings before and after. Strict mode is probed by reading a variable that does not exist.
     */
    async function probe(load: string): Promise<SessionReport> {
      const { result } = await runForResult<SessionReport>(`
Set-StrictMode -Off
$ErrorActionPreference = 'Continue'
function Get-ThsProbe {
    $strict = 'off'
    try { $null = $thsNoSuchVariable } catch { $strict = 'on' }
    return [ordered]@{ errorAction = [string]$ErrorActionPreference; strict = $strict }
}
$before = Get-ThsProbe
${load}
$after = Get-ThsProbe
[Console]::Error.WriteLine('${RESULT_MARK}' + (ConvertTo-Json -InputObject ([ordered]@{ before = $before; after = $after }) -Compress))
`);
      return result;
    }

    before(async function () {
      dir = await mkdtemp(path.join(os.tmpdir(), 'ths-session-'));
    });
    after(async function () {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('notices a script that changes them (the test of the test)', async function () {
      const leaky = path.join(dir, 'leaky.ps1');
      await writeFile(leaky, "Set-StrictMode -Version Latest\n$ErrorActionPreference = 'Stop'\n", 'utf8');
      const r = await probe(`. ${psQuote(leaky)}`);
      expect(r.before).to.deep.equal({ errorAction: 'Continue', strict: 'off' });
      expect(r.after).to.not.deep.equal(r.before);
    });

    it('after dot-sourcing the entry script and calling the worker, the port and the model', async function () {
      const state = path.join(dir, 'state.json');
      const r = await probe(`
. ${psQuote(path.join(PS_DIR, 'ThsAutomation.ps1'))} -Backend Sim -SimState ${psQuote(state)}
$null = Get-ThsBalance
$null = Invoke-ThsRequest -Line '{"id":1,"cmd":"status"}'
Import-Module ${psQuote(WIN32_PORT)}
$null = Initialize-Port
Import-Module ${psQuote(path.join(PS_DIR, 'ThsSimClient', 'ThsSimClient.psd1'))}
$null = Get-SimState`);
      expect(r.before).to.deep.equal({ errorAction: 'Continue', strict: 'off' });
      expect(r.after).to.deep.equal(r.before);
    });
  });
});
