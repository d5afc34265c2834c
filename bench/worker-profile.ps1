#requires -Version 5.1
<#
.SYNOPSIS
Times the worker's layers inside one PowerShell (no pipes): parsing a request line, running a command, and writing
the reply as ASCII JSON. Prints one JSON line: { name: { n, p50, p99 } } in milliseconds.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string]$SimState,
    [int]$PingCount = 1000,
    [int]$BalanceCount = 100,
    # Balances run before the layers are timed: a long-lived worker's pace, after PowerShell and .NET compiled its code.
    [int]$Warmup = 400
)
. (Join-Path $PSScriptRoot '../ps/ThsAutomation.ps1') -Backend Sim -SimState $SimState
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
# The layers are the worker module's own functions (and the port's and the model's it imported): time them in there.
& (Get-Module ThsWorker) {
param([int]$PingCount, [int]$BalanceCount, [int]$Warmup)
Assert-ThsPort

function Measure-BenchLayer {
    param([Parameter(Mandatory = $true)][scriptblock]$Body, [int]$Count)
    for ($i = 0; $i -lt [Math]::Min(50, $Count); $i++) { $null = & $Body }
    $ms = New-Object 'System.Collections.Generic.List[double]'
    $sw = New-Object System.Diagnostics.Stopwatch
    for ($i = 0; $i -lt $Count; $i++) {
        $sw.Restart()
        $null = & $Body
        $ms.Add($sw.Elapsed.TotalMilliseconds)
    }
    $ms.Sort()
    $p50 = $ms[[Math]::Max(0, [int][Math]::Ceiling(0.5 * $Count) - 1)]
    $p99 = $ms[[Math]::Max(0, [int][Math]::Ceiling(0.99 * $Count) - 1)]
    return [ordered]@{ n = $Count; p50 = [Math]::Round($p50, 3); p99 = [Math]::Round($p99, 3) }
}

$pingLine = '{"id":1,"cmd":"ping","args":{}}'
$balanceLine = '{"id":2,"cmd":"balance","args":{}}'
$pingReply = Invoke-ThsRequest -Line $pingLine
$balanceReply = Invoke-ThsRequest -Line $balanceLine
for ($i = 0; $i -lt $Warmup; $i++) { $null = Invoke-ThsRequest -Line $balanceLine }
$out = [ordered]@{}
$out.empty = Measure-BenchLayer -Count $PingCount -Body { }
$out.parseLine = Measure-BenchLayer -Count $PingCount -Body { ConvertFrom-Json -InputObject $pingLine }
$out.pingRequest = Measure-BenchLayer -Count $PingCount -Body { Invoke-ThsRequest -Line $pingLine }
$out.pingReplyJson = Measure-BenchLayer -Count $PingCount -Body { ConvertTo-ThsAsciiJson -InputObject $pingReply }
$out.balanceRequest = Measure-BenchLayer -Count $BalanceCount -Body { Invoke-ThsRequest -Line $balanceLine }
$out.balanceReplyJson = Measure-BenchLayer -Count $PingCount -Body { ConvertTo-ThsAsciiJson -InputObject $balanceReply }
$out.simStepIdle = Measure-BenchLayer -Count $PingCount -Body { Step-SimClient }
$main = Get-ThsMainWindow
$out.portChildWindows = Measure-BenchLayer -Count $BalanceCount -Body { Get-PortChildWindows -Handle $main.Handle }
$out.portText = Measure-BenchLayer -Count $PingCount -Body { Get-PortText -Handle $main.Handle }
[Console]::Out.WriteLine((ConvertTo-Json -InputObject $out -Depth 4 -Compress))
} $PingCount $BalanceCount $Warmup
