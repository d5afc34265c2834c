# SimTree.ps1 - a menu tree's items (SysTreeView32 with items): the credit client's tree 513 is navigated by selecting
# them (TVM_SELECTITEM with TVGN_CARET, as a click does); an item that stands for a page shows it (after pageMs).
# Dot-sourced by ../ThsSimClient.psm1 after SimWindows.ps1.

# Item handles: a counter of their own (a real HTREEITEM is an opaque pointer of the client's process).
$script:SimNextTreeItem = [int64]0x10000

function Add-SimTreeItem {
    <#
    .SYNOPSIS
    Adds an item under Parent (0: a top item) of a tree window and returns its handle. Items are added depth first, so
    the tree's list is in tree order. PageId: the page the item shows when selected (0: a folder).
    #>
    param([Parameter(Mandatory = $true)][int64]$Tree, [int64]$Parent = 0, [Parameter(Mandatory = $true)][string]$Text, [int]$PageId = 0)
    $w = $script:SimWin[$Tree]
    if (-not $w.ContainsKey('TreeItems')) { $w.TreeItems = [System.Collections.ArrayList]::new(); $w.SelectedItem = [int64]0 }
    $script:SimNextTreeItem += 4
    $item = $script:SimNextTreeItem
    [void]$w.TreeItems.Add(@{ Handle = $item; Parent = $Parent; Text = $Text; PageId = $PageId })
    $script:SimRevision++
    $w.Rev = $script:SimRevision
    return $item
}

function Get-SimTreeItems {
    <#
    .SYNOPSIS
    A tree's items in tree order: @{ Handle (the item's); Parent (0 = a top item); Text; Selected }[] (the key is not
    Item: a hashtable's .Item is its indexer) (empty for a window without
    items), or $null when the window is gone.
    #>
    param([Parameter(Mandatory = $true)][int64]$Id)
    $w = Get-SimWindowRecord -Id $Id
    if ($null -eq $w) { return $null }
    if (-not $w.ContainsKey('TreeItems')) { return , @() }
    $list = [System.Collections.ArrayList]::new()
    foreach ($i in $w.TreeItems) {
        [void]$list.Add(@{ Handle = [int64]$i.Handle; Parent = [int64]$i.Parent; Text = [string]$i.Text; Selected = ([int64]$i.Handle -eq [int64]$w.SelectedItem) })
    }
    return , $list.ToArray()
}

function Receive-SimTreeSelect {
    <#
    .SYNOPSIS
    TVM_SELECTITEM: with TVGN_CARET the item becomes the selected one (0 clears the selection); selecting another item
    than the selected one shows its page, if it has one, after pageMs (selecting the selected one again does nothing,
    as in comctl32: no notification). Returns 1, or 0 for an item the tree does not have or another wParam code.
    #>
    param([Parameter(Mandatory = $true)]$Window, [int64]$Code, [int64]$Item)
    if ($Code -ne $script:TVGN_CARET -or -not $Window.ContainsKey('TreeItems')) { return 0 }
    if ($Item -eq 0) { $Window.SelectedItem = [int64]0; return 1 }
    $found = $null
    foreach ($i in $Window.TreeItems) { if ([int64]$i.Handle -eq $Item) { $found = $i; break } }
    if ($null -eq $found) { return 0 }
    if ([int64]$Window.SelectedItem -eq $Item) { return 1 }
    $Window.SelectedItem = $Item
    if ([int]$found.PageId -ne 0) { Add-SimEvent -Kind 'showPage' -DelayMs (Get-SimDelayMs 'pageMs') -Data @{ PageId = [int]$found.PageId } }
    return 1
}
