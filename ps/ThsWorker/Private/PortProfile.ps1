# PortProfile.ps1 - the worker measured from the inside (Initialize-ThsWorker -ProfilePort): every window-port call is
# counted and timed, and so are the worker's polling sleeps, so each reply can say where its time went (its `debug`
# field, docs/PROTOCOL.md): portCalls / portMs (inside the port: user32, or the simulated client's model; per function
# in calls / callMs), waitMs /
# ticks (Wait-ThsTick), ownMs (the rest: the worker's own PowerShell). Off by default: the wrappers cost a few
# microseconds per port call.

$script:ThsPortProfile = $null

function Enable-ThsPortProfile {
    <#
    .SYNOPSIS
    Wraps every function the loaded window port exports, in this module's scope, with a counter and a stopwatch; the
    worker's code calls them by the same names and cannot tell. The port module's own functions are untouched.
    .EXAMPLE
    & (Get-Module ThsWorker) { Enable-ThsPortProfile; Get-ThsBalance | Out-Null; Get-ThsPortProfile -TotalMs 0 }
    #>
    param([Parameter(Mandatory = $true)]$PortModule)
    if ($null -ne $script:ThsPortProfile) { return }
    $prof = @{ Calls = 0; Port = [System.Diagnostics.Stopwatch]::new(); Wait = [System.Diagnostics.Stopwatch]::new(); Ticks = 0; By = @{}; ByMs = @{} }
    foreach ($fn in @($PortModule.ExportedFunctions.Values)) {
        $p = $prof
        $orig = $fn
        $name = [string]$fn.Name
        $wrapper = {
            $p.Calls++
            $p.By[$name] = 1 + [int]$p.By[$name]
            $running = $p.Port.IsRunning
            $t0 = $p.Port.Elapsed.TotalMilliseconds
            if (-not $running) { $p.Port.Start() }
            try { & $orig @args } finally {
                if (-not $running) { $p.Port.Stop() }
                $p.ByMs[$name] = ($p.Port.Elapsed.TotalMilliseconds - $t0) + [double]$p.ByMs[$name]
            }
        }.GetNewClosure()
        Set-Item -Path ('function:script:' + $name) -Value $wrapper
    }
    $script:ThsPortProfile = $prof
}

function Reset-ThsPortProfile {
    <#
    .SYNOPSIS
    Zeroes the counters (at the start of each request).
    #>
    $p = $script:ThsPortProfile
    if ($null -eq $p) { return }
    $p.Calls = 0
    $p.Ticks = 0
    $p.Port.Reset()
    $p.Wait.Reset()
    $p.By = @{}
    $p.ByMs = @{}
}

function Get-ThsPortProfile {
    <#
    .SYNOPSIS
    The counters since the last reset as the reply's debug field; TotalMs is the request's whole time in the worker.
    #>
    param([Parameter(Mandatory = $true)][double]$TotalMs)
    $p = $script:ThsPortProfile
    $portMs = $p.Port.Elapsed.TotalMilliseconds
    $waitMs = $p.Wait.Elapsed.TotalMilliseconds
    $by = [ordered]@{}
    $byMs = [ordered]@{}
    foreach ($k in @($p.By.Keys | Sort-Object)) {
        $by[[string]$k] = [int]$p.By[$k]
        $byMs[[string]$k] = [Math]::Round([double]$p.ByMs[$k], 3)
    }
    return [ordered]@{
        workerMs = [Math]::Round($TotalMs, 3); portCalls = [int]$p.Calls; portMs = [Math]::Round($portMs, 3)
        waitMs = [Math]::Round($waitMs, 3); ticks = [int]$p.Ticks; ownMs = [Math]::Round([Math]::Max([double]0, $TotalMs - $portMs - $waitMs), 3)
        calls = $by; callMs = $byMs
    }
}
