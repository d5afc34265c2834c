# Primitives.Dump.ps1 - a `doctor --dump` file (docs/doctor.md) replayed as a read-only client: Initialize-Port
# -SimState <dump.json> loads it instead of the simulated client. Windows, classes, ids, texts, rects and styles are the
# dump's; the only message that does anything is a page switch (WM_COMMAND with a page id the dump recorded in
# `pages` to the main window), which shows that page and hides its siblings; reading texts works; every other message,
# text, click, combo selection or clipboard read is refused. No behaviour: labels never fill, no popup appears.
# Dot-sourced by ThsPort.Sim.psm1; each primitive there first asks whether a dump is loaded ($script:PortDump) and
# calls its twin here.

# The loaded dump: @{ Path; Windows = list of records in dump order; ById; Children; Pages; Processes; Main;
# SelfElevated } or $null.
$script:PortDump = $null
$script:PORT_DUMP_FORMAT = 'ths-window-dump'
$script:PORT_DUMP_VERSION = 1
$script:PORT_WM_COMMAND = 0x111
$script:PORT_WM_GETTEXTLENGTH = 0x000E

function Test-PortDumpFile {
    <#
    .SYNOPSIS
    True when a file is a doctor dump (its JSON names the format ths-window-dump), not a simulated client's state.
    #>
    param([string]$Path)
    if (-not $Path -or -not [System.IO.File]::Exists($Path)) { return $false }
    $head = [System.IO.File]::ReadAllText($Path)
    if ($head.Length -gt 400) { $head = $head.Substring(0, 400) }
    return ($head -match '"format"\s*:\s*"ths-window-dump"')
}

function Get-PortDumpField {
    <#
    .SYNOPSIS
    A field of a dump object, or Default when the dump does not have it (hand-edited and older dumps stay readable).
    #>
    param($Object, [string]$Name, $Default = $null)
    $p = $Object.PSObject.Properties[$Name]
    if ($null -eq $p -or $null -eq $p.Value) { return $Default }
    return $p.Value
}

function Import-PortDump {
    <#
    .SYNOPSIS
    Loads a doctor dump as the port's read-only client. Throws with the reason when the file is not a dump this port
    can read (format, version, fields).
    #>
    param([Parameter(Mandatory = $true)][string]$Path)
    $json = ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText($Path))
    if ([string](Get-PortDumpField $json 'format' '') -ne $script:PORT_DUMP_FORMAT) { throw ($Path + ' is not a doctor dump (format ' + [string](Get-PortDumpField $json 'format' '') + ').') }
    if ([int](Get-PortDumpField $json 'version' 0) -ne $script:PORT_DUMP_VERSION) {
        throw ($Path + ': dump version ' + [string](Get-PortDumpField $json 'version' '') + ' is not supported (this port reads version ' + $script:PORT_DUMP_VERSION + ').')
    }
    $list = [System.Collections.Generic.List[object]]::new()
    $byId = @{}
    $children = @{}
    foreach ($w in @(Get-PortDumpField $json 'windows' @())) {
        $rect = $null
        $rr = @(Get-PortDumpField $w 'rect' @())
        if ($rr.Count -eq 4) { $rect = @{ Left = [int]$rr[0]; Top = [int]$rr[1]; Right = [int]$rr[2]; Bottom = [int]$rr[3] } }
        $r = @{
            Handle = [int64](Get-PortDumpField $w 'handle' 0); Parent = [int64](Get-PortDumpField $w 'parent' 0)
            Owner = [int64](Get-PortDumpField $w 'owner' 0); ProcessId = [int64](Get-PortDumpField $w 'processId' 0)
            ClassName = [string](Get-PortDumpField $w 'className' ''); ControlId = [int](Get-PortDumpField $w 'controlId' 0)
            Text = [string](Get-PortDumpField $w 'text' ''); Visible = [bool](Get-PortDumpField $w 'visible' $true)
            Rect = $rect; Style = [int64](Get-PortDumpField $w 'style' 0)
        }
        if ($byId.ContainsKey($r.Handle)) { throw ($Path + ': window ' + $r.Handle + ' appears twice.') }
        $byId[$r.Handle] = $r
        $list.Add($r)
        if ($r.Parent -ne 0) {
            if (-not $children.ContainsKey($r.Parent)) { $children[$r.Parent] = [System.Collections.Generic.List[object]]::new() }
            $children[$r.Parent].Add($r)
        }
    }
    $pages = @{}
    foreach ($p in @(Get-PortDumpField $json 'pages' @())) { $pages[[int](Get-PortDumpField $p 'id' 0)] = [int64](Get-PortDumpField $p 'handle' 0) }
    $processes = @{}
    foreach ($p in @(Get-PortDumpField $json 'processes' @())) { $processes[[int64](Get-PortDumpField $p 'processId' 0)] = $p }
    $script:PortDump = @{ Path = $Path; Windows = $list; ById = $byId; Children = $children; Pages = $pages; Processes = $processes; Main = [int64](Get-PortDumpField $json 'main' 0)
        SelfElevated = [bool](Get-PortDumpField $json 'selfElevated' $false)
    }
}

function Get-PortDumpDescendants {
    <#
    .SYNOPSIS
    The records below a window, depth first in dump order (the order EnumChildWindows gave when it was written).
    #>
    param([int64]$Handle)
    $out = [System.Collections.Generic.List[object]]::new()
    $stack = [System.Collections.Generic.Stack[object]]::new()
    if (-not $script:PortDump.Children.ContainsKey($Handle)) { return $out.ToArray() }
    $kids = $script:PortDump.Children[$Handle]
    for ($i = $kids.Count - 1; $i -ge 0; $i--) { $stack.Push($kids[$i]) }
    while ($stack.Count -gt 0) {
        $w = $stack.Pop()
        $out.Add($w)
        if ($script:PortDump.Children.ContainsKey($w.Handle)) {
            $k = $script:PortDump.Children[$w.Handle]
            for ($i = $k.Count - 1; $i -ge 0; $i--) { $stack.Push($k[$i]) }
        }
    }
    return $out.ToArray()
}

function Find-DumpTopWindows {
    <#
    .SYNOPSIS
    Find-PortTopWindows over the dump.
    #>
    param([int64]$ProcessId = 0, [string]$ClassName = '')
    $list = [System.Collections.Generic.List[object]]::new()
    foreach ($w in $script:PortDump.Windows) {
        if ($w.Parent -ne 0) { continue }
        if ($ProcessId -ne 0 -and $w.ProcessId -ne $ProcessId) { continue }
        if ($ClassName -and $w.ClassName -ne $ClassName) { continue }
        $list.Add(@{ Handle = $w.Handle; Title = $w.Text; ClassName = $w.ClassName; ProcessId = $w.ProcessId; Visible = $w.Visible; Owner = $w.Owner })
    }
    return $list.ToArray()
}

function Get-DumpChildWindows {
    <#
    .SYNOPSIS
    Get-PortChildWindows over the dump.
    #>
    param([int64]$Handle)
    $list = [System.Collections.Generic.List[object]]::new()
    foreach ($w in (Get-PortDumpDescendants -Handle $Handle)) {
        $list.Add(@{ Handle = $w.Handle; Parent = $w.Parent; ControlId = $w.ControlId; ClassName = $w.ClassName; Visible = $w.Visible })
    }
    return $list.ToArray()
}

function Get-DumpDescendantHandles {
    <#
    .SYNOPSIS
    Get-PortDescendantHandles over the dump.
    #>
    param([int64]$Handle)
    return , [int64[]]@(foreach ($w in (Get-PortDumpDescendants -Handle $Handle)) { $w.Handle })
}

function Get-DumpChild {
    <#
    .SYNOPSIS
    Get-PortChild over the dump: the first direct child with the control id, or 0.
    #>
    param([int64]$Handle, [int]$ControlId)
    if (-not $script:PortDump.Children.ContainsKey($Handle)) { return [int64]0 }
    foreach ($w in $script:PortDump.Children[$Handle]) { if ($w.ControlId -eq $ControlId) { return [int64]$w.Handle } }
    return [int64]0
}

function Get-DumpWindowInfo {
    <#
    .SYNOPSIS
    Get-PortWindowInfo over the dump.
    #>
    param([int64]$Handle)
    if (-not $script:PortDump.ById.ContainsKey($Handle)) {
        return @{ Exists = $false; Visible = $false; ClassName = ''; ProcessId = [int64]0; ControlId = 0; Parent = [int64]0 }
    }
    $w = $script:PortDump.ById[$Handle]
    return @{ Exists = $true; Visible = $w.Visible; ClassName = $w.ClassName; ProcessId = $w.ProcessId; ControlId = $w.ControlId; Parent = $w.Parent }
}

function Get-DumpText {
    <#
    .SYNOPSIS
    Get-PortText over the dump: the text written in it ($null for a window it does not hold).
    #>
    param([int64]$Handle)
    if (-not $script:PortDump.ById.ContainsKey($Handle)) { return $null }
    return [string]$script:PortDump.ById[$Handle].Text
}

function Send-DumpMessage {
    <#
    .SYNOPSIS
    Send-PortMessage over the dump: WM_GETTEXTLENGTH answers; WM_COMMAND with a recorded page id to the main window
    shows that page (its siblings hidden); everything else is refused (Ok = $false, not timed out).
    #>
    param([int64]$Handle, [int]$Message, [int64]$WParam = 0, [int64]$LParam = 0)
    $refused = @{ Ok = $false; Result = [int64]0; TimedOut = $false }
    if (-not $script:PortDump.ById.ContainsKey($Handle)) { return $refused }
    if ($Message -eq $script:PORT_WM_GETTEXTLENGTH) { return @{ Ok = $true; Result = [int64]$script:PortDump.ById[$Handle].Text.Length; TimedOut = $false } }
    if ($Message -ne $script:PORT_WM_COMMAND -or $Handle -ne $script:PortDump.Main) { return $refused }
    $pageId = [int]($WParam -band 0xFFFF)
    if (-not $script:PortDump.Pages.ContainsKey($pageId)) { return $refused }
    $page = $script:PortDump.ById[$script:PortDump.Pages[$pageId]]
    if ($null -eq $page) { return $refused }
    foreach ($sibling in $script:PortDump.Children[$page.Parent]) { $sibling.Visible = ($sibling.Handle -eq $page.Handle) }
    return @{ Ok = $true; Result = [int64]0; TimedOut = $false }
}

function Get-DumpWindowRect {
    <#
    .SYNOPSIS
    Get-PortWindowRect over the dump.
    #>
    param([int64]$Handle)
    if (-not $script:PortDump.ById.ContainsKey($Handle)) { return $null }
    return $script:PortDump.ById[$Handle].Rect
}

function Get-DumpWindowStyle {
    <#
    .SYNOPSIS
    Get-PortWindowStyle over the dump.
    #>
    param([int64]$Handle)
    if (-not $script:PortDump.ById.ContainsKey($Handle)) { return [int64]0 }
    return [int64]$script:PortDump.ById[$Handle].Style
}

function Test-DumpProcessElevated {
    <#
    .SYNOPSIS
    Test-PortProcessElevated over the dump: the elevation written for that process, or $null.
    #>
    param([int64]$ProcessId)
    if (-not $script:PortDump.Processes.ContainsKey($ProcessId)) { return $null }
    $e = Get-PortDumpField $script:PortDump.Processes[$ProcessId] 'elevated'
    if ($null -eq $e) { return $null }
    return [bool]$e
}

function Get-DumpProcessPath {
    <#
    .SYNOPSIS
    Get-PortProcessPath over the dump: the exe path written for that process, or $null.
    #>
    param([int64]$ProcessId)
    if (-not $script:PortDump.Processes.ContainsKey($ProcessId)) { return $null }
    $p = Get-PortDumpField $script:PortDump.Processes[$ProcessId] 'path'
    if ([string]::IsNullOrEmpty([string]$p)) { return $null }
    return [string]$p
}

function Test-DumpSelfElevated {
    <#
    .SYNOPSIS
    Test-PortSelfElevated over the dump: whether the doctor that wrote it ran elevated (so the replay meets the same
    elevation rule as that PC).
    #>
    return [bool]$script:PortDump.SelfElevated
}
