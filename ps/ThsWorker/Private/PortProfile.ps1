# PortProfile.ps1 - the worker measured from the inside (Initialize-ThsWorker -ProfilePort): every window-port call is
# counted and timed, and so are the worker's polling sleeps, so each reply can say where its time went (its `debug`
# field, docs/PROTOCOL.md): portCalls / portMs (inside the port: user32, or the simulated client's model; per function
# in calls / callMs), waitMs /
# ticks (Wait-ThsTick), ownMs (the rest: the worker's own PowerShell). Off by default.
# A timed port function is the port function's own text with the clock around its body, bound to the port module
# (New-ThsTimedPortFunction): a call costs what it costs unprofiled plus a few statements. The wrapper before it called
# the original through `& $orig @args`, a second call per port call: 2,000 calls of an empty port function took ~75 us
# each through it, ~29 of them inside the clock, against ~20 us called directly.

$script:ThsPortProfile = $null

# A timed port function: {PARAM} and {BODY} are the port function's own, {NAME} its name (New-ThsTimedPortFunction).
$script:ThsTimedPortTemplate = @'
{PARAM}
$thsProfileState = $script:ThsPortProfile
$thsProfileOuter = -not $thsProfileState.Port.IsRunning
$thsProfileStart = $thsProfileState.Port.Elapsed.TotalMilliseconds
if ($thsProfileOuter) { $thsProfileState.Port.Start() }
try {
{BODY}
} finally {
    if ($thsProfileOuter) { $thsProfileState.Port.Stop() }
    $thsProfileState.Calls++
    $thsProfileState.By['{NAME}'] = 1 + [int]$thsProfileState.By['{NAME}']
    $thsProfileState.ByMs['{NAME}'] = ($thsProfileState.Port.Elapsed.TotalMilliseconds - $thsProfileStart) + [double]$thsProfileState.ByMs['{NAME}']
}
'@

function New-ThsTimedPortFunction {
    <#
    .SYNOPSIS
    The script block of a timed copy of one port function: its param block, then its body inside a try whose start
    and finally read the clock and count the call in $script:ThsPortProfile of the port module (Enable-ThsPortProfile
    sets it). Bound to the port module, so the body sees the port's own functions and variables as before. Throws for
    a function with begin / process / dynamicparam blocks (the ports have none).
    #>
    param([Parameter(Mandatory = $true)]$PortModule, [Parameter(Mandatory = $true)][System.Management.Automation.FunctionInfo]$Function)
    $body = $Function.ScriptBlock.Ast.Body
    if ($null -ne $body.BeginBlock -or $null -ne $body.ProcessBlock -or $null -ne $body.DynamicParamBlock -or $null -eq $body.EndBlock -or -not $body.EndBlock.Unnamed) {
        throw ('The port function ' + $Function.Name + ' has begin / process / dynamicparam or a named end block: the port profile times only plain functions.')
    }
    # The unnamed end block's extent starts with the param block: the statements are the text after it.
    $all = $body.Extent.Text
    $from = $body.EndBlock.Extent.StartOffset
    $paramText = ''
    if ($null -ne $body.ParamBlock) {
        $paramStart = $body.ParamBlock.Extent.StartOffset
        foreach ($attr in $body.ParamBlock.Attributes) { $paramStart = [Math]::Min($paramStart, $attr.Extent.StartOffset) }
        $paramText = $all.Substring($paramStart - $body.Extent.StartOffset, $body.ParamBlock.Extent.EndOffset - $paramStart)
        $from = [Math]::Max($from, $body.ParamBlock.Extent.EndOffset)
    }
    $statements = $all.Substring($from - $body.Extent.StartOffset, $body.EndBlock.Extent.EndOffset - $from)
    $text = $script:ThsTimedPortTemplate.Replace('{NAME}', $Function.Name.Replace("'", "''")).Replace('{PARAM}', $paramText)
    $text = $text.Replace('{BODY}', $statements)
    return $PortModule.NewBoundScriptBlock([scriptblock]::Create($text))
}

function Enable-ThsPortProfile {
    <#
    .SYNOPSIS
    Defines, in this module's scope, a timed copy (New-ThsTimedPortFunction) of every function the loaded window port
    exports; the worker's code calls them by the same names and cannot tell. The port module's own functions, and its
    calls between them, are untouched.
    .EXAMPLE
    & (Get-Module ThsWorker) { Enable-ThsPortProfile -PortModule $script:ThsPortModule; Get-ThsBalance | Out-Null; Get-ThsPortProfile -TotalMs 0 }
    #>
    param([Parameter(Mandatory = $true)]$PortModule)
    if ($null -ne $script:ThsPortProfile) { return }
    $prof = @{ Calls = 0; Port = [System.Diagnostics.Stopwatch]::new(); Wait = [System.Diagnostics.Stopwatch]::new(); Ticks = 0; By = @{}; ByMs = @{} }
    $timed = @{}
    foreach ($fn in @($PortModule.ExportedFunctions.Values)) { $timed[[string]$fn.Name] = New-ThsTimedPortFunction -PortModule $PortModule -Function $fn }
    & $PortModule { param($p) $script:ThsPortProfile = $p } $prof
    # The provider's own call (Set-Item's, without the cmdlet): no module of PowerShell's to load at start (ThsWorker.psm1).
    foreach ($name in $timed.Keys) { [void]$ExecutionContext.InvokeProvider.Item.Set('function:script:' + $name, $timed[$name]) }
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
