# Pages.ps1 - the pages of the trading window: which page is showing, the handles of pages found before (checked
# before use), and switching to a page with WM_COMMAND; only through the window port (the window and its controls:
# Window.ps1).

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
# PageId -> @{ Page; Container }: where a page was last found (a grid page: once its header fit; Get-ThsKnownPage
# checks it before use).
$script:ThsPageHandles = @{}

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
    The page last identified as PageId, without walking the whole window tree: when its handle still exists under the
    page container, @{ Page; Controls; Container; Hidden = $false } with its own controls (one walk of the page only)
    if it is visible, @{ Hidden = $true } if not (yet); else $null (and the handle is forgotten), and the caller walks.
    #>
    param([Parameter(Mandatory = $true)][int]$PageId)
    $known = $script:ThsPageHandles[$PageId]
    if ($null -eq $known) { return $null }
    $info = Get-PortWindowInfo -Handle $known.Page
    if (-not $info.Exists -or [int64]$info.Parent -ne $known.Container) {
        $script:ThsPageHandles.Remove($PageId)
        return $null
    }
    if (-not $info.Visible) { return @{ Hidden = $true } }
    return @{ Page = $known.Page; Controls = @(Get-PortChildWindows -Handle $known.Page); Container = $known.Container; Hidden = $false }
}

function Find-ThsPageCandidate {
    <#
    .SYNOPSIS
    One look for the page a switch waits for: its kept handle when it shows (Get-ThsKnownPage: one call and its own
    controls); nothing while that handle is still hidden under the page container and -Grace has not passed (a client
    shows the page a moment after the command: the simulated client at its next step, a slow PC in ~1 s); otherwise
    the visible page found by walking the whole window (Get-ThsActivePage). Walking at every look cost a page switch
    ~19 ms per walk under Wine.
    #>
    param([Parameter(Mandatory = $true)][int]$PageId, [Parameter(Mandatory = $true)][int64]$Main, [Parameter(Mandatory = $true)]$Grace)
    $known = Get-ThsKnownPage -PageId $PageId
    if ($null -ne $known -and -not $known.Hidden) { return $known }
    if ($null -ne $known -and -not (Test-ThsDeadlinePassed $Grace)) { return $null }
    return (Get-ThsActivePage -Main $Main)
}

function Update-ThsPageControls {
    <#
    .SYNOPSIS
    Reads a page's controls again (one walk of the page) when one of -ControlIds is not among them. Pages are built
    control by control: the page counts as shown once the controls it needs are there (ThsPageControls), and optional
    ones (exchange combo 1003, price-mode label 1400, price-type combo 1541) can come after that first look. A missed
    label 1400 would let a remembered market mode place a limit order as a market order, so the order form looks
    again once the code's name showed (the page is complete by then).
    #>
    param([Parameter(Mandatory = $true)]$Page, [Parameter(Mandatory = $true)][int[]]$ControlIds)
    foreach ($id in $ControlIds) {
        if ($null -eq (Find-ThsControl -Controls $Page.Controls -ControlId $id)) {
            $Page.Controls = @(Get-PortChildWindows -Handle ([int64]$Page.Page))
            return
        }
    }
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
        $grace = New-ThsDeadline -Milliseconds $script:KNOWN_PAGE_GRACE_MS
        while ($true) {
            # The page's handle from an earlier switch, checked cheaply; without one (or past the grace) the tree.
            $page = Find-ThsPageCandidate -PageId $PageId -Main ([int64]$main.Handle) -Grace $grace
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
            if (Test-ThsDeadlinePassed $deadline) { break }
            Wait-ThsTick -Deadline $deadline
        }
    }
    throw (New-ThsError -Code 'page_not_found' -Message ('发送 WM_COMMAND ' + $PageId + ' 后 ' + $script:PAGE_SWITCH_TIMEOUT_MS + ' ms 内没有出现对应页面：客户端版本或精简模式可能不同，请检查。'))
}
