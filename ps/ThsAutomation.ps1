#requires -Version 5.1
<#
.SYNOPSIS
ths-http-trader worker: drives the 同花顺 (THS) trading client (xiadan.exe) with window messages, one JSON request
per stdin line, one JSON reply per stdout line (docs/PROTOCOL.md).

.DESCRIPTION
Run it to start the request loop (the HTTP server does this; an operator can too and type JSON lines):
    pwsh ps/ThsAutomation.ps1 -Backend Sim -SimState my.json
    {"id":1,"cmd":"balance"}
Dot-source it to get the functions without the loop, for debugging by hand:
    . ./ps/ThsAutomation.ps1 -Backend Sim
    Get-ThsBalance
    Invoke-ThsOrder -Side Buy -Code 600160 -Price 21.21 -Amount 100

.PARAMETER Backend
Win32 drives the real client through user32 (default on Windows); Sim drives the simulated client (default elsewhere).

.PARAMETER SimState
The simulated account's state file (created from ps/sim/sample-state.json when missing; written after every change).

.PARAMETER RequireWindow
Report failed (instead of ready) when no trading window is found at start.
#>
[CmdletBinding()]
param(
    [ValidateSet('Win32', 'Sim', '')][string]$Backend = '',
    [string]$SimState = '',
    [string]$SimSample = '',
    [switch]$RequireWindow
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

foreach ($thsLib in @('Constants', 'Errors', 'Protocol', 'Window', 'Popups', 'Grid', 'Account', 'Orders')) {
    . (Join-Path $PSScriptRoot ('lib/' + $thsLib + '.ps1'))
}
if (-not $Backend) {
    $Backend = 'Sim'
    if ([Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT) { $Backend = 'Win32' }
}
$script:ThsBackend = $Backend.ToLowerInvariant()
if ($Backend -eq 'Sim') {
    . (Join-Path $PSScriptRoot 'lib/SimClient.ps1')
    . (Join-Path $PSScriptRoot 'lib/Port.Sim.ps1')
} else {
    . (Join-Path $PSScriptRoot 'lib/Port.Win32.ps1')
}
if (-not $SimState) { $SimState = [Environment]::GetEnvironmentVariable('THS_SIM_STATE') }
if (-not $SimState) { $SimState = Join-Path ([IO.Path]::GetTempPath()) 'ths-sim-state.json' }
if (-not $SimSample) { $SimSample = Join-Path $PSScriptRoot 'sim/sample-state.json' }
$script:ThsSimState = $SimState
$script:ThsSimSample = $SimSample
$script:ThsRequireWindow = [bool]$RequireWindow
$script:ThsPortReady = $false
$script:ThsMain = $null

function Initialize-ThsBackend {
    <#
    .SYNOPSIS
    Initializes the window port once; returns @{ Ok; Reason }.
    #>
    if ($script:ThsPortReady) { return @{ Ok = $true; Reason = $null } }
    try {
        $r = Initialize-Port -SimState $script:ThsSimState -SimSample $script:ThsSimSample
    } catch {
        $err = $_
        return @{ Ok = $false; Reason = ('window port failed to start: ' + $err.Exception.Message) }
    }
    if ($r.Ok) { $script:ThsPortReady = $true }
    return $r
}

function Assert-ThsPort {
    <#
    .SYNOPSIS
    Makes sure the port is initialized (dot-sourced use calls functions without Start-ThsWorker).
    #>
    $r = Initialize-ThsBackend
    if (-not $r.Ok) { throw (New-ThsError -Code 'internal' -Message $r.Reason) }
}

# Dot-sourced: functions only, no loop.
if ($MyInvocation.InvocationName -eq '.') { return }
exit (Start-ThsWorker)
