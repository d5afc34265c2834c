#requires -Version 5.1
<#
.SYNOPSIS
ths-http-trader worker: drives the 同花顺 (THS) trading client (xiadan.exe) with window messages, one JSON request
per stdin line, one JSON reply per stdout line (docs/PROTOCOL.md).

.DESCRIPTION
A thin entry script over the worker module ps/ThsWorker: it checks the language mode, imports the module, passes its
parameters to Initialize-ThsWorker and starts the request loop (Start-ThsWorker).

Run it to start the request loop (the HTTP server does this; an operator can too and type JSON lines):
    pwsh ps/ThsAutomation.ps1 -Backend Sim -SimState my.json
    {"id":1,"cmd":"balance"}

Dot-source it to get the worker's functions without the loop, for debugging by hand:
    . ./ps/ThsAutomation.ps1 -Backend Sim
    Get-ThsBalance
    Invoke-ThsOrder -Side Buy -Code 600160 -Price 21.21 -Amount 100

Or import the module yourself and initialize it once (the same options as this script's parameters):
    Import-Module ./ps/ThsWorker/ThsWorker.psd1
    Initialize-ThsWorker -Backend Sim -SimState ./my-sim.json
    Get-ThsBalance
    (Get-ThsPosition).Rows | Format-Table
    Invoke-ThsOrder -Side Buy -Code 600160 -Price 21.21 -Amount 100
    Invoke-ThsCancel -Scope buy
    Invoke-ThsRequest -Line '{"id":1,"cmd":"orders"}'    # one protocol line, as the bridge sends it
    Get-Command -Module ThsWorker                          # everything the module offers; Get-Help <name> for each
On the trading PC use -Backend Win32 (the default on Windows) with the client logged in.

Every option arrives as a parameter: neither this script nor the module reads an environment variable of its own
(the server turns its THS_* variables into these parameters).

.PARAMETER Backend
Win32 drives the real client through user32 (default on Windows); Sim drives the simulated client (default elsewhere).

.PARAMETER SimState
The simulated account's state file (created from -SimSample when missing; written after every change).

.PARAMETER SimSample
The sample a missing state file is created from (default ps/sim/sample-state.json; never written).

.PARAMETER ExportDir
Where the client's save-to-file export writes grid files when a captcha blocks the copy (default: the temp folder).

.PARAMETER TestPauseAt
Crash tests only: the worker sleeps 60 s right after printing this event (submitting, submitted or answered).

.PARAMETER RequireWindow
Report failed (instead of ready) when no trading window is found at start.

.PARAMETER ResultDisplay
Popup (default): a submitted buy or sell answers with a result popup, waited for POPUP_TIMEOUT_MS. Toast: the client's
quick-trade mode shows success as a toast no window message can read: the popup is waited for only
TOAST_POPUP_TIMEOUT_MS (a refusal still pops up), and no popup is reported as such (the server then looks for the order
in today's orders).

.PARAMETER ProfilePort
Every reply also carries a debug field: the window-port calls it made (count, time inside, per function), the polling
sleeps, and the worker's own time (docs/PROTOCOL.md "The debug field").

.PARAMETER ClientPid
Several clients found by the server's --discover: drive only the trading window of this process id (docs/accounts.md).

.PARAMETER Standby
Start as a spare: load the port's code, print a standby line, and wait for a line {"type":"activate"} before touching
the client or the simulated client's state file; then start as usual (docs/PROTOCOL.md "The standby worker").
#>
[CmdletBinding()]
param(
    [ValidateSet('Win32', 'Sim', '')][string]$Backend = '',
    [string]$SimState = '',
    [string]$SimSample = '',
    [string]$ExportDir = '',
    [ValidateSet('', 'submitting', 'submitted', 'answered')][string]$TestPauseAt = '',
    [switch]$RequireWindow,
    [ValidateSet('Popup', 'Toast')][string]$ResultDisplay = 'Popup',
    [switch]$ProfilePort,
    [string]$ClientExe = '',
    [int64]$ClientPid = 0,
    [switch]$Standby
)

# Constrained Language mode blocks Add-Type and most .NET calls: say so with what CLM still allows, and stop.
if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') {
    $thsMode = [string]$ExecutionContext.SessionState.LanguageMode
    if ($MyInvocation.InvocationName -ne '.') {
        Write-Output ('{"type":"failed","reason":"PowerShell runs in ' + $thsMode + ' mode (AppLocker / WDAC policy): Add-Type and window messages are blocked. Ask IT to allow this script, or run it under a PowerShell in FullLanguage mode.","languageMode":"' + $thsMode + '"}')
        exit 3
    }
    throw ('PowerShell runs in ' + $thsMode + ' mode: this script needs FullLanguage.')
}

$thsOptions = @{ Backend = $Backend; SimState = $SimState; SimSample = $SimSample; ExportDir = $ExportDir; TestPauseAt = $TestPauseAt; RequireWindow = $RequireWindow; ResultDisplay = $ResultDisplay; ProfilePort = $ProfilePort; ClientExe = $ClientExe; ClientPid = $ClientPid; Standby = $Standby }

Import-Module ([System.IO.Path]::Combine($PSScriptRoot, 'ThsWorker/ThsWorker.psd1'))
Initialize-ThsWorker @thsOptions
Remove-Variable -Name thsOptions

# Dot-sourced: functions only, no loop.
if ($MyInvocation.InvocationName -eq '.') { return }
exit (Start-ThsWorker)
