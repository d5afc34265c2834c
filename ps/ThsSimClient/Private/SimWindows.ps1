# SimWindows.ps1 - the simulated client's windows: create, find, copy, destroy (docs/WINDOW-PORT.md); their texts are
# in SimTexts.ps1, the tree's pages and popups are built in SimPages.ps1. Dot-sourced by ../ThsSimClient.psm1.
# Windows are hashtables keyed by [int64] id; no business rules here.

$script:SimFirstWindowId = [int64]0x10000
# Moves on every window change and never goes back, across Reset-SimWindows too: a window's Rev is the revision of its
# last change, so Get-SimWindowChanges can say what changed since a revision a caller saw.
$script:SimRevision = [int64]0
# Pages the simulation has (buy, sell, funds, trades, orders); WM_COMMAND with another id shows nothing.
$script:SimSupportedPages = @(161, 162, 163, 165, 167, 168, 554)

function Reset-SimWindows {
    <#
    .SYNOPSIS
    Forgets every window (before a new tree is built).
    #>
    $script:SimWin = [System.Collections.Generic.Dictionary[int64,object]]::new()
    $script:SimWinOrder = [System.Collections.Generic.List[int64]]::new()
    $script:SimNextWindowId = $script:SimFirstWindowId
    $script:SimPageDialogs = @{}     # page id -> dialog window id
    $script:SimDialogPages = @{}     # dialog window id -> page id
    $script:SimPopups = @{}          # popup window id -> @{ Kind = 'info'|'confirm'; Form }
    $script:SimMainId = [int64]0
    $script:SimContainerId = [int64]0
    $script:SimActivePageId = 0
    $script:SimRevision++
    $script:SimControlCache = @{}    # "root/id/class" -> control id found by Find-SimControl (ids are not reused)
}

function New-SimWindow {
    <#
    .SYNOPSIS
    Creates a window (Parent 0 = top level) and returns its id. Combo boxes carry their Items.
    #>
    param(
        [int64]$Parent = 0,
        [int64]$Owner = 0,
        [Parameter(Mandatory = $true)][string]$ClassName,
        [int]$ControlId = 0,
        [AllowEmptyString()][string]$Text = '',
        [bool]$Visible = $true,
        [string[]]$Items = @()
    )
    $id = $script:SimNextWindowId
    $script:SimNextWindowId += 2
    $script:SimRevision++
    $w = @{
        Id = $id; Parent = $Parent; Owner = $Owner; ClassName = $ClassName; ControlId = $ControlId
        Text = $Text; Visible = $Visible; ProcessId = [int64]$PID; Rev = $script:SimRevision
    }
    if ($ClassName -eq 'ComboBox') { $w.Items = $Items }
    $script:SimWin[$id] = $w
    $script:SimWinOrder.Add($id)
    return $id
}

function Get-SimWindowRecord {
    <#
    .SYNOPSIS
    The live window hashtable of an id, or $null (internal; callers outside the model use Get-SimWindow).
    #>
    param([int64]$Id)
    if ($null -eq $script:SimWin -or -not $script:SimWin.ContainsKey($Id)) { return $null }
    return $script:SimWin[$Id]
}

function Copy-SimWindow {
    <#
    .SYNOPSIS
    A copy of a window's public fields (so callers cannot change the model by accident); -Window takes several and
    writes their copies to the pipeline in order (one call for a whole list: a PowerShell function call costs more
    than a copy).
    #>
    param([Parameter(Mandatory = $true)][object[]]$Window)
    $copies = [object[]]::new($Window.Length)
    for ($i = 0; $i -lt $Window.Length; $i++) {
        $w = $Window[$i]
        $c = @{ Id = $w.Id; Parent = $w.Parent; Owner = $w.Owner; ClassName = $w.ClassName; ControlId = $w.ControlId; Text = $w.Text; Visible = $w.Visible; ProcessId = $w.ProcessId }
        if ($w.ContainsKey('Items')) { $c.Items = @($w.Items) }
        if ($w.ContainsKey('Parts')) { $c.Parts = @($w.Parts) }
        if ($w.ContainsKey('TreeItems')) {
            $c.TreeItems = @(foreach ($t in $w.TreeItems) { @{ Handle = [int64]$t.Handle; Parent = [int64]$t.Parent; Text = [string]$t.Text } })
            $c.SelectedItem = [int64]$w.SelectedItem
        }
        $copies[$i] = $c
    }
    return $copies
}

function Get-SimWindows {
    <#
    .SYNOPSIS
    Every window of the simulated client in creation order (parents before children), written to the pipeline
    (use @(Get-SimWindows)):
    @{ Id; Parent; Owner; ClassName; ControlId; Text; Visible; ProcessId } (+ Items for combo boxes, Parts for the
    status bar).
    #>
    if ($null -eq $script:SimWin -or $script:SimWinOrder.Count -eq 0) { return }
    $records = [object[]]::new($script:SimWinOrder.Count)
    for ($i = 0; $i -lt $records.Length; $i++) { $records[$i] = $script:SimWin[$script:SimWinOrder[$i]] }
    return @(Copy-SimWindow -Window $records)
}

function Get-SimTopWindows {
    <#
    .SYNOPSIS
    The top-level windows (Parent 0) in creation order, as Get-SimWindows has them: what FindWindow / EnumWindows
    see, without copying every control of the tree.
    #>
    if ($null -eq $script:SimWin) { return , @() }
    $top = [System.Collections.Generic.List[object]]::new()
    foreach ($id in $script:SimWinOrder) {
        $w = $script:SimWin[$id]
        if ([int64]$w.Parent -eq 0) { $top.Add($w) }
    }
    if ($top.Count -eq 0) { return , @() }
    return , @(Copy-SimWindow -Window $top.ToArray())
}

function Get-SimWindow {
    <#
    .SYNOPSIS
    One window (a copy of its fields), or $null when it does not exist (destroyed).
    #>
    param([Parameter(Mandatory = $true)][int64]$Id)
    $w = Get-SimWindowRecord -Id $Id
    if ($null -eq $w) { return $null }
    return (Copy-SimWindow -Window $w)
}

function Get-SimRevision {
    <#
    .SYNOPSIS
    A counter that moves whenever a window is created, destroyed, shown, hidden or retitled, its status-bar parts or
    tree items change, or the tree is rebuilt; it never goes back.
    #>
    return $script:SimRevision
}

function Get-SimWindowChanges {
    <#
    .SYNOPSIS
    What changed in the windows since revision Since (a Get-SimRevision value; -1: everything):
    @{ Revision; Ids; Changed }. Revision: the revision now, for the next call. Ids: every window id in creation order
    (a window destroyed since is missing). Changed: copies, as Get-SimWindows has them, of the windows created or
    changed (text, visibility, status-bar parts, tree items) after Since, in creation order.
    .DESCRIPTION
    For the Win32 rig's controller, which mirrors the windows at every message: it copies only what changed.
    #>
    param([int64]$Since = -1)
    $ids = [System.Collections.Generic.List[int64]]::new()
    $changed = [System.Collections.Generic.List[object]]::new()
    if ($null -ne $script:SimWin) {
        foreach ($id in $script:SimWinOrder) {
            $ids.Add($id)
            $w = $script:SimWin[$id]
            if ([int64]$w.Rev -gt $Since) { $changed.Add($w) }
        }
    }
    $copies = @()
    if ($changed.Count -gt 0) { $copies = @(Copy-SimWindow -Window $changed.ToArray()) }
    return @{ Revision = [int64]$script:SimRevision; Ids = $ids.ToArray(); Changed = $copies }
}

function Get-SimDescendantIds {
    <#
    .SYNOPSIS
    Ids of every descendant of a window, in creation order (a pre-order walk, like EnumChildWindows).
    #>
    param([Parameter(Mandatory = $true)][int64]$Id)
    return , [int64[]]@(foreach ($w in (Get-SimDescendantRecords -Id $Id)) { $w.Id })
}

function Get-SimDescendantRecords {
    <#
    .SYNOPSIS
    The live window hashtables of every descendant of a window, in creation order (a pre-order walk, like
    EnumChildWindows): read only, like Get-SimWindowRecord.
    #>
    param([Parameter(Mandatory = $true)][int64]$Id)
    $inside = @{}
    $inside[$Id] = $true
    $list = [System.Collections.Generic.List[object]]::new()
    foreach ($wid in $script:SimWinOrder) {
        $w = $script:SimWin[$wid]
        if ($inside.ContainsKey([int64]$w.Parent)) {
            $inside[$wid] = $true
            $list.Add($w)
        }
    }
    return , $list.ToArray()
}

function Find-SimControl {
    <#
    .SYNOPSIS
    The first descendant of Root with a control id (and class, when given): its id, or 0.
    #>
    param([Parameter(Mandatory = $true)][int64]$Root, [Parameter(Mandatory = $true)][int]$ControlId, [string]$ClassName = '')
    # Labels are read and written many times per command: remember each hit. A window never changes parent and a
    # later one comes after it in creation order, so a hit stays the first match for as long as it exists.
    $key = [string]$Root + '/' + $ControlId + '/' + $ClassName
    $hit = $script:SimControlCache[$key]
    if ($null -ne $hit -and $script:SimWin.ContainsKey([int64]$hit)) { return [int64]$hit }
    foreach ($w in (Get-SimDescendantRecords -Id $Root)) {
        if ($w.ControlId -eq $ControlId -and (-not $ClassName -or $w.ClassName -eq $ClassName)) {
            $script:SimControlCache[$key] = [int64]$w.Id
            return [int64]$w.Id
        }
    }
    return [int64]0
}

function Find-SimChild {
    <#
    .SYNOPSIS
    The first direct child of a window with a control id (like GetDlgItem): its id, or 0.
    #>
    param([Parameter(Mandatory = $true)][int64]$Parent, [Parameter(Mandatory = $true)][int]$ControlId)
    if ($null -eq $script:SimWin) { return [int64]0 }
    foreach ($id in $script:SimWinOrder) {
        $w = $script:SimWin[$id]
        if ([int64]$w.Parent -eq $Parent -and [int]$w.ControlId -eq $ControlId) { return $id }
    }
    return [int64]0
}

function Remove-SimWindow {
    <#
    .SYNOPSIS
    Destroys a window and its descendants.
    #>
    param([Parameter(Mandatory = $true)][int64]$Id)
    if (-not $script:SimWin.ContainsKey($Id)) { return }
    $ids = [System.Collections.Generic.List[int64]]::new()
    $ids.AddRange([int64[]](Get-SimDescendantIds -Id $Id))
    $ids.Add($Id)
    foreach ($wid in $ids) {
        [void]$script:SimWin.Remove($wid)
        [void]$script:SimWinOrder.Remove($wid)
        if ($script:SimPopups.ContainsKey($wid)) { $script:SimPopups.Remove($wid) }
    }
    $script:SimRevision++
}
