#requires -Version 5.1
<#
.SYNOPSIS
The real worker (ps/ThsAutomation.ps1) with timing for the benchmark: every reply also carries
"bench":{"workerMs":…,"waitMs":…,"ticks":…} - the time from the parsed request line to the reply object, and the part
of it spent sleeping in Wait-ThsTick (polling for the simulated client's delayed reactions).
.DESCRIPTION
Same parameters as ThsAutomation.ps1. Only the benchmark uses it; the protocol is otherwise unchanged.
#>
[CmdletBinding()]
param(
    [string]$Backend = 'Sim',
    [string]$SimState = ''
)
$benchEntry = Join-Path $PSScriptRoot '../ps/ThsAutomation.ps1'
. $benchEntry -Backend $Backend -SimState $SimState

# The timing wraps the worker's own functions inside its module (the loop calls them there).
& (Get-Module ThsWorker) {
    $script:BenchWait = [System.Diagnostics.Stopwatch]::new()
    $script:BenchTicks = 0
    Set-Item -Path 'function:script:Wait-ThsTickUntimed' -Value (Get-Item -Path 'function:Wait-ThsTick').ScriptBlock
    Set-Item -Path 'function:script:Invoke-ThsRequestUntimed' -Value (Get-Item -Path 'function:Invoke-ThsRequest').ScriptBlock

    function script:Wait-ThsTick {
        $script:BenchTicks++
        $script:BenchWait.Start()
        try { Wait-ThsTickUntimed } finally { $script:BenchWait.Stop() }
    }

    function script:Invoke-ThsRequest {
        param([Parameter(Mandatory = $true)][string]$Line)
        $script:BenchWait.Reset()
        $script:BenchTicks = 0
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $reply = Invoke-ThsRequestUntimed -Line $Line
        $reply['bench'] = [ordered]@{ workerMs = $sw.Elapsed.TotalMilliseconds; waitMs = $script:BenchWait.Elapsed.TotalMilliseconds; ticks = $script:BenchTicks }
        return $reply
    }
}

exit (Start-ThsWorker)
