# Window.ps1 - finds the trading window, its pages and controls, and reads texts and labels; only through the window
# port (setting fields: Fields.ps1).

# The main window once found (@{ Handle; Title; ClassName; ProcessId }), checked on every use.
$script:ThsMain = $null

function Wait-ThsTick {
    <#
    .SYNOPSIS
    Sleeps one poll interval ($POLL_INTERVAL_MS): the only sleep in the worker, always inside a bounded loop (timed
    when the port profile is on, PortProfile.ps1).
    #>
    $p = $script:ThsPortProfile
    if ($null -eq $p) {
        Start-Sleep -Milliseconds $script:POLL_INTERVAL_MS
        return
    }
    $p.Ticks++
    $p.Wait.Start()
    try { Start-Sleep -Milliseconds $script:POLL_INTERVAL_MS } finally { $p.Wait.Stop() }
}

function New-ThsDeadline {
    <#
    .SYNOPSIS
    Returns a stopwatch-based deadline object for bounded polling.
    #>
    param([Parameter(Mandatory = $true)][int]$Milliseconds)
    return @{ Watch = [System.Diagnostics.Stopwatch]::StartNew(); Ms = $Milliseconds }
}

function Test-ThsDeadlinePassed {
    <#
    .SYNOPSIS
    True once the deadline's time is used up.
    #>
    param([Parameter(Mandatory = $true)]$Deadline)
    return ($Deadline.Watch.ElapsedMilliseconds -ge $Deadline.Ms)
}

function Test-ThsTradingFrame {
    <#
    .SYNOPSIS
    True when an AfxMDIFrame* window holds the trading menu tree (a SysTreeView32 with id 129, or 513 in a credit
    account) somewhere below it: how a frame without the usual title (远航版 builds) is still told to be xiadan.
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    foreach ($c in @(Get-PortChildWindows -Handle $Handle)) {
        if ($null -ne $c -and $c.ClassName -eq 'SysTreeView32' -and @($script:ID_MENU_TREE, 513) -contains [int]$c.ControlId) { return $true }
    }
    return $false
}

function Find-ThsMainWindow {
    <#
    .SYNOPSIS
    Finds xiadan's main frame: class AfxMDIFrame* and a title containing 交易系统 (visible ones first); failing that, an
    AfxMDIFrame* window of any title (some 2025–2026 builds carry none) that holds the trading menu tree.
    Returns @{ Handle; Title; ClassName; ProcessId } or $null.
    #>
    $best = $null
    $untitled = New-Object System.Collections.ArrayList
    foreach ($w in @(Find-PortTopWindows)) {
        if ($w.ClassName -notlike 'AfxMDIFrame*') { continue }
        if ($w.Title -like '*交易系统*') {
            if ($w.Visible) { return $w }
            if ($null -eq $best) { $best = $w }
        } else {
            [void]$untitled.Add($w)
        }
    }
    if ($null -ne $best) { return $best }
    foreach ($w in @($untitled | Sort-Object -Property @{ Expression = { -not $_.Visible } })) {
        if (Test-ThsTradingFrame -Handle ([int64]$w.Handle)) { return $w }
    }
    return $null
}

function Get-ThsMainWindow {
    <#
    .SYNOPSIS
    The cached main window if it still exists, else a fresh search. Throws client_not_found / client_elevated.
    #>
    if ($null -ne $script:ThsMain) {
        $info = Get-PortWindowInfo -Handle $script:ThsMain.Handle
        if ($info.Exists) { return $script:ThsMain }
        $script:ThsMain = $null
    }
    $w = Find-ThsMainWindow
    if ($null -eq $w) {
        throw (New-ThsError -Code 'client_not_found' -Message '没有找到同花顺交易窗口（类名 AfxMDIFrame*，标题含“交易系统”或窗口里有交易菜单树）：请先登录 xiadan.exe 并保持窗口打开（可最小化）。')
    }
    $elevated = Test-PortProcessElevated -ProcessId $w.ProcessId
    if ($elevated -eq $true -and -not (Test-PortSelfElevated)) {
        throw (New-ThsError -Code 'client_elevated' -Message '交易客户端以管理员身份运行，普通权限的本程序发出的窗口消息会被系统拦截（UIPI）：请以相同权限运行本程序，或不要以管理员身份运行客户端。')
    }
    $script:ThsMain = $w
    return $w
}

function Get-ThsTree {
    <#
    .SYNOPSIS
    All descendants of a window (one port call).
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    return @(Get-PortChildWindows -Handle $Handle)
}

function Get-ThsSubtree {
    <#
    .SYNOPSIS
    The entries of a tree that lie below Root (any depth), in tree order.
    #>
    param([Parameter(Mandatory = $true)][AllowEmptyCollection()][object[]]$Tree, [Parameter(Mandatory = $true)][int64]$Root)
    $inside = @{}
    $inside[$Root] = $true
    $result = New-Object System.Collections.ArrayList
    foreach ($w in $Tree) {
        if ($inside.ContainsKey([int64]$w.Parent)) {
            $inside[[int64]$w.Handle] = $true
            [void]$result.Add($w)
        }
    }
    return , $result.ToArray()
}

function Get-ThsActivePage {
    <#
    .SYNOPSIS
    The visible page under the page container (0xE901), as @{ Page = handle; Controls = entries below it }, or $null.
    #>
    param([Parameter(Mandatory = $true)][int64]$Main)
    $tree = Get-ThsTree -Handle $Main
    $container = $null
    foreach ($w in $tree) { if ($w.ControlId -eq $script:ID_PAGE_CONTAINER) { $container = $w; break } }
    if ($null -eq $container) { return $null }
    foreach ($w in $tree) {
        if ([int64]$w.Parent -eq [int64]$container.Handle -and $w.Visible) {
            return @{ Page = [int64]$w.Handle; Controls = (Get-ThsSubtree -Tree $tree -Root ([int64]$w.Handle)); Container = [int64]$container.Handle }
        }
    }
    return $null
}

function Get-ThsKnownPage {
    <#
    .SYNOPSIS
    The page last identified as PageId, without walking the whole window tree: when its handle still exists, is visible
    and still sits under the page container, @{ Page; Controls; Container } with its own controls (one walk of the page
    only); else $null (and the handle is forgotten), and the caller walks the tree.
    #>
    param([Parameter(Mandatory = $true)][int]$PageId)
    $known = $script:ThsPageHandles[$PageId]
    if ($null -eq $known) { return $null }
    $info = Get-PortWindowInfo -Handle $known.Page
    if (-not $info.Exists -or -not $info.Visible -or [int64]$info.Parent -ne $known.Container) {
        $script:ThsPageHandles.Remove($PageId)
        return $null
    }
    return @{ Page = $known.Page; Controls = @(Get-PortChildWindows -Handle $known.Page); Container = $known.Container }
}

function Find-ThsControl {
    <#
    .SYNOPSIS
    The first control with this id (and class, if given) among a page's controls, or $null.
    #>
    param([AllowEmptyCollection()][object[]]$Controls, [Parameter(Mandatory = $true)][int]$ControlId, [string]$ClassName)
    foreach ($w in $Controls) {
        if ($w.ControlId -eq $ControlId) {
            if (-not $ClassName -or $w.ClassName -eq $ClassName) { return $w }
        }
    }
    return $null
}

# Controls a page must have before it counts as shown: pages are built control by control, and a half-built page
# must not be read. Optional controls (股票市值 1014 on some broker builds) are not listed.
$script:ThsPageControls = @{
    161 = @(1032, 1033, 1034, 1006, 1036, 1018)
    162 = @(1032, 1033, 1034, 1006, 1036, 1038)
    163 = @(3348, 3349, 1099)    # 撤单: code filter, 查询代码, 撤单 (its grid is asked for with -Grid)
    165 = @(1012, 1015, 1016, 1017)
    554 = @(1032, 1034, 1006)    # 新股申购: code, amount, 申购 (and its offers grid)
}

# Page handles already identified (handle -> page id): grid pages look alike, so a page once known as another page
# never counts as the one asked for.
$script:ThsPageIds = @{}
# PageId -> @{ Page; Container }: where a form page was last found (Get-ThsKnownPage checks it before use).
$script:ThsPageHandles = @{}

function Reset-ThsWindowCache {
    <#
    .SYNOPSIS
    Forgets the main window and the page handles identified so far (a new port or client).
    #>
    $script:ThsMain = $null
    $script:ThsPageIds = @{}
    $script:ThsPageHandles = @{}
    $script:ThsStatusBar = $null
    $script:ThsTypeInput = $false
}

function Test-ThsPageShown {
    <#
    .SYNOPSIS
    True when the active page has every control PageId needs (a grid for the grid pages; -Grid adds one anywhere).
    #>
    param($Page, [int]$PageId, [switch]$Grid)
    if ($null -eq $Page) { return $false }
    $needGrid = [bool]$Grid
    if ($script:ThsPageControls.ContainsKey($PageId)) {
        foreach ($id in $script:ThsPageControls[$PageId]) {
            if ($null -eq (Find-ThsControl -Controls $Page.Controls -ControlId $id)) { return $false }
        }
    } else {
        $needGrid = $true
    }
    if ($needGrid) {
        foreach ($w in $Page.Controls) { if ($w.ClassName -eq $script:GRID_CLASS) { return $true } }
        return $false
    }
    return $true
}

function Switch-ThsPage {
    <#
    .SYNOPSIS
    Shows a page with WM_COMMAND to the main frame (plain id, then the 0x2000 high-word form) and waits for it.
    Returns the active page @{ Page; Controls }.
    #>
    param([Parameter(Mandatory = $true)][int]$PageId, [switch]$Grid)
    $main = Get-ThsMainWindow
    $forms = @($PageId, ((0x2000 -shl 16) -bor $PageId))
    foreach ($wParam in $forms) {
        $sent = Send-PortMessage -Handle $main.Handle -Message $script:WM_COMMAND -WParam $wParam -LParam 0
        if ($sent.TimedOut) {
            throw (New-ThsError -Code 'client_not_responding' -Message ('交易客户端 ' + $script:PORT_SEND_TIMEOUT_MS + ' ms 内没有响应窗口消息（可能卡死或弹出了模态窗口）：请检查客户端。'))
        }
        $deadline = New-ThsDeadline -Milliseconds ([int]($script:PAGE_SWITCH_TIMEOUT_MS / $forms.Count))
        # First look: the page's handle from an earlier switch, checked cheaply; after that (or without one) the tree.
        $page = Get-ThsKnownPage -PageId $PageId
        while ($true) {
            if ($null -eq $page) { $page = Get-ThsActivePage -Main $main.Handle }
            if (Test-ThsPageShown -Page $page -PageId $PageId -Grid:$Grid) {
                $known = $script:ThsPageIds[[int64]$page.Page]
                if ($null -eq $known -or $known -eq $PageId) {
                    if ($script:ThsPageControls.ContainsKey($PageId)) {
                        $script:ThsPageIds[[int64]$page.Page] = $PageId
                        $script:ThsPageHandles[$PageId] = @{ Page = [int64]$page.Page; Container = [int64]$page.Container }
                    }
                    return $page
                }
            }
            $page = $null
            if (Test-ThsDeadlinePassed $deadline) { break }
            Wait-ThsTick
        }
    }
    throw (New-ThsError -Code 'page_not_found' -Message ('发送 WM_COMMAND ' + $PageId + ' 后 ' + $script:PAGE_SWITCH_TIMEOUT_MS + ' ms 内没有出现对应页面：客户端版本或精简模式可能不同，请检查。'))
}

function Get-ThsRequiredControl {
    <#
    .SYNOPSIS
    A control of the page by id, or throws control_not_found naming the id.
    #>
    param($Page, [Parameter(Mandatory = $true)][int]$ControlId, [string]$What)
    $c = Find-ThsControl -Controls $Page.Controls -ControlId $ControlId
    if ($null -eq $c) {
        throw (New-ThsError -Code 'control_not_found' -Message ('页面上没有找到' + $What + '控件（id ' + $ControlId + '）：客户端版本可能不同。'))
    }
    return [int64]$c.Handle
}

function Get-ThsText {
    <#
    .SYNOPSIS
    A control's text; throws client_not_responding when the client is hung.
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    $t = Get-PortText -Handle $Handle
    if ($null -eq $t) {
        throw (New-ThsError -Code 'client_not_responding' -Message '读取控件文字时交易客户端没有响应（可能卡死）：请检查客户端。')
    }
    return $t
}

function Wait-ThsLabel {
    <#
    .SYNOPSIS
    Waits until a label's text is non-empty (and not '-') within LABEL_FILL_TIMEOUT_MS; returns it, or $null on timeout.
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle, [int]$TimeoutMs = $script:LABEL_FILL_TIMEOUT_MS)
    $deadline = New-ThsDeadline -Milliseconds $TimeoutMs
    while ($true) {
        $t = (Get-ThsText -Handle $Handle).Trim()
        if ($t -ne '' -and $t -ne '-') { return $t }
        if (Test-ThsDeadlinePassed $deadline) { return $null }
        Wait-ThsTick
    }
}
