# BrokerLink.ps1 - the link to the broker's server (主站) as the client's status bar shows it (THS-UI-FACTS "Broker
# link"): 断开 in one cell, the server name (mncg…) in the next. With the link down the client answers queries from
# its cache, silently: reads and effects check the link first (Enter-ThsCommand), try one refresh, then refuse.

$script:ThsStatusBarClass = 'msctls_statusbar32'
$script:ThsLinkDownText = '断开'
$script:ThsLinkUpTexts = @('已连接', '连接')
# Commands that check the link before their work (reads that could be stale, effects that must not be sent blind).
$script:ThsBrokerLinkCommands = @('balance', 'position', 'orders', 'trades', 'ipo', 'order', 'repo', 'cancel', 'ipo_subscribe', 'direct_repay', 'direct_return')
# What the last check of this request saw (Add-ThsBrokerLinkFact puts it in the result for /health).
$script:ThsBrokerLinkSeen = $null
# @{ Main; Handle } of the status bar found last (Find-ThsStatusBar; Reset-ThsWindowCache forgets it).
$script:ThsStatusBar = $null

function Find-ThsStatusBar {
    <#
    .SYNOPSIS
    The handle of the main window's status bar (a direct child of class msctls_statusbar32), or 0 (older builds).
    The one found last is checked cheaply (exists, same parent and class) before the window tree is walked again.
    #>
    param([Parameter(Mandatory = $true)][int64]$Main)
    $cached = $script:ThsStatusBar
    if ($null -ne $cached -and $cached.Main -eq $Main) {
        $info = Get-PortWindowInfo -Handle $cached.Handle
        if ($info.Exists -and [int64]$info.Parent -eq $Main -and [string]$info.ClassName -eq $script:ThsStatusBarClass) { return $cached.Handle }
        $script:ThsStatusBar = $null
    }
    foreach ($w in (Get-ThsTree -Handle $Main)) {
        if ([int64]$w.Parent -eq $Main -and [string]$w.ClassName -eq $script:ThsStatusBarClass) {
            $script:ThsStatusBar = @{ Main = $Main; Handle = [int64]$w.Handle }
            return [int64]$w.Handle
        }
    }
    return [int64]0
}

function Read-ThsBrokerLink {
    <#
    .SYNOPSIS
    The link as the status bar says: @{ state = 'up' | 'down' | 'unknown'; text; server } (server = the cell after
    the link cell; unknown when there is no status bar, it cannot be read or no cell names the link).
    #>
    param([Parameter(Mandatory = $true)][int64]$Main)
    $link = [ordered]@{ state = 'unknown'; text = $null; server = $null }
    $bar = Find-ThsStatusBar -Main $Main
    if ($bar -eq 0) { return $link }
    $parts = Get-PortStatusBarTexts -Handle $bar
    if ($null -eq $parts) { return $link }
    $parts = @($parts)
    for ($i = 0; $i -lt $parts.Count; $i++) {
        $t = [string]$parts[$i]
        $state = $null
        if ($t.Contains($script:ThsLinkDownText)) { $state = 'down' }
        elseif ($script:ThsLinkUpTexts -contains $t.Trim()) { $state = 'up' }
        if ($null -eq $state) { continue }
        $link.state = $state
        $link.text = $t
        if ($i + 1 -lt $parts.Count) { $link.server = [string]$parts[$i + 1] }
        break
    }
    return $link
}

function Wait-ThsBrokerLinkUp {
    <#
    .SYNOPSIS
    Polls the status bar until the link says up (BROKER_RECONNECT_TIMEOUT_MS); returns the last link read.
    #>
    param([Parameter(Mandatory = $true)][int64]$Main)
    $deadline = New-ThsDeadline -Milliseconds $script:BROKER_RECONNECT_TIMEOUT_MS
    while ($true) {
        $link = Read-ThsBrokerLink -Main $Main
        if ($link.state -ne 'down' -or (Test-ThsDeadlinePassed $deadline)) { return $link }
        Wait-ThsTick -Deadline $deadline
    }
}

function Assert-ThsBrokerLink {
    <#
    .SYNOPSIS
    For the commands of ThsBrokerLinkCommands: reads the link; down -> sends the refresh command once (F5's twin, the
    client reconnects) and waits for the cell to say connected; still down -> broker_disconnected (nothing sent).
    Unknown (no status bar) passes. Remembers what it saw for the result.
    #>
    param([Parameter(Mandatory = $true)][string]$Name, [Parameter(Mandatory = $true)]$Main)
    if ($script:ThsBrokerLinkCommands -notcontains $Name) { return }
    $handle = [int64]$Main.Handle
    $link = Read-ThsBrokerLink -Main $handle
    $link.refreshed = $false
    if ($link.state -eq 'down') {
        $sent = Send-PortMessage -Handle $handle -Message $script:WM_COMMAND -WParam $script:CMD_REFRESH -LParam 0
        $link = Wait-ThsBrokerLinkUp -Main $handle
        $link.refreshed = [bool]$sent.Ok
    }
    $link.at = [DateTime]::UtcNow.ToString('o')
    $script:ThsBrokerLinkSeen = $link
    if ($link.state -eq 'down') {
        $server = '（无服务器名）'
        if ($link.server) { $server = '服务器 ' + $link.server }
        throw (New-ThsError -Code 'broker_disconnected' -Message ('交易客户端状态栏显示“' + $link.text + '”（' + $server + '）：与券商主站的连接已断开，刷新（F5）' + $script:BROKER_RECONNECT_TIMEOUT_MS + ' ms 内没有恢复；查询会返回旧数据，委托没有发出。请检查网络或重新登录客户端。'))
    }
}

function Add-ThsBrokerLinkFact {
    <#
    .SYNOPSIS
    Puts what this request's link check saw into its result (brokerLink: @{ state; text; server; refreshed; at }) and
    forgets it. A result that is no dictionary, or a request without a check, is returned unchanged.
    #>
    param($Result)
    $seen = $script:ThsBrokerLinkSeen
    $script:ThsBrokerLinkSeen = $null
    if ($null -ne $seen -and $Result -is [System.Collections.IDictionary]) { $Result['brokerLink'] = $seen }
    return $Result
}
