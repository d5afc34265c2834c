# DoctorVariants.ps1 - the doctor's checks of the build variants a read can tell: captcha, result display, broker link.

function Get-ThsDoctorTexts {
    <#
    .SYNOPSIS
    The texts of the main window's tree and the client's visible popups (for the variant checks).
    #>
    param([Parameter(Mandatory = $true)]$Main)
    $texts = New-Object System.Collections.ArrayList
    foreach ($w in (Get-ThsTree -Handle ([int64]$Main.Handle))) {
        $t = Get-PortText -Handle ([int64]$w.Handle)
        if ($t) { [void]$texts.Add([string]$t) }
    }
    return , $texts.ToArray()
}

function Test-ThsDoctorVariants {
    <#
    .SYNOPSIS
    The build variants a read can tell: a captcha dialog already showing, the broker link from a 断开 / 连接 text in the
    main window (its status bar); the result display needs an order: reported as not detectable.
    #>
    param([Parameter(Mandatory = $true)]$Main)
    $checks = New-Object System.Collections.ArrayList
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
    $texts = Get-ThsDoctorTexts -Main $Main
    $down = @($texts | Where-Object { $_ -like '*断开*' })
    $up = @($texts | Where-Object { $_ -like '*已连接*' -or $_ -eq '连接' })
    if ($down.Count -gt 0) {
        [void]$checks.Add((New-ThsDoctorCheck -Id 'broker-link' -Name '券商连接 broker link' -State 'fail' -Detail ('the client shows "' + $down[0] + '"') -Data ([ordered]@{ brokerLink = 'down' }) `
                    -FixZh '客户端与券商主站的连接断开，查询会返回旧数据：按 F5 或重新登录。' -FixEn 'The link to the broker''s server is down and queries return cached data: press F5 or log in again.'))
    } elseif ($up.Count -gt 0) {
        [void]$checks.Add((New-ThsDoctorCheck -Id 'broker-link' -Name '券商连接 broker link' -State 'pass' -Detail ('the client shows "' + $up[0] + '"') -Data ([ordered]@{ brokerLink = 'up' })))
    } else {
        [void]$checks.Add((New-ThsDoctorCheck -Id 'broker-link' -Name '券商连接 broker link' -State 'warn' -Detail 'unknown: no window text of the main window says 断开 or 已连接 (a self-drawn status bar cannot be read)' -Data ([ordered]@{ brokerLink = 'unknown' }) `
                    -FixZh '无法读取连接状态：请看客户端状态栏是否显示“断开”。' -FixEn 'The link state cannot be read: check whether the client''s status bar shows 断开.'))
    }
    return , $checks.ToArray()
}
