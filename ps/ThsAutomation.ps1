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

# Capture the parameters first: the libraries below are dot-sourced into this scope and have script variables of
# their own (the simulated client keeps its state in $script:SimState).
$script:ThsSimState = $SimState
$script:ThsSimSample = $SimSample
$script:ThsBackendParam = $Backend
if (-not $script:ThsSimState) { $script:ThsSimState = [Environment]::GetEnvironmentVariable('THS_SIM_STATE') }
if (-not $script:ThsSimState) { $script:ThsSimState = Join-Path ([IO.Path]::GetTempPath()) 'ths-sim-state.json' }
if (-not $script:ThsSimSample) { $script:ThsSimSample = Join-Path $PSScriptRoot 'sim/sample-state.json' }
if (-not $script:ThsBackendParam) {
    $script:ThsBackendParam = 'Sim'
    if ([Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT) { $script:ThsBackendParam = 'Win32' }
}
$script:ThsBackend = $script:ThsBackendParam.ToLowerInvariant()
$script:ThsRequireWindow = [bool]$RequireWindow
# A parameter keeps its type constraint ([string]) for the whole scope: free the names for the libraries.
Remove-Variable -Name SimState, SimSample, Backend, RequireWindow -Scope Script -ErrorAction SilentlyContinue

foreach ($thsLib in @('Constants', 'Errors', 'Protocol', 'Window', 'Popups', 'Grid', 'Reports', 'Account', 'Orders', 'Cancel', 'SimControl', 'Captcha', 'Export', 'Refresh', 'Ipo')) {
    . (Join-Path $PSScriptRoot ('lib/' + $thsLib + '.ps1'))
}
if ($script:ThsBackend -eq 'sim') {
    . (Join-Path $PSScriptRoot 'lib/SimClient.ps1')
    . (Join-Path $PSScriptRoot 'lib/Port.Sim.ps1')
} else {
    . (Join-Path $PSScriptRoot 'lib/Port.Win32.ps1')
}
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
