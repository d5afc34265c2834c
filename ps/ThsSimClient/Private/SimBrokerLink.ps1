# SimBrokerLink.ps1 - the simulated client's link to the broker's server (client.brokerLink, client.brokerServer),
# shown in the main frame's status bar; the refresh command reconnects. Dot-sourced by ../ThsSimClient.psm1.

# The main frame's status bar (MFC AFX_IDW_STATUS_BAR 0xE801, comctl32 class): parts '', link, server (THS-UI-FACTS
# "Broker link": 断开 and the server name mncg… are reported; 已连接 and the mncg<n> numbering are invented).
$script:SIM_STATUSBAR_CLASS = 'msctls_statusbar32'
$script:SIM_STATUSBAR_ID = 0xE801
$script:SimLinkUpText = '已连接'
$script:SimLinkDownText = '断开'

function Get-SimBrokerServer {
    <#
    .SYNOPSIS
    The broker server the client is linked to: mncg<n> with n = client.brokerServer (default 1; +1 on each reconnect).
    #>
    return ('mncg' + [int64](Get-SimValue -Map $script:SimState.client -Key 'brokerServer' -Default 1))
}

function Update-SimStatusBar {
    <#
    .SYNOPSIS
    Sets the status bar's parts from client.brokerLink: '', 已连接 or 断开 ('down', 'downUntilRefresh'), the server.
    #>
    $bar = Find-SimChild -Parent $script:SimMainId -ControlId $script:SIM_STATUSBAR_ID
    $w = Get-SimWindowRecord -Id $bar
    if ($null -eq $w) { return }
    $link = $script:SimLinkDownText
    if ([string]$script:SimState.client.brokerLink -eq 'up') { $link = $script:SimLinkUpText }
    $parts = @('', $link, (Get-SimBrokerServer))
    if ($w.ContainsKey('Parts') -and (@($w.Parts) -join "`t") -ceq ($parts -join "`t")) { return }
    $w.Parts = $parts
    $script:SimRevision++
    $w.Rev = $script:SimRevision
}

function New-SimStatusBar {
    <#
    .SYNOPSIS
    Adds the status bar to the main frame (after the tree is built) and fills its parts.
    #>
    [void](New-SimWindow -Parent $script:SimMainId -ClassName $script:SIM_STATUSBAR_CLASS -ControlId $script:SIM_STATUSBAR_ID)
    Update-SimStatusBar
}

function Get-SimStatusBarParts {
    <#
    .SYNOPSIS
    The texts of a status bar's parts (SB_GETTEXT of each part), or $null when the window is gone or no status bar.
    #>
    param([Parameter(Mandatory = $true)][int64]$Id)
    $w = Get-SimWindowRecord -Id $Id
    if ($null -eq $w -or $w.ClassName -ne $script:SIM_STATUSBAR_CLASS -or -not $w.ContainsKey('Parts')) { return $null }
    return , ([string[]]@($w.Parts))
}

function Step-SimBrokerLinkOnRefresh {
    <#
    .SYNOPSIS
    The refresh command (F5) reconnects: with client.brokerLink 'downUntilRefresh' the link comes up; 'up' reconnects
    too; either way the server name changes (client.brokerServer + 1). 'down' stays down.
    #>
    $c = $script:SimState.client
    if ([string]$c.brokerLink -eq 'down') { return }
    if ([string]$c.brokerLink -eq 'downUntilRefresh') { $c.brokerLink = 'up' }
    $c['brokerServer'] = [int64](Get-SimValue -Map $c -Key 'brokerServer' -Default 1) + 1
    Update-SimStatusBar
}
