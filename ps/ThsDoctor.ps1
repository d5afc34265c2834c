#requires -Version 5.1
<#
.SYNOPSIS
ths-http-trader doctor: a read-only report of the trading PC (docs/doctor.md), each check pass / warn / fail with its
fix in Chinese, then English; optionally the window tree of the client's processes, account numbers masked.

.DESCRIPTION
Loads the worker module (ps/ThsWorker) without its loop, as an operator would (see ps/ThsAutomation.ps1), and runs
Invoke-ThsDoctor: only window-port primitives; the only messages sent to the client are the page commands (opening a
page changes nothing in the account); nothing is clicked or typed. `npm run doctor` runs this script.
    pwsh ps/ThsDoctor.ps1                                   # the report as text
    pwsh ps/ThsDoctor.ps1 -Json                             # a JSON array of checks (ASCII, one line)
    pwsh ps/ThsDoctor.ps1 -DumpFile C:\temp\xiadan.json      # also the window tree
Exit code: 0 when no check fails, 1 when one does.

.PARAMETER Backend
Win32 (default on Windows) reads the real client; Sim the simulated client (or a dump given as -SimState).

.PARAMETER SimState
The simulated client's state file, or a doctor dump to replay read only.

.PARAMETER SimSample
The sample a missing state file is created from.

.PARAMETER Json
Print the checks as a JSON array instead of text.

.PARAMETER DumpFile
Write the window tree of the client's processes to this file (alias -Dump).
#>
[CmdletBinding()]
param(
    [ValidateSet('Win32', 'Sim', '')][string]$Backend = '',
    [string]$SimState = '',
    [string]$SimSample = '',
    [switch]$Json,
    [Alias('Dump')][string]$DumpFile = ''
)

# Constrained Language mode blocks Add-Type (and the module's .NET calls): report that one check, in plain strings.
if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') {
    $thsMode = [string]$ExecutionContext.SessionState.LanguageMode
    $thsFixEn = 'PowerShell runs in ' + $thsMode + ' mode (AppLocker / WDAC policy), which blocks Add-Type and window messages: ask IT to allow this project''s scripts.'
    if ($Json) {
        Write-Output ('[{"id":"language-mode","name":"language mode","state":"fail","detail":"' + $thsMode + '","fix":{"zh":"PowerShell \u53d7\u9650\u8bed\u8a00\u6a21\u5f0f\uff1a\u8bf7 IT \u653e\u884c\u672c\u9879\u76ee\u7684\u811a\u672c\u3002","en":"' + $thsFixEn + '"},"data":{"languageMode":"' + $thsMode + '"}}]')
    } else {
        Write-Output ('[fail] language-mode: ' + $thsMode)
        Write-Output '       修复：PowerShell 受限语言模式：请 IT 放行本项目的脚本。'
        Write-Output ('       fix: ' + $thsFixEn)
    }
    exit 1
}

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
Import-Module ([System.IO.Path]::Combine($PSScriptRoot, 'ThsWorker/ThsWorker.psd1'))
Initialize-ThsWorker -Backend $Backend -SimState $SimState -SimSample $SimSample
# The module reads no environment variable: the session's name arrives as a parameter.
$thsChecks = @(Invoke-ThsDoctor -DumpFile $DumpFile -SessionName ([string]$env:SESSIONNAME))

if ($Json) {
    # ASCII only (\uXXXX), so that no console code page garbles the Chinese.
    $thsText = ConvertTo-Json -InputObject $thsChecks -Depth 10 -Compress
    $thsSb = New-Object System.Text.StringBuilder ($thsText.Length + 64)
    foreach ($thsCh in $thsText.ToCharArray()) {
        if ([int]$thsCh -lt 128) { [void]$thsSb.Append($thsCh) } else { [void]$thsSb.Append(('\u{0:x4}' -f [int]$thsCh)) }
    }
    [Console]::Out.WriteLine($thsSb.ToString())
} else {
    foreach ($thsCheck in $thsChecks) {
        Write-Output ('[' + $thsCheck.state + '] ' + $thsCheck.id + ' (' + $thsCheck.name + '): ' + $thsCheck.detail)
        if ($null -ne $thsCheck.fix) {
            Write-Output ('       修复：' + $thsCheck.fix.zh)
            Write-Output ('       fix: ' + $thsCheck.fix.en)
        }
    }
}
if (@($thsChecks | Where-Object { $_.state -eq 'fail' }).Count -gt 0) { exit 1 }
exit 0
