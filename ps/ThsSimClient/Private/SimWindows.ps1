# SimWindows.ps1 - the simulated client's window tree: main frame, pages, controls and popups (docs/WINDOW-PORT.md).
# Dot-sourced by SimClient.ps1. Windows are hashtables keyed by [int64] id; no business rules here.

$script:SimFirstWindowId = [int64]0x10000
# Pages the simulation has (buy, sell, funds, trades, orders); WM_COMMAND with another id shows nothing.
$script:SimSupportedPages = @(161, 162, 163, 165, 167, 168, 554)
# Price types offered by combo 1541: 限价委托, then the market-order types (rules in SimMatching.ps1).
$script:SimMarketOrderTypes = @('限价委托', '对手方最优价格', '本方最优价格', '即时成交剩余撤销', '最优五档即时成交剩余撤销', '全额成交或撤销', '最优五档成交剩余撤销', '最优五档成交剩余转限价')

function Reset-SimWindows {
    <#
    .SYNOPSIS
    Forgets every window (before a new tree is built).
    #>
    Set-StrictMode -Version 3.0
    $script:SimWin = New-Object 'System.Collections.Generic.Dictionary[int64,object]'
    $script:SimWinOrder = New-Object 'System.Collections.Generic.List[int64]'
    $script:SimNextWindowId = $script:SimFirstWindowId
    $script:SimPageDialogs = @{}     # page id -> dialog window id
    $script:SimDialogPages = @{}     # dialog window id -> page id
    $script:SimPopups = @{}          # popup window id -> @{ Kind = 'info'|'confirm'; Form }
    $script:SimMainId = [int64]0
    $script:SimContainerId = [int64]0
    $script:SimActivePageId = 0
    $script:SimRevision = 0
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
    Set-StrictMode -Version 3.0
    $id = $script:SimNextWindowId
    $script:SimNextWindowId += 2
    $w = @{
        Id = $id; Parent = $Parent; Owner = $Owner; ClassName = $ClassName; ControlId = $ControlId
        Text = $Text; Visible = $Visible; ProcessId = [int64]$PID
    }
    if ($ClassName -eq 'ComboBox') { $w.Items = $Items }
    $script:SimWin[$id] = $w
    $script:SimWinOrder.Add($id)
    $script:SimRevision++
    return $id
}

function Get-SimWindowRecord {
    <#
    .SYNOPSIS
    The live window hashtable of an id, or $null (internal; callers outside the model use Get-SimWindow).
    #>
    param([int64]$Id)
    Set-StrictMode -Version 3.0
    if ($null -eq $script:SimWin -or -not $script:SimWin.ContainsKey($Id)) { return $null }
    return $script:SimWin[$Id]
}

function Copy-SimWindow {
    <#
    .SYNOPSIS
    A copy of a window's public fields (so callers cannot change the model by accident).
    #>
    param([Parameter(Mandatory = $true)]$Window)
    Set-StrictMode -Version 3.0
    $c = @{}
    foreach ($k in @('Id', 'Parent', 'Owner', 'ClassName', 'ControlId', 'Text', 'Visible', 'ProcessId')) { $c[$k] = $Window[$k] }
    if ($Window.ContainsKey('Items')) { $c.Items = @($Window.Items) }
    return $c
}

function Get-SimWindows {
    <#
    .SYNOPSIS
    Every window of the simulated client in creation order (parents before children), written to the pipeline
    (use @(Get-SimWindows)):
    @{ Id; Parent; Owner; ClassName; ControlId; Text; Visible; ProcessId } (+ Items for combo boxes).
    #>
    Set-StrictMode -Version 3.0
    $list = New-Object System.Collections.ArrayList
    if ($null -eq $script:SimWin) { return }
    foreach ($id in $script:SimWinOrder) { [void]$list.Add((Copy-SimWindow -Window $script:SimWin[$id])) }
    return $list.ToArray()
}

function Get-SimWindow {
    <#
    .SYNOPSIS
    One window (a copy of its fields), or $null when it does not exist (destroyed).
    #>
    param([Parameter(Mandatory = $true)][int64]$Id)
    Set-StrictMode -Version 3.0
    $w = Get-SimWindowRecord -Id $Id
    if ($null -eq $w) { return $null }
    return (Copy-SimWindow -Window $w)
}

function Get-SimRevision {
    <#
    .SYNOPSIS
    A counter that moves whenever a window is created, destroyed, shown, hidden or retitled.
    #>
    Set-StrictMode -Version 3.0
    return $script:SimRevision
}

function Get-SimDescendantIds {
    <#
    .SYNOPSIS
    Ids of every descendant of a window, in creation order (a pre-order walk, like EnumChildWindows).
    #>
    param([Parameter(Mandatory = $true)][int64]$Id)
    Set-StrictMode -Version 3.0
    $inside = @{}
    $inside[$Id] = $true
    $list = New-Object 'System.Collections.Generic.List[int64]'
    foreach ($wid in $script:SimWinOrder) {
        if ($inside.ContainsKey([int64]$script:SimWin[$wid].Parent)) {
            $inside[$wid] = $true
            $list.Add($wid)
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
    Set-StrictMode -Version 3.0
    # Labels are read and written many times per command: remember each hit. A window never changes parent and a
    # later one comes after it in creation order, so a hit stays the first match for as long as it exists.
    $key = [string]$Root + '/' + $ControlId + '/' + $ClassName
    $hit = $script:SimControlCache[$key]
    if ($null -ne $hit -and $script:SimWin.ContainsKey([int64]$hit)) { return [int64]$hit }
    foreach ($id in (Get-SimDescendantIds -Id $Root)) {
        $w = $script:SimWin[$id]
        if ($w.ControlId -eq $ControlId -and (-not $ClassName -or $w.ClassName -eq $ClassName)) {
            $script:SimControlCache[$key] = $id
            return $id
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
    Set-StrictMode -Version 3.0
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
    Set-StrictMode -Version 3.0
    if (-not $script:SimWin.ContainsKey($Id)) { return }
    $ids = New-Object 'System.Collections.Generic.List[int64]'
    $ids.AddRange([int64[]](Get-SimDescendantIds -Id $Id))
    $ids.Add($Id)
    foreach ($wid in $ids) {
        [void]$script:SimWin.Remove($wid)
        [void]$script:SimWinOrder.Remove($wid)
        if ($script:SimPopups.ContainsKey($wid)) { $script:SimPopups.Remove($wid) }
    }
    $script:SimRevision++
}

function Set-SimWindowText {
    <#
    .SYNOPSIS
    Sets a window's text (no reaction: the client's own writes).
    #>
    param([Parameter(Mandatory = $true)][int64]$Id, [AllowEmptyString()][string]$Text)
    Set-StrictMode -Version 3.0
    $w = Get-SimWindowRecord -Id $Id
    if ($null -eq $w -or $w.Text -eq $Text) { return }
    $w.Text = $Text
    $script:SimRevision++
}

function Set-SimControlText {
    <#
    .SYNOPSIS
    Sets the text of a control of a page dialog by control id (nothing when the page lacks it).
    #>
    param([Parameter(Mandatory = $true)][int64]$Page, [Parameter(Mandatory = $true)][int]$ControlId, [AllowEmptyString()][string]$Text)
    Set-StrictMode -Version 3.0
    $id = Find-SimControl -Root $Page -ControlId $ControlId
    if ($id -ne 0) { Set-SimWindowText -Id $id -Text $Text }
}

function Get-SimControlText {
    <#
    .SYNOPSIS
    The text of a control of a page dialog by control id ('' when the page lacks it).
    #>
    param([Parameter(Mandatory = $true)][int64]$Page, [Parameter(Mandatory = $true)][int]$ControlId)
    Set-StrictMode -Version 3.0
    $id = Find-SimControl -Root $Page -ControlId $ControlId
    if ($id -eq 0) { return '' }
    return [string]$script:SimWin[$id].Text
}

function Initialize-SimWindowTree {
    <#
    .SYNOPSIS
    Builds the main frame: menu tree 129 and MDIClient 0xE900 -> page container 0xE901 (no page yet).
    #>
    Set-StrictMode -Version 3.0
    Reset-SimWindows
    $frameClass = [string](Get-SimClientSetting -Name 'frameClass' -Default 'AfxMDIFrame140s')
    $wndClass = 'AfxWnd140s'
    if ($frameClass -like '*42s') { $wndClass = 'AfxWnd42s' }
    $script:SimMainId = New-SimWindow -ClassName $frameClass -Text ([string](Get-SimClientSetting -Name 'title' -Default '网上股票交易系统5.0'))
    [void](New-SimWindow -Parent $script:SimMainId -ClassName 'SysTreeView32' -ControlId $script:ID_MENU_TREE)
    $mdi = New-SimWindow -Parent $script:SimMainId -ClassName 'MDIClient' -ControlId $script:ID_MDI_CLIENT
    $script:SimContainerId = New-SimWindow -Parent $mdi -ClassName $wndClass -ControlId $script:ID_PAGE_CONTAINER
}

function New-SimTradePage {
    <#
    .SYNOPSIS
    The buy (161) or sell (162) page dialog with its edits, labels, combos and submit button.
    #>
    param([Parameter(Mandatory = $true)][int64]$Dialog, [Parameter(Mandatory = $true)][int]$PageId)
    Set-StrictMode -Version 3.0
    $isBuy = ($PageId -eq $script:PAGE_BUY)
    foreach ($id in @($script:ID_CODE, $script:ID_PRICE, $script:ID_AMOUNT)) { [void](New-SimWindow -Parent $Dialog -ClassName 'Edit' -ControlId $id) }
    $button = '卖出[S]'
    $maxId = $script:ID_MAX_SELL
    if ($isBuy) { $button = '买入[B]'; $maxId = $script:ID_MAX_BUY }
    [void](New-SimWindow -Parent $Dialog -ClassName 'Button' -ControlId $script:ID_SUBMIT -Text $button)
    [void](New-SimWindow -Parent $Dialog -ClassName 'Static' -ControlId $script:ID_NAME)
    [void](New-SimWindow -Parent $Dialog -ClassName 'Static' -ControlId $maxId)
    foreach ($id in @($script:ID_LAST, $script:ID_LIMIT_UP, $script:ID_LIMIT_DOWN)) { [void](New-SimWindow -Parent $Dialog -ClassName 'Static' -ControlId $id -Text '-') }
    $exchanges = @($script:SimExchangeNames.SH, $script:SimExchangeNames.SZ, $script:SimExchangeNames.BJ)
    [void](New-SimWindow -Parent $Dialog -ClassName 'ComboBox' -ControlId $script:ID_EXCHANGE -Items $exchanges)
    [void](New-SimWindow -Parent $Dialog -ClassName 'ComboBox' -ControlId $script:ID_PRICE_TYPE -Items $script:SimMarketOrderTypes)
}

function New-SimGrid {
    <#
    .SYNOPSIS
    The grid of a page: HexinScrollWnd 1047 -> HexinScrollWnd2 200 -> CVirtualGridCtrl 1047.
    #>
    param([Parameter(Mandatory = $true)][int64]$Dialog)
    Set-StrictMode -Version 3.0
    $outer = New-SimWindow -Parent $Dialog -ClassName 'HexinScrollWnd' -ControlId $script:ID_GRID
    $inner = New-SimWindow -Parent $outer -ClassName 'HexinScrollWnd2' -ControlId 200
    [void](New-SimWindow -Parent $inner -ClassName $script:GRID_CLASS -ControlId $script:ID_GRID)
}

function New-SimPage {
    <#
    .SYNOPSIS
    Creates the dialog of a page under the container (hidden) and returns its id, or 0 for a page the simulation
    does not have. New pages (163 cancel, 554 IPO...) are one more case here.
    #>
    param([Parameter(Mandatory = $true)][int]$PageId)
    Set-StrictMode -Version 3.0
    if ($script:SimSupportedPages -notcontains $PageId) { return [int64]0 }
    $dialog = New-SimWindow -Parent $script:SimContainerId -ClassName $script:POPUP_CLASS -Visible $false
    if ($PageId -eq $script:PAGE_BUY -or $PageId -eq $script:PAGE_SELL) {
        New-SimTradePage -Dialog $dialog -PageId $PageId
    } elseif ($PageId -eq $script:PAGE_CANCEL) {
        New-SimCancelPage -Dialog $dialog   # SimCancelPage.ps1
    } elseif ($PageId -eq $script:PAGE_IPO) {
        New-SimIpoPage -Dialog $dialog   # SimIpo.ps1
    } elseif ($PageId -eq $script:PAGE_FUNDS) {
        foreach ($id in @(1012, 1013, 1014, 1015, 1016, 1017, 1026, 1027)) { [void](New-SimWindow -Parent $dialog -ClassName 'Static' -ControlId $id) }
        New-SimGrid -Dialog $dialog
    } else {
        New-SimGrid -Dialog $dialog
    }
    $script:SimPageDialogs[$PageId] = $dialog
    $script:SimDialogPages[$dialog] = $PageId
    return $dialog
}

function Show-SimPageWindow {
    <#
    .SYNOPSIS
    Makes a page's dialog the visible one (creating it on the first visit); returns its id or 0.
    #>
    param([Parameter(Mandatory = $true)][int]$PageId)
    Set-StrictMode -Version 3.0
    $dialog = [int64]0
    if ($script:SimPageDialogs.ContainsKey($PageId)) { $dialog = [int64]$script:SimPageDialogs[$PageId] } else { $dialog = New-SimPage -PageId $PageId }
    if ($dialog -eq 0) { return $dialog }
    foreach ($d in @($script:SimDialogPages.Keys)) {
        $w = $script:SimWin[[int64]$d]
        $visible = ([int64]$d -eq $dialog)
        if ($w.Visible -ne $visible) { $w.Visible = $visible; $script:SimRevision++ }
    }
    $script:SimActivePageId = $PageId
    return $dialog
}

function Get-SimPageOf {
    <#
    .SYNOPSIS
    @{ PageId; Dialog } of the page a window belongs to, or $null (main frame, popups).
    #>
    param([Parameter(Mandatory = $true)][int64]$Id)
    Set-StrictMode -Version 3.0
    $cur = $Id
    while ($cur -ne 0) {
        if ($script:SimDialogPages.ContainsKey($cur)) { return @{ PageId = [int]$script:SimDialogPages[$cur]; Dialog = $cur } }
        $w = Get-SimWindowRecord -Id $cur
        if ($null -eq $w) { return $null }
        $cur = [int64]$w.Parent
    }
    return $null
}

function Show-SimPopup {
    <#
    .SYNOPSIS
    Opens a popup: top-level #32770 owned by the main frame, Static 1365 title, Static 0x3EC body, buttons
    (1 确定; 6 是 / 7 否 for confirmations). Returns its id.
    #>
    param(
        [Parameter(Mandatory = $true)][string]$Title,
        [Parameter(Mandatory = $true)][AllowEmptyString()][string]$Text,
        [ValidateSet('info', 'confirm')][string]$Kind = 'info',
        $Form = $null
    )
    Set-StrictMode -Version 3.0
    $popup = New-SimWindow -Owner $script:SimMainId -ClassName $script:POPUP_CLASS -Text $Title
    [void](New-SimWindow -Parent $popup -ClassName 'Static' -ControlId $script:ID_POPUP_TITLE -Text $Title)
    [void](New-SimWindow -Parent $popup -ClassName 'Static' -ControlId $script:ID_POPUP_TEXT -Text $Text)
    if ($Kind -eq 'confirm') {
        [void](New-SimWindow -Parent $popup -ClassName 'Button' -ControlId $script:ID_BTN_YES -Text '是(Y)')
        [void](New-SimWindow -Parent $popup -ClassName 'Button' -ControlId $script:ID_BTN_NO -Text '否(N)')
    } else {
        [void](New-SimWindow -Parent $popup -ClassName 'Button' -ControlId $script:ID_BTN_OK -Text '确定')
    }
    $script:SimPopups[$popup] = @{ Kind = $Kind; Form = $Form }
    return $popup
}
