# Primitives.Windows.ps1 - the simulated port's window primitives: finding windows, their texts, synchronous and
# posted messages, combo selection. Dot-sourced by ThsPort.Sim.psm1.

function Find-PortTopWindows {
    <#
    .SYNOPSIS
    Top-level windows of the simulation, optionally of one process / class: @{ Handle; Title; ClassName; ProcessId; Visible; Owner }.
    #>
    param(
        [int64]$ProcessId = 0,
        [string]$ClassName = ''
    )
    if ($null -ne $script:PortDump) { return (Find-DumpTopWindows @PSBoundParameters) }
    if ($script:SimPending.Posted.Count -gt 0 -or $script:SimPending.Events.Count -gt 0) { Step-SimClient }
    $list = [System.Collections.Generic.List[object]]::new()
    foreach ($w in (Get-SimTopWindows)) {
        if ($ProcessId -ne 0 -and [int64]$w.ProcessId -ne $ProcessId) { continue }
        if ($ClassName -and $w.ClassName -ne $ClassName) { continue }
        $list.Add(@{ Handle = [int64]$w.Id; Title = [string]$w.Text; ClassName = $w.ClassName; ProcessId = [int64]$w.ProcessId; Visible = [bool]$w.Visible; Owner = [int64]$w.Owner })
    }
    return $list.ToArray()
}

function Get-PortChildWindows {
    <#
    .SYNOPSIS
    Every descendant of a window in creation order: @{ Handle; Parent; ControlId; ClassName; Visible }.
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    if ($null -ne $script:PortDump) { return (Get-DumpChildWindows @PSBoundParameters) }
    if ($script:SimPending.Posted.Count -gt 0 -or $script:SimPending.Events.Count -gt 0) { Step-SimClient }
    $list = [System.Collections.Generic.List[object]]::new()
    if ($null -eq (Get-SimWindowRecord -Id $Handle)) { return $list.ToArray() }
    foreach ($w in (Get-SimDescendantRecords -Id $Handle)) {   # read only: the fields are copied into the entry below
        $list.Add(@{ Handle = [int64]$w.Id; Parent = [int64]$w.Parent; ControlId = [int]$w.ControlId; ClassName = $w.ClassName; Visible = [bool]$w.Visible })
    }
    return $list.ToArray()
}

function Get-PortDescendantHandles {
    <#
    .SYNOPSIS
    Every descendant's id in creation order (Get-PortChildWindows's order), as one [int64[]]; empty for no window.
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    if ($null -ne $script:PortDump) { return (Get-DumpDescendantHandles @PSBoundParameters) }
    if ($script:SimPending.Posted.Count -gt 0 -or $script:SimPending.Events.Count -gt 0) { Step-SimClient }
    if ($null -eq (Get-SimWindowRecord -Id $Handle)) { return , [int64[]]@() }
    return , (Get-SimDescendantIds -Id $Handle)
}

function Get-PortChild {
    <#
    .SYNOPSIS
    The direct child with a control id (like GetDlgItem): its handle, or 0.
    #>
    param(
        [Parameter(Mandatory = $true)][int64]$Handle,
        [Parameter(Mandatory = $true)][int]$ControlId
    )
    if ($null -ne $script:PortDump) { return (Get-DumpChild @PSBoundParameters) }
    if ($script:SimPending.Posted.Count -gt 0 -or $script:SimPending.Events.Count -gt 0) { Step-SimClient }
    return [int64](Find-SimChild -Parent $Handle -ControlId $ControlId)
}

function Get-PortWindowInfo {
    <#
    .SYNOPSIS
    @{ Exists; Visible; ClassName; ProcessId; ControlId; Parent } of a window (Exists = $false when gone).
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    if ($null -ne $script:PortDump) { return (Get-DumpWindowInfo @PSBoundParameters) }
    if ($script:SimPending.Posted.Count -gt 0 -or $script:SimPending.Events.Count -gt 0) { Step-SimClient }
    $w = Get-SimWindowRecord -Id $Handle   # read only: the fields are copied below
    if ($null -eq $w) {
        return @{ Exists = $false; Visible = $false; ClassName = ''; ProcessId = [int64]0; ControlId = 0; Parent = [int64]0 }
    }
    return @{ Exists = $true; Visible = [bool]$w.Visible; ClassName = $w.ClassName; ProcessId = [int64]$w.ProcessId; ControlId = [int]$w.ControlId; Parent = [int64]$w.Parent }
}

function Get-PortText {
    <#
    .SYNOPSIS
    A window's text (WM_GETTEXT), or $null when the client is hung or the window is gone.
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    if ($null -ne $script:PortDump) { return (Get-DumpText @PSBoundParameters) }
    if ($script:SimPending.Posted.Count -gt 0 -or $script:SimPending.Events.Count -gt 0) { Step-SimClient }
    $r = Invoke-SimMessage -Id $Handle -Message $script:WM_GETTEXT
    if (-not $r.Delivered) { return $null }
    return [string]$r.Result
}

function Get-PortTexts {
    <#
    .SYNOPSIS
    Several windows' texts in one call (WM_GETTEXT to each, in order): string[] of the same length, with $null for a
    window that is hung or gone.
    #>
    param([Parameter(Mandatory = $true)][AllowEmptyCollection()][int64[]]$Handles)
    $texts = [string[]]::new($Handles.Length)
    $dump = $null -ne $script:PortDump
    if (-not $dump -and ($script:SimPending.Posted.Count -gt 0 -or $script:SimPending.Events.Count -gt 0)) { Step-SimClient }
    for ($i = 0; $i -lt $Handles.Length; $i++) {
        if ($dump) {
            $texts[$i] = Get-DumpText -Handle $Handles[$i]
            continue
        }
        $r = Invoke-SimMessage -Id $Handles[$i] -Message $script:WM_GETTEXT
        if ($r.Delivered) { $texts[$i] = [string]$r.Result }
    }
    return , $texts
}

function Get-PortStatusBarTexts {
    <#
    .SYNOPSIS
    The texts of a status bar's parts (SB_GETPARTS, then SB_GETTEXTLENGTHW + SB_GETTEXTW per part), as string[];
    $null when the client is hung or blocked, the window is gone or is no status bar (a dump has none).
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    if ($null -ne $script:PortDump) { return $null }
    if ($script:SimPending.Posted.Count -gt 0 -or $script:SimPending.Events.Count -gt 0) { Step-SimClient }
    if ((Test-SimPortBlocked) -or (Test-SimHung)) { return $null }
    $parts = Get-SimStatusBarParts -Id $Handle
    if ($null -eq $parts) { return $null }
    return , ([string[]]$parts)
}

function Get-PortTreeItems {
    <#
    .SYNOPSIS
    The items of a tree view (SysTreeView32) in tree order: @{ Handle (the item's HTREEITEM); Parent (0 = a top item);
    Text; Selected }[], empty for a tree without items; $null when the client is hung or blocked or the window is gone (a dump
    records no items: $null).
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    if ($null -ne $script:PortDump) { return $null }
    if ($script:SimPending.Posted.Count -gt 0 -or $script:SimPending.Events.Count -gt 0) { Step-SimClient }
    if ((Test-SimPortBlocked) -or (Test-SimHung)) { return $null }
    $items = Get-SimTreeItems -Id $Handle
    if ($null -eq $items) { return $null }
    return , $items
}

function Set-PortText {
    <#
    .SYNOPSIS
    WM_SETTEXT: $true when the message was delivered (the caller reads back to know whether it took).
    #>
    param(
        [Parameter(Mandatory = $true)][int64]$Handle,
        [Parameter(Mandatory = $true)][AllowEmptyString()][string]$Text
    )
    if ($null -ne $script:PortDump) { return $false }   # a dump is read only
    if ($script:SimPending.Posted.Count -gt 0 -or $script:SimPending.Events.Count -gt 0) { Step-SimClient }
    if (Test-SimPortBlocked) { return $false }
    $r = Invoke-SimMessage -Id $Handle -Message $script:WM_SETTEXT -WParam 0 -LParam $Text
    return [bool]$r.Delivered
}

function Send-PortMessage {
    <#
    .SYNOPSIS
    One synchronous message. Returns @{ Ok; Result; TimedOut } (TimedOut: the client is hung).
    #>
    param(
        [Parameter(Mandatory = $true)][int64]$Handle,
        [Parameter(Mandatory = $true)][int]$Message,
        [int64]$WParam = 0,
        [int64]$LParam = 0
    )
    if ($null -ne $script:PortDump) { return (Send-DumpMessage @PSBoundParameters) }
    if ($script:SimPending.Posted.Count -gt 0 -or $script:SimPending.Events.Count -gt 0) { Step-SimClient }
    if (Test-SimPortBlocked) { return @{ Ok = $false; Result = [int64]0; TimedOut = $false } }
    $r = Invoke-SimMessage -Id $Handle -Message $Message -WParam $WParam -LParam $LParam
    if (-not $r.Delivered) { return @{ Ok = $false; Result = [int64]0; TimedOut = [bool]$r.Hung } }
    $result = [int64]0
    if ($r.Result -is [string]) { $result = [int64]$r.Result.Length } else { $result = [int64]$r.Result }
    return @{ Ok = $true; Result = $result; TimedOut = $false }
}

function Push-PortMessage {
    <#
    .SYNOPSIS
    Posts a message (handled at the next port call) and returns at once: $true when it was queued.
    #>
    param(
        [Parameter(Mandatory = $true)][int64]$Handle,
        [Parameter(Mandatory = $true)][int]$Message,
        [int64]$WParam = 0,
        [int64]$LParam = 0
    )
    if ($null -ne $script:PortDump) { return $false }   # a dump is read only
    if ($script:SimPending.Posted.Count -gt 0 -or $script:SimPending.Events.Count -gt 0) { Step-SimClient }
    if ((Test-SimPortBlocked) -or $null -eq (Get-SimWindow -Id $Handle)) { return $false }
    Add-SimPostedMessage -Id $Handle -Message $Message -WParam $WParam -LParam $LParam
    return $true
}

function Select-PortComboItem {
    <#
    .SYNOPSIS
    CB_SELECTSTRING: selects the first item starting with Text; the index, or -1 (no item, hung, gone).
    #>
    param(
        [Parameter(Mandatory = $true)][int64]$Handle,
        [Parameter(Mandatory = $true)][string]$Text
    )
    if ($null -ne $script:PortDump) { return -1 }   # a dump is read only
    if ($script:SimPending.Posted.Count -gt 0 -or $script:SimPending.Events.Count -gt 0) { Step-SimClient }
    if (Test-SimPortBlocked) { return -1 }
    $r = Invoke-SimMessage -Id $Handle -Message $script:CB_SELECTSTRING -WParam -1 -LParam $Text
    if (-not $r.Delivered) { return -1 }
    return [int]$r.Result
}

function Get-PortWindowRect {
    <#
    .SYNOPSIS
    The simulated client has no geometry: @{ Left = 0; Top = 0; Right = 0; Bottom = 0 } for a window that exists, $null
    for one that is gone (a replayed dump answers with the rectangle it holds).
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    if ($null -ne $script:PortDump) { return (Get-DumpWindowRect @PSBoundParameters) }
    if ($script:SimPending.Posted.Count -gt 0 -or $script:SimPending.Events.Count -gt 0) { Step-SimClient }
    if ($null -eq (Get-SimWindow -Id $Handle)) { return $null }
    return @{ Left = 0; Top = 0; Right = 0; Bottom = 0 }
}

function Get-PortWindowStyle {
    <#
    .SYNOPSIS
    Style bits derived from the model: WS_CHILD (0x40000000) for a child, WS_VISIBLE (0x10000000) when shown; 0 when the
    window is gone (a replayed dump answers with the style it holds).
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    if ($null -ne $script:PortDump) { return (Get-DumpWindowStyle @PSBoundParameters) }
    if ($script:SimPending.Posted.Count -gt 0 -or $script:SimPending.Events.Count -gt 0) { Step-SimClient }
    $w = Get-SimWindow -Id $Handle
    if ($null -eq $w) { return [int64]0 }
    $style = [int64]0
    if ([int64]$w.Parent -ne 0) { $style = $style -bor [int64]0x40000000 }
    if ([bool]$w.Visible) { $style = $style -bor [int64]0x10000000 }
    return $style
}
