// ps51-walker.ts - the syntax walker of the 5.1 compatibility tests: the PowerShell 7 parser's AST of every PowerShell
// file, searched for syntax and parameters Windows PowerShell 5.1 lacks; and the bad / good samples that prove it.
import { runPwshScript } from '../helpers/pwsh.ts';
import { psQuote } from './ps-helpers.ts';

/**
 * The walker: parses every *.ps1 / *.psm1 / *.psd1 under the roots and prints `relative/path:line: [rule] description` for each use of
 * syntax (or parameter) that Windows PowerShell 5.1 does not have. Prints nothing when all is well.
 */
export function walkerScript(roots: string[], base: string): string {
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
    if (Test-Path -LiteralPath $root) { Get-ChildItem -LiteralPath $root -Recurse -File | Where-Object { $_.Name -match '\\.ps[dm]?1$' } }
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

export interface Finding { file: string; line: number; rule: string; text: string; raw: string }

/** Runs the walker over roots; returns its findings (paths relative to base) and how many files it parsed. */
export async function walk(roots: string[], base: string): Promise<{ findings: Finding[]; scanned: number }> {
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
export interface Construct { rule: string; title: string; bad: string; badLine: number; good: string }

export const CONSTRUCTS: Construct[] = [
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

