// sim-driver.ts - runs small PowerShell scripts against the simulated client (ps/ThsSimClient) through the simulated
// window port (ps/ThsPort.Sim), with test-side driving helpers written over the port primitives only.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { PS_DIR, runPwshScript } from '../helpers/pwsh.ts';

export const SAMPLE = path.join(PS_DIR, 'sim', 'sample-state.json');
const RESULT_MARK = '@@SIM@@';

/** A PowerShell single-quoted literal. */
function psQuote(s: string): string {
  return "'" + s.replace(/'/g, "''") + "'";
}

/**
 * Test-side driving helpers, in PowerShell, over the port primitives only. Every wait is bounded.
 * Write-Result prints one line: RESULT_MARK + JSON with non-ASCII escaped (any console code page reads it).
 */
const PRELUDE = String.raw`
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PsDir 'ThsPort.Sim/ThsPort.Sim.psd1')
Import-Module (Join-Path $PsDir 'ThsSimClient/ThsSimClient.psd1')   # the same model the port drives (Get-SimState ...)
$facts = Import-PowerShellDataFile -Path (Join-Path $PsDir 'xiadan-ui.psd1')
foreach ($name in $facts.Keys) { Set-Variable -Scope Script -Name $name -Value $facts[$name] }

function Write-Result($Value) {
    $json = ConvertTo-Json -InputObject $Value -Depth 10 -Compress
    $json = [regex]::Replace($json, '[^\x00-\x7F]', { param($m) '\u{0:x4}' -f [int][char]$m.Value })
    [Console]::Out.WriteLine('${RESULT_MARK}' + $json)
}
function Wait-Condition([scriptblock]$Condition, [int]$TimeoutMs = 3000) {
    $sw = [Diagnostics.Stopwatch]::StartNew()
    while ($true) {
        $v = & $Condition
        if ($v) { return $v }
        if ($sw.ElapsedMilliseconds -ge $TimeoutMs) { return $null }
        Start-Sleep -Milliseconds 5
    }
}
function Get-Main { return [int64](@(Find-PortTopWindows | Where-Object { $_.ClassName -like 'AfxMDIFrame*' })[0].Handle) }
function Get-ActivePage([int64]$Main) {
    $tree = @(Get-PortChildWindows -Handle $Main)
    $container = @($tree | Where-Object { $_.ControlId -eq $ID_PAGE_CONTAINER })[0]
    $page = @($tree | Where-Object { $_.Parent -eq $container.Handle -and $_.Visible })
    if ($page.Count -eq 0) { return [int64]0 }
    return [int64]$page[0].Handle
}
function Find-Control([int64]$Root, [int]$ControlId, [string]$ClassName = '') {
    $c = @(Get-PortChildWindows -Handle $Root | Where-Object { $_.ControlId -eq $ControlId -and (-not $ClassName -or $_.ClassName -eq $ClassName) })
    if ($c.Count -eq 0) { return [int64]0 }
    return [int64]$c[0].Handle
}
function Show-Page([int]$PageId, [int]$TimeoutMs = 3000) {
    # 167 and 168 both show just a grid: wait for the visible page to change, not only for a grid to be there.
    $main = Get-Main
    $before = Get-ActivePage $main
    $marker = @{ 161 = $ID_MAX_BUY; 162 = $ID_MAX_SELL; 165 = $ID_FUND_BALANCE; 167 = $ID_GRID; 168 = $ID_GRID }[$PageId]
    $sent = Send-PortMessage -Handle $main -Message $WM_COMMAND -WParam $PageId
    if (-not $sent.Ok) { throw ('page command not delivered: ' + ($sent | ConvertTo-Json -Compress)) }
    $page = Wait-Condition { $p = Get-ActivePage $main; if ($p -ne 0 -and ($p -ne $before -or $PageId -lt 167) -and (Find-Control $p $marker) -ne 0) { $p } } $TimeoutMs
    if (-not $page) { throw ('page ' + $PageId + ' did not appear') }
    return [int64]$page
}
function Wait-Label([int64]$Handle, [int]$TimeoutMs = 3000) {
    return (Wait-Condition { $t = Get-PortText -Handle $Handle; if ($t -and $t -ne '-') { $t } } $TimeoutMs)
}
function Get-Popups { return , @(Find-PortTopWindows -ProcessId $PID -ClassName $POPUP_CLASS | Where-Object { $_.Visible }) }
function Read-Popup([int64]$Handle) {
    $buttons = @(@($ID_BTN_OK, $ID_BTN_YES, $ID_BTN_NO, $ID_BTN_CANCEL) | Where-Object { (Get-PortChild -Handle $Handle -ControlId $_) -ne 0 })
    return [ordered]@{
        handle = $Handle
        title = Get-PortText -Handle (Get-PortChild -Handle $Handle -ControlId $ID_POPUP_TITLE)
        text = Get-PortText -Handle (Get-PortChild -Handle $Handle -ControlId $ID_POPUP_TEXT)
        buttons = $buttons
    }
}
function Wait-Popup([int]$TimeoutMs = 3000) {
    $p = Wait-Condition { $all = Get-Popups; if ($all.Count -gt 0) { $all[0] } } $TimeoutMs
    if (-not $p) { return $null }
    return (Read-Popup ([int64]$p.Handle))
}
function Close-Popup([int64]$Handle, [int]$ButtonId) {
    [void](Push-PortMessage -Handle (Get-PortChild -Handle $Handle -ControlId $ButtonId) -Message $BM_CLICK)
    $gone = Wait-Condition { -not (Get-PortWindowInfo -Handle $Handle).Exists } 1500
    if (-not $gone) { throw 'popup did not close' }
}
function Set-OrderForm([string]$Side, [string]$Code, [string]$Price, [string]$Amount) {
    $pageId = 162; $maxId = $ID_MAX_SELL
    if ($Side -eq 'buy') { $pageId = 161; $maxId = $ID_MAX_BUY }
    $page = Show-Page $pageId
    $codeH = Find-Control $page $ID_CODE
    $priceH = Find-Control $page $ID_PRICE
    [void](Set-PortText -Handle (Find-Control $page $ID_AMOUNT) -Text '')
    [void](Set-PortText -Handle $priceH -Text '')
    [void](Set-PortText -Handle $codeH -Text $Code)
    $name = Wait-Label (Find-Control $page $ID_NAME) 500
    if ($Price) {
        [void](Set-PortText -Handle (Find-Control $page $maxId) -Text '')
        [void](Set-PortText -Handle $priceH -Text $Price)
    }
    $max = Wait-Label (Find-Control $page $maxId) 500
    [void](Set-PortText -Handle (Find-Control $page $ID_AMOUNT) -Text $Amount)
    return [ordered]@{ page = $page; name = $name; max = $max; price = (Get-PortText -Handle $priceH) }
}
function Submit-Order([string]$Side, [string]$Code, [string]$Price, [string]$Amount) {
    $f = Set-OrderForm $Side $Code $Price $Amount
    [void](Push-PortMessage -Handle (Find-Control $f.page $ID_SUBMIT) -Message $BM_CLICK)
    $p = Wait-Popup
    if ($null -eq $p) { throw 'no popup after submit' }
    Close-Popup $p.handle $ID_BTN_OK
    return [ordered]@{ title = $p.title; text = $p.text; name = $f.name; max = $f.max; price = $f.price }
}
function Read-Grid([int]$PageId) {
    $page = Show-Page $PageId
    $grid = Find-Control $page $ID_GRID $GRID_CLASS
    $before = Get-PortClipboardSequence
    [void](Push-PortMessage -Handle $grid -Message $WM_COMMAND -WParam $CMD_COPY)
    $ok = Wait-Condition { (Get-PortClipboardSequence) -ne $before }
    if (-not $ok) { throw 'clipboard did not change' }
    return (Get-PortClipboardText)
}
function Read-Funds {
    $page = Show-Page 165
    $r = [ordered]@{}
    foreach ($id in @(1012, 1013, 1014, 1015, 1016, 1017, 1026, 1027)) { $r[[string]$id] = Wait-Label (Find-Control $page $id) }
    return $r
}
function Read-StateFile { return (ConvertFrom-Json -InputObject ([IO.File]::ReadAllText($StatePath, [Text.Encoding]::UTF8))) }
`;

export interface SimRun<T> { result: T; stdout: string; stderr: string }

/** Deep-merges plain objects (overrides win; arrays replaced). */
function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    if (v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b)) {
      out[k] = merge(b as Record<string, unknown>, v as Record<string, unknown>);
    } else {
      out[k] = v;
    }
  }
  return out;
}

let workDir = '';

/** Creates the folder the cases' state files go to (call in before). */
export async function createSimWorkDir(): Promise<string> {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'ths-sim-'));
  return workDir;
}

/**
 * Runs a PowerShell body after the prelude, with $StatePath (written from the sample merged with `state`, or left
 * missing when state is null) and $SamplePath, after Initialize-Port. Returns the Write-Result value.
 */
export async function runSim<T>(body: string, state: Record<string, unknown> | null = {}, init = true): Promise<SimRun<T>> {
  const dir = await mkdtemp(path.join(workDir, 'case-'));
  const statePath = path.join(dir, 'state.json');
  if (state !== null) {
    const sample = JSON.parse(await readFile(SAMPLE, 'utf8')) as Record<string, unknown>;
    await writeFile(statePath, JSON.stringify(merge(sample, state), null, 2), 'utf8');
  }
  const head = `$PsDir = ${psQuote(PS_DIR)}\n$StatePath = ${psQuote(statePath)}\n$SamplePath = ${psQuote(SAMPLE)}\n`;
  const start = init ? `$init = Initialize-Port -SimState $StatePath -SimSample $SamplePath\nif (-not $init.Ok) { throw $init.Reason }\n` : '';
  const r = await runPwshScript(head + PRELUDE + start + body, { timeoutMs: 30_000 });
  const line = r.stdout.split(/\r?\n/).find((l) => l.startsWith(RESULT_MARK));
  if (line === undefined) {
    throw new Error(`pwsh printed no result (exit ${r.exitCode}).\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
  return { result: JSON.parse(line.slice(RESULT_MARK.length)) as T, stdout: r.stdout, stderr: r.stderr };
}

/** Parses a grid's clipboard text: header row, then rows keyed by column. */
export function parseGrid(text: string): { header: string; rows: Array<Record<string, string>> } {
  const lines = text.split('\r\n');
  expect(lines[lines.length - 1]).to.equal('', 'every row ends with CR LF');
  const header = lines[0] ?? '';
  const cols = header.split('\t');
  const rows = lines.slice(1, -1).map((l) => Object.fromEntries(l.split('\t').map((c, i) => [cols[i] ?? '', c])));
  return { header, rows };
}
