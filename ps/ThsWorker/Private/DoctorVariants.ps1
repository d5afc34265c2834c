# DoctorVariants.ps1 - the doctor's checks of the build variants a read can tell: captcha, result display, broker link.

function Get-ThsDoctorTexts {
    <#
    .SYNOPSIS
    The texts of the main window's tree and the client's visible popups (for the variant checks).
    #>
    param([Parameter(Mandatory = $true)]$Main)
    $texts = [System.Collections.ArrayList]::new()
    foreach ($w in (Get-ThsTree -Handle ([int64]$Main.Handle))) {
        $t = Get-PortText -Handle ([int64]$w.Handle)
        if ($t) { [void]$texts.Add([string]$t) }
    }
    return , $texts.ToArray()
}

function Test-ThsDoctorBrokerLink {
    <#
    .SYNOPSIS
    The broker link as the status bar says (BrokerLink.ps1: msctls_statusbar32, 断开 / 已连接, the server after it):
    up passes, down warns (queries would be refused as broker_disconnected). No status bar: a 断开 / 已连接 text of the
    main window's tree, else unknown (warn). Reads only: no refresh is sent.
    #>
    param([Parameter(Mandatory = $true)]$Main)
    $link = Read-ThsBrokerLink -Main ([int64]$Main.Handle)
    $state = [string]$link.state
    $shown = [string]$link.text
    if ($state -eq 'unknown') {
        $texts = Get-ThsDoctorTexts -Main $Main
        $down = @($texts | Where-Object { $_ -like '*断开*' })
        $up = @($texts | Where-Object { $_ -like '*已连接*' -or $_ -eq '连接' })
        if ($down.Count -gt 0) { $state = 'down'; $shown = [string]$down[0] } elseif ($up.Count -gt 0) { $state = 'up'; $shown = [string]$up[0] }
    }
    $data = [ordered]@{ brokerLink = $state; server = $link.server }
    $server = ''
    if ($link.server) { $server = ' (server ' + $link.server + ')' }
    if ($state -eq 'down') {
        return (New-ThsDoctorCheck -Id 'broker-link' -Name '券商连接 broker link' -State 'warn' -Detail ('the client shows "' + $shown + '"' + $server) -Data $data `
                -FixZh '客户端与券商主站的连接断开：查询和委托会以 broker_disconnected 拒绝（工作进程会先刷新一次）。请按 F5、检查网络或重新登录。' `
                -FixEn 'The link to the broker''s server is down: reads and orders are refused as broker_disconnected (the worker refreshes once first). Press F5, check the network or log in again.')
    }
    if ($state -eq 'up') {
        return (New-ThsDoctorCheck -Id 'broker-link' -Name '券商连接 broker link' -State 'pass' -Detail ('the client shows "' + $shown + '"' + $server) -Data $data)
    }
    return (New-ThsDoctorCheck -Id 'broker-link' -Name '券商连接 broker link' -State 'warn' -Detail 'unknown: no status bar (msctls_statusbar32) and no window text of the main window says 断开 or 已连接' -Data $data `
            -FixZh '无法读取连接状态（较旧版本没有可读的状态栏）：请看客户端状态栏是否显示“断开”。' -FixEn 'The link state cannot be read (older builds have no readable status bar): check whether the client''s status bar shows 断开.')
}

function Test-ThsDoctorVariants {
    <#
    .SYNOPSIS
    The build variants a read can tell: a captcha dialog already showing, the broker link (Test-ThsDoctorBrokerLink);
    the result display needs an order: reported as not detectable.
    #>
    param([Parameter(Mandatory = $true)]$Main)
    $checks = [System.Collections.ArrayList]::new()
    $captcha = Find-ThsCaptchaDialog -Popups (Get-ThsPopups -ProcessId ([int]$Main.ProcessId))
    if ($captcha -ne 0) {
        [void]$checks.Add((New-ThsDoctorCheck -Id 'captcha' -Name '复制验证码 captcha on copy' -State 'warn' -Detail 'a captcha dialog is showing: this build asks for a captcha on copy' -Data ([ordered]@{ captcha = 'seen' }) `
                    -FixZh '此版本复制表格需要验证码：工作进程会用 OCR 或导出文件读取（见 docs/captcha.md）。' -FixEn 'This build asks for a captcha on copy: the worker reads through OCR or the export (docs/captcha.md).'))
    } else {
        [void]$checks.Add((New-ThsDoctorCheck -Id 'captcha' -Name '复制验证码 captcha on copy' -State 'warn' -Detail 'not probed (probing would copy a grid; no captcha dialog is showing now)' -Data ([ordered]@{ captcha = 'not probed' }) `
                    -FixZh '未检测：查询持仓时 /health 会显示走了哪条读取路径。' -FixEn 'Not probed: /health shows which read path a positions query took.'))
    }
    [void]$checks.Add((New-ThsDoctorCheck -Id 'result-display' -Name '委托结果显示 result display' -State 'warn' -Detail 'not detectable without an order' -Data ([ordered]@{ resultDisplay = 'unknown' }) `
                -FixZh '无法在不下单的情况下判断：若开启了快速交易（成功只显示提示条），请确认 SET_POPUP_CJHB=yes 或以 --result-display toast 启动服务（工作进程参数 -ResultDisplay Toast）。' `
                -FixEn 'Cannot be told without an order: in quick-trade mode (success shown as a toast) set SET_POPUP_CJHB=yes or start the server with --result-display toast (the worker parameter -ResultDisplay Toast).'))
    [void]$checks.Add((Test-ThsDoctorBrokerLink -Main $Main))
    return , $checks.ToArray()
}
