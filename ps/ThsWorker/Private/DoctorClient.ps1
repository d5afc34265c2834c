# DoctorClient.ps1 - the doctor's checks of the running client: its windows and their elevation, the main window, the
# pages (opened by their page command, which changes nothing in the account) and the funds labels.

# The pages the doctor opens, in this order (the funds page last but one: its labels are read; 当日委托 last).
$script:DOCTOR_PAGES = @(
    @{ Id = 161; Name = '买入 buy' }, @{ Id = 162; Name = '卖出 sell' }, @{ Id = 163; Name = '撤单 cancel' },
    @{ Id = 554; Name = '新股申购 IPO' }, @{ Id = 167; Name = '当日成交 trades' }, @{ Id = 165; Name = '资金股票 funds' },
    @{ Id = 168; Name = '当日委托 orders' }
)

function Get-ThsDoctorCandidates {
    <#
    .SYNOPSIS
    Every xiadan-like top window: an MFC frame class (Afx*Frame*), a title containing 交易系统, or a process whose exe is
    xiadan*.exe. Returns entries with the process path, its exe's version (build; $null when it carries none) and
    elevation.
    #>
    $paths = @{}
    $builds = @{}
    $out = [System.Collections.ArrayList]::new()
    foreach ($w in @(Find-PortTopWindows)) {
        $processId = [int64]$w.ProcessId
        if (-not $paths.ContainsKey($processId)) {
            $paths[$processId] = Get-PortProcessPath -ProcessId $processId
            $builds[$processId] = $null
            if ($paths[$processId]) { $builds[$processId] = Get-PortFileVersion -Path ([string]$paths[$processId]) }
        }
        $exe = $paths[$processId]
        $leaf = ''
        if ($exe) { $leaf = [System.IO.Path]::GetFileName(($exe -replace '\\', '/')) }
        $byExe = ($leaf -like 'xiadan*')
        $byClass = ($w.ClassName -like 'Afx*Frame*')
        $byTitle = ($w.Title -like '*交易系统*')
        if (-not ($byClass -or $byTitle -or ($byExe -and $w.Visible))) { continue }
        [void]$out.Add([ordered]@{
                handle = [int64]$w.Handle; title = (ConvertTo-ThsMaskedText $w.Title); className = $w.ClassName; processId = $processId
                visible = [bool]$w.Visible; exe = $exe; build = $builds[$processId]; elevated = (Test-PortProcessElevated -ProcessId $processId)
            })
    }
    return , $out.ToArray()
}

function ConvertTo-ThsDoctorBuildText {
    <#
    .SYNOPSIS
    A build for the doctor's text: the version, or "unknown" when the exe carries none or could not be read.
    #>
    param($Build)
    if ($Build) { return [string]$Build }
    return 'unknown'
}

function Test-ThsDoctorWindows {
    <#
    .SYNOPSIS
    Lists the xiadan-like windows with their elevation against ours: none fails, an elevated client fails when we are not.
    #>
    param([AllowEmptyCollection()][object[]]$Candidates)
    $name = '交易窗口 xiadan windows'
    $self = [bool](Test-PortSelfElevated)
    $lines = @($Candidates | ForEach-Object { '"' + $_.title + '" ' + $_.className + ' pid ' + $_.processId + ' build ' + (ConvertTo-ThsDoctorBuildText $_.build) + ' visible ' + $_.visible + ' elevated ' + $_.elevated })
    $data = [ordered]@{ selfElevated = $self; windows = $Candidates }
    if ($Candidates.Count -eq 0) {
        return New-ThsDoctorCheck -Id 'windows' -Name $name -State 'fail' -Detail 'no xiadan-like window (class Afx*Frame*, title with 交易系统, or xiadan*.exe)' -Data $data `
            -FixZh '没有找到交易客户端窗口：请启动 xiadan.exe 并登录（窗口可最小化，不要关到托盘）。' -FixEn 'No trading client window: start xiadan.exe and log in (it may be minimised, not closed to the tray).'
    }
    $blocked = @($Candidates | Where-Object { $_.elevated -eq $true })
    if ($blocked.Count -gt 0 -and -not $self) {
        return New-ThsDoctorCheck -Id 'windows' -Name $name -State 'fail' -Detail ((@($lines) -join '; ') + '; we are not elevated') -Data $data `
            -FixZh '交易客户端以管理员身份运行，普通权限发出的窗口消息会被系统拦截（UIPI）：两者以相同权限运行。' `
            -FixEn 'The client runs elevated (as administrator) and UIPI drops messages from a non-elevated process: run both at the same level.'
    }
    return New-ThsDoctorCheck -Id 'windows' -Name $name -State 'pass' -Detail ((@($lines) -join '; ') + '; we are elevated: ' + $self) -Data $data
}

function Test-ThsDoctorMainWindow {
    <#
    .SYNOPSIS
    Whether the worker finds the main window (Find-ThsMainWindow / Get-ThsMainWindow). Returns @{ Check; Main }.
    #>
    $name = '主窗口 main window'
    try {
        $main = Get-ThsMainWindow
    } catch {
        $err = $_
        $check = New-ThsDoctorCheck -Id 'main-window' -Name $name -State 'fail' -Detail $err.Exception.Message `
            -FixZh '工作进程按“类名 AfxMDIFrame*、标题含“交易系统””查找主窗口：若标题不同（如远航版），请把窗口信息（npm run doctor -- --dump 文件）发给我们。' `
            -FixEn 'The worker looks for class AfxMDIFrame* with a title containing 交易系统: if the title differs (e.g. the 远航版), send us the window dump (npm run doctor -- --dump FILE).'
        return @{ Check = $check; Main = $null }
    }
    $detail = '"' + (ConvertTo-ThsMaskedText $main.Title) + '" ' + $main.ClassName + ' handle ' + $main.Handle + ' pid ' + $main.ProcessId
    $data = [ordered]@{ handle = [int64]$main.Handle; className = $main.ClassName; processId = [int64]$main.ProcessId; visible = [bool]$main.Visible }
    if (-not $main.Visible) {
        return @{ Main = $main; Check = (New-ThsDoctorCheck -Id 'main-window' -Name $name -State 'warn' -Detail ($detail + ' (hidden)') -Data $data `
                    -FixZh '主窗口不可见（可能隐藏到托盘）：请把它显示出来（可最小化）。' -FixEn 'The main window is hidden (tray?): show it (minimised is fine).') }
    }
    return @{ Main = $main; Check = (New-ThsDoctorCheck -Id 'main-window' -Name $name -State 'pass' -Detail $detail -Data $data) }
}

function Test-ThsDoctorPages {
    <#
    .SYNOPSIS
    Opens each page with its command id the way the worker does (Switch-ThsPage; a WM_COMMAND that changes nothing in
    the account) and says which answered. Returns @{ Check; Pages = list of @{ id; handle } }.
    #>
    $name = '页面 pages'
    $answered = [System.Collections.ArrayList]::new()
    $results = [System.Collections.ArrayList]::new()
    foreach ($p in $script:DOCTOR_PAGES) {
        try {
            $page = Switch-ThsPage -PageId $p.Id
            [void]$answered.Add([ordered]@{ id = [int]$p.Id; handle = [int64]$page.Page })
            [void]$results.Add([ordered]@{ id = [int]$p.Id; name = $p.Name; ok = $true; reason = $null })
        } catch {
            $err = $_
            [void]$results.Add([ordered]@{ id = [int]$p.Id; name = $p.Name; ok = $false; reason = $err.Exception.Message })
        }
    }
    $detail = (@($results | ForEach-Object { [string]$_.id + ' ' + $_.name + ': ' + $(if ($_.ok) { 'ok' } else { 'no' }) }) -join ', ')
    $data = [ordered]@{ pages = $results.ToArray() }
    $missing = @($results | Where-Object { -not $_.ok })
    if ($answered.Count -eq 0) {
        $check = New-ThsDoctorCheck -Id 'pages' -Name $name -State 'fail' -Detail $detail -Data $data `
            -FixZh '没有页面响应命令：请关闭精简模式、开启新版页面布局、关掉浮动工具栏，并确认客户端已登录。' `
            -FixEn 'No page answered its command: turn compact mode off, the new page layout on and the floating toolbar off, and make sure the client is logged in.'
    } elseif ($missing.Count -gt 0) {
        $check = New-ThsDoctorCheck -Id 'pages' -Name $name -State 'warn' -Detail $detail -Data $data `
            -FixZh '部分页面没有响应（有的券商版本没有新股申购等页面）：用到这些功能时会报 page_not_found。' `
            -FixEn 'Some pages did not answer (some broker builds lack pages such as IPO): those functions will answer page_not_found.'
    } else {
        $check = New-ThsDoctorCheck -Id 'pages' -Name $name -State 'pass' -Detail $detail -Data $data
    }
    return @{ Check = $check; Pages = $answered.ToArray() }
}

function Test-ThsDoctorFunds {
    <#
    .SYNOPSIS
    Reads the funds labels of the 资金股票 page (already opened by the page check) as the balance read does; values are
    not printed.
    #>
    $name = '资金标签 funds labels'
    try {
        $page = Switch-ThsPage -PageId $script:PAGE_FUNDS
    } catch {
        $err = $_
        return New-ThsDoctorCheck -Id 'funds' -Name $name -State 'fail' -Detail $err.Exception.Message `
            -FixZh '资金股票页打不开，/balance 将失败。' -FixEn 'The funds page does not open: /balance will fail.'
    }
    $found = 0
    $filled = 0
    foreach ($label in $script:ThsFundLabels) {
        $ctl = Find-ThsControl -Controls $page.Controls -ControlId $label.Id
        if ($null -eq $ctl) { continue }
        $found++
        if ($null -ne (Wait-ThsLabel -Handle ([int64]$ctl.Handle))) { $filled++ }
    }
    $detail = [string]$filled + ' of ' + $found + ' funds labels show a value (' + $script:ThsFundLabels.Count + ' known)'
    $data = [ordered]@{ found = $found; filled = $filled }
    if ($found -eq 0 -or $filled -lt $found) {
        return New-ThsDoctorCheck -Id 'funds' -Name $name -State 'fail' -Detail $detail -Data $data `
            -FixZh '资金页的标签没有数值：请确认客户端已登录、网络正常。' -FixEn 'The funds labels show no values: make sure the client is logged in and online.'
    }
    return New-ThsDoctorCheck -Id 'funds' -Name $name -State 'pass' -Detail $detail -Data $data
}
