# Window.ps1 - finds the trading window and its controls, waits and deadlines, reads texts and labels; only through
# the window port (pages: Pages.ps1; setting fields: Fields.ps1).

# The main window once found (@{ Handle; Title; ClassName; ProcessId }), checked on every use.
$script:ThsMain = $null

function Wait-ThsTick {
    <#
    .SYNOPSIS
    Sleeps between two polls of a bounded wait: half of what the wait has lasted (-Deadline's clock), at least
    POLL_FIRST_MS and at most POLL_INTERVAL_MS; POLL_INTERVAL_MS without -Deadline. The only sleep in the worker,
    always inside a bounded loop (timed when the port profile is on, PortProfile.ps1).
    .DESCRIPTION
    A client that answers a posted message in a millisecond or two is seen then, not at the next 5 ms poll (a grid
    copy's clipboard, a popup); one that takes longer is polled every POLL_INTERVAL_MS. A wait overshoots the client's
    answer by POLL_FIRST_MS at first, then by at most half of what it waited, never by more than POLL_INTERVAL_MS.
    #>
    param($Deadline = $null)
    $ms = $script:POLL_INTERVAL_MS
    if ($null -ne $Deadline) {
        $ms = [Math]::Min($ms, [Math]::Max($script:POLL_FIRST_MS, [int64]($Deadline.Watch.ElapsedMilliseconds -shr 1)))
    }
    $p = $script:ThsPortProfile
    if ($null -eq $p) {
        Start-Sleep -Milliseconds $ms
        return
    }
    $p.Ticks++
    $p.Wait.Start()
    try { Start-Sleep -Milliseconds $ms } finally { $p.Wait.Stop() }
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

function Get-ThsTradingFrames {
    <#
    .SYNOPSIS
    xiadan's main frames: class AfxMDIFrame* and a title containing 交易系统 (visible ones first); then AfxMDIFrame*
    windows of any title (some 2025–2026 builds carry none) that hold the trading menu tree. Only the client this
    worker drives counts (Test-ThsClientProcess) unless -AnyClient. -First: the first one found, without looking
    further (the untitled frames' trees are read only when no titled frame is there).
    Returns @{ Handle; Title; ClassName; ProcessId; Visible } entries.
    #>
    param([switch]$AnyClient, [switch]$First)
    $titled = [System.Collections.ArrayList]::new()
    $hidden = [System.Collections.ArrayList]::new()
    $untitled = [System.Collections.ArrayList]::new()
    foreach ($w in @(Find-PortTopWindows)) {
        if ($w.ClassName -notlike 'AfxMDIFrame*') { continue }
        if (-not $AnyClient -and -not (Test-ThsClientProcess -ProcessId ([int64]$w.ProcessId))) { continue }
        if ($w.Title -like '*交易系统*') {
            if (-not $w.Visible) { [void]$hidden.Add($w); continue }
            if ($First) { return , @($w) }
            [void]$titled.Add($w)
        } else {
            [void]$untitled.Add($w)
        }
    }
    [void]$titled.AddRange($hidden)
    if ($First -and $titled.Count -gt 0) { return , @($titled[0]) }
    foreach ($w in @($untitled | Sort-Object -Property @{ Expression = { -not $_.Visible } })) {
        if (Test-ThsTradingFrame -Handle ([int64]$w.Handle)) {
            [void]$titled.Add($w)
            if ($First) { break }
        }
    }
    return , $titled.ToArray()
}

function Find-ThsMainWindow {
    <#
    .SYNOPSIS
    Finds xiadan's main frame (Get-ThsTradingFrames: a titled frame first, else an untitled one with the trading menu
    tree). With the ClientExe or ClientPid option (several clients on one PC), only windows of that client count.
    Returns @{ Handle; Title; ClassName; ProcessId } or $null.
    #>
    $found = Get-ThsTradingFrames -First
    if ($found.Count -eq 0) { return $null }
    return $found[0]
}

function Test-ThsClientProcess {
    <#
    .SYNOPSIS
    True when a process is the client this worker drives: with the ClientPid option the process of that id (a client
    --discover found; -1: none, its client closed); with ClientExe the one whose image path (Get-PortProcessPath) equals it, without case and with /
    read as \; else any.
    #>
    param([Parameter(Mandatory = $true)][int64]$ProcessId)
    $pidWanted = [int64]$script:ThsOptions.ClientPid
    if ($pidWanted -ne 0) { return ($ProcessId -eq $pidWanted) }
    $want = [string]$script:ThsOptions.ClientExe
    if (-not $want) { return $true }
    $path = Get-PortProcessPath -ProcessId $ProcessId
    if ($null -eq $path) { return $false }
    return [string]::Equals(([string]$path).Replace('/', '\'), $want.Replace('/', '\'), [System.StringComparison]::OrdinalIgnoreCase)
}

function Get-ThsMainWindow {
    <#
    .SYNOPSIS
    The cached main window if it still exists, else a fresh search. Throws client_not_found / client_elevated.
    Within one protocol request the window is checked once (the prologue asks, then the page switch and the order
    form ask again a few messages later): a check costs a message to the client. Calls by hand check every time.
    #>
    $request = $script:ThsRequest
    if ($null -ne $script:ThsMain) {
        if ($null -ne $request -and $null -ne $request.Id -and $request.ContainsKey('Main') -and [int64]$request.Main -eq [int64]$script:ThsMain.Handle) { return $script:ThsMain }
        $info = Get-PortWindowInfo -Handle $script:ThsMain.Handle
        if ($info.Exists) {
            if ($null -ne $request -and $null -ne $request.Id) { $request.Main = [int64]$script:ThsMain.Handle }
            return $script:ThsMain
        }
        $script:ThsMain = $null
    }
    $w = Find-ThsMainWindow
    if ($null -eq $w) {
        $which = ''
        if ($script:ThsOptions.ClientExe) { $which = '（进程 ' + $script:ThsOptions.ClientExe + '）' }
        if ([int64]$script:ThsOptions.ClientPid -gt 0) { $which = '（进程号 ' + $script:ThsOptions.ClientPid + '）' }
        if ([int64]$script:ThsOptions.ClientPid -eq -1) { $which = '（这个账户的客户端已关闭：重新打开后会被重新识别，进程号 -1）' }
        throw (New-ThsError -Code 'client_not_found' -Message ('没有找到同花顺交易窗口' + $which + '（类名 AfxMDIFrame*，标题含“交易系统”或窗口里有交易菜单树）：请先登录 xiadan.exe 并保持窗口打开（可最小化）。'))
    }
    $elevated = Test-PortProcessElevated -ProcessId $w.ProcessId
    if ($elevated -eq $true -and -not (Test-PortSelfElevated)) {
        throw (New-ThsError -Code 'client_elevated' -Message '交易客户端以管理员身份运行，普通权限的本程序发出的窗口消息会被系统拦截（UIPI）：请以相同权限运行本程序，或不要以管理员身份运行客户端。')
    }
    $script:ThsMain = $w
    if ($null -ne $request -and $null -ne $request.Id) { $request.Main = [int64]$w.Handle }
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
    $result = [System.Collections.ArrayList]::new()
    foreach ($w in $Tree) {
        if ($inside.ContainsKey([int64]$w.Parent)) {
            $inside[[int64]$w.Handle] = $true
            [void]$result.Add($w)
        }
    }
    return , $result.ToArray()
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

function Reset-ThsWindowCache {
    <#
    .SYNOPSIS
    Forgets the main window, the page handles and the credit trees (or their absence) identified so far (a new port or
    client: the simulated client numbers its windows afresh).
    #>
    $script:ThsMain = $null
    $script:ThsPageIds = @{}
    $script:ThsPageHandles = @{}
    $script:ThsCreditTreeOf = @{}     # TreePages.ps1
    $script:ThsNoCreditTreeOf = @{}
    $script:ThsStatusBar = $null
    $script:ThsTypeInput = $false
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
        Wait-ThsTick -Deadline $deadline
    }
}

function Wait-ThsLabels {
    <#
    .SYNOPSIS
    Wait-ThsLabel for several labels at once, one batched read (Get-PortTexts) per look: returns string[] in the order
    of -Handles, each label's trimmed text once it shows one (not empty, not '-'), $null for a label still empty at
    the deadline. Throws client_not_responding when the client is hung.
    .EXAMPLE
    Wait-ThsLabels -Handles @($cashH, $totalH)
    #>
    param([Parameter(Mandatory = $true)][AllowEmptyCollection()][int64[]]$Handles, [int]$TimeoutMs = $script:LABEL_FILL_TIMEOUT_MS)
    $deadline = New-ThsDeadline -Milliseconds $TimeoutMs
    $result = [string[]]::new($Handles.Length)
    $pending = [System.Collections.Generic.List[int]]::new()
    for ($i = 0; $i -lt $Handles.Length; $i++) { $pending.Add($i) }
    while ($pending.Count -gt 0) {
        $ask = [int64[]]::new($pending.Count)
        for ($k = 0; $k -lt $pending.Count; $k++) { $ask[$k] = $Handles[$pending[$k]] }
        $texts = Get-PortTexts -Handles $ask
        $still = [System.Collections.Generic.List[int]]::new()
        for ($k = 0; $k -lt $pending.Count; $k++) {
            if ($null -eq $texts[$k]) {
                throw (New-ThsError -Code 'client_not_responding' -Message '读取控件文字时交易客户端没有响应（可能卡死）：请检查客户端。')
            }
            $t = $texts[$k].Trim()
            if ($t -ne '' -and $t -ne '-') { $result[$pending[$k]] = $t } else { $still.Add($pending[$k]) }
        }
        $pending = $still
        if ($pending.Count -eq 0 -or (Test-ThsDeadlinePassed $deadline)) { break }
        Wait-ThsTick -Deadline $deadline
    }
    return , $result
}
