# DoctorEnvironment.ps1 - the doctor's checks of the PowerShell host: version, language mode, execution policy, session.

function Test-ThsDoctorPowerShell {
    <#
    .SYNOPSIS
    PowerShell edition and version (5.1 Desktop or 7+ Core pass; older fails).
    #>
    $v = $PSVersionTable.PSVersion
    $edition = 'Desktop'
    if ($PSVersionTable.ContainsKey('PSEdition')) { $edition = [string]$PSVersionTable.PSEdition }
    $detail = 'PowerShell ' + $v.ToString() + ' ' + $edition
    $data = [ordered]@{ version = $v.ToString(); edition = $edition }
    if ($v.Major -lt 5 -or ($v.Major -eq 5 -and $v.Minor -lt 1)) {
        return New-ThsDoctorCheck -Id 'powershell' -Name 'PowerShell 版本 version' -State 'fail' -Detail $detail -Data $data `
            -FixZh '需要 Windows PowerShell 5.1 或 PowerShell 7：请安装 WMF 5.1 或 PowerShell 7。' -FixEn 'Needs Windows PowerShell 5.1 or PowerShell 7: install WMF 5.1 or PowerShell 7.'
    }
    return New-ThsDoctorCheck -Id 'powershell' -Name 'PowerShell 版本 version' -State 'pass' -Detail $detail -Data $data
}

function Test-ThsDoctorLanguageMode {
    <#
    .SYNOPSIS
    The language mode: FullLanguage passes; Constrained (AppLocker / WDAC) blocks Add-Type and fails.
    #>
    $mode = [string]$ExecutionContext.SessionState.LanguageMode
    if ($mode -eq 'FullLanguage') {
        return New-ThsDoctorCheck -Id 'language-mode' -Name '语言模式 language mode' -State 'pass' -Detail $mode -Data ([ordered]@{ languageMode = $mode })
    }
    return New-ThsDoctorCheck -Id 'language-mode' -Name '语言模式 language mode' -State 'fail' -Detail $mode -Data ([ordered]@{ languageMode = $mode }) `
        -FixZh 'PowerShell 处于受限语言模式（AppLocker / WDAC 策略），Add-Type 和窗口消息被阻止：请 IT 放行本项目的脚本。' `
        -FixEn 'PowerShell runs in Constrained Language mode (AppLocker / WDAC policy), which blocks Add-Type and window messages: ask IT to allow this project''s scripts.'
}

function Test-ThsDoctorExecutionPolicy {
    <#
    .SYNOPSIS
    The execution policy per scope. The worker runs with -ExecutionPolicy Bypass for itself, which a group policy
    (MachinePolicy / UserPolicy scope) overrides: AllSigned / Restricted there fail, RemoteSigned there warns.
    #>
    $scopes = [ordered]@{}
    try {
        foreach ($p in @(Get-ExecutionPolicy -List)) { $scopes[[string]$p.Scope] = [string]$p.ExecutionPolicy }
        $effective = [string](Get-ExecutionPolicy)
    } catch {
        $err = $_
        return New-ThsDoctorCheck -Id 'execution-policy' -Name '执行策略 execution policy' -State 'warn' -Detail ('unknown: ' + $err.Exception.Message) `
            -FixZh '无法读取执行策略；工作进程以 -ExecutionPolicy Bypass 运行自己的脚本。' -FixEn 'The execution policy could not be read; the worker runs its own scripts with -ExecutionPolicy Bypass.'
    }
    $gpo = ''
    foreach ($scope in @('MachinePolicy', 'UserPolicy')) {
        if ($scopes.Contains($scope) -and $scopes[$scope] -ne 'Undefined' -and -not $gpo) { $gpo = $scopes[$scope] }
    }
    $detail = 'effective ' + $effective + '; ' + (@($scopes.Keys | ForEach-Object { $_ + '=' + $scopes[$_] }) -join ', ')
    $data = [ordered]@{ effective = $effective; scopes = $scopes }
    if ($gpo -eq 'AllSigned' -or $gpo -eq 'Restricted') {
        return New-ThsDoctorCheck -Id 'execution-policy' -Name '执行策略 execution policy' -State 'fail' -Detail $detail -Data $data `
            -FixZh ('组策略把执行策略设为 ' + $gpo + '，命令行的 -ExecutionPolicy Bypass 无效：请 IT 放行本项目的脚本。') `
            -FixEn ('A group policy sets the execution policy to ' + $gpo + ', which overrides -ExecutionPolicy Bypass: ask IT to allow this project''s scripts.')
    }
    if ($gpo -eq 'RemoteSigned') {
        return New-ThsDoctorCheck -Id 'execution-policy' -Name '执行策略 execution policy' -State 'warn' -Detail $detail -Data $data `
            -FixZh '组策略为 RemoteSigned：从网上下载的脚本需先解除锁定（Get-ChildItem -Recurse | Unblock-File）。' `
            -FixEn 'A group policy sets RemoteSigned: unblock downloaded scripts first (Get-ChildItem -Recurse | Unblock-File).'
    }
    return New-ThsDoctorCheck -Id 'execution-policy' -Name '执行策略 execution policy' -State 'pass' -Detail ($detail + ' (the worker runs with -ExecutionPolicy Bypass)') -Data $data
}

function Test-ThsDoctorSession {
    <#
    .SYNOPSIS
    The Windows session from .NET and the environment (read only): Session 0 or a non-interactive process fails
    (no desktop), RDP warns, the console passes. Locked is whether the screen is locked, read by the caller through the
    port (Get-PortSessionLocked; $null when it cannot be told or the port did not start): reported (true / false /
    "unknown") without changing the state, since window messages keep working on a locked screen. SessionName is the
    SESSIONNAME variable, read by the entry script (the module reads no environment variable).
    #>
    param([string]$SessionName = '', $Locked = $null)
    $name = '会话 session'
    $locked = $Locked
    $lockedText = 'unknown'
    if ($locked -eq $true) { $lockedText = 'yes (window messages keep working)' } elseif ($locked -eq $false) { $lockedText = 'no' }
    if ($null -eq $locked) { $locked = 'unknown' }
    if ([Environment]::OSVersion.Platform -ne [PlatformID]::Win32NT) {
        return New-ThsDoctorCheck -Id 'session' -Name $name -State 'warn' -Detail ('not Windows (' + [Environment]::OSVersion.VersionString + '): no Windows session to check; locked: ' + $lockedText) `
            -FixZh '在交易电脑（Windows）上运行本检查。' -FixEn 'Run this check on the trading PC (Windows).' -Data ([ordered]@{ windows = $false; locked = $locked })
    }
    $sessionId = [int][System.Diagnostics.Process]::GetCurrentProcess().SessionId
    $sessionName = $SessionName
    $interactive = [bool][Environment]::UserInteractive
    $kind = 'unknown'
    if ($sessionId -eq 0) { $kind = 'session0' } elseif ($sessionName -like 'Console*') { $kind = 'console' } elseif ($sessionName -like 'RDP-*') { $kind = 'rdp' }
    $data = [ordered]@{ windows = $true; sessionId = $sessionId; sessionName = $sessionName; interactive = $interactive; kind = $kind; locked = $locked }
    $detail = 'session ' + $sessionId + ' (' + $kind + ', SESSIONNAME=' + $sessionName + ', interactive ' + $interactive + '); locked: ' + $lockedText
    if ($kind -eq 'session0' -or -not $interactive) {
        return New-ThsDoctorCheck -Id 'session' -Name $name -State 'fail' -Detail $detail -Data $data `
            -FixZh '会话 0（Windows 服务或“不管用户是否登录都运行”的计划任务）没有桌面，无法操作交易窗口：请在已登录用户的桌面会话中运行。' `
            -FixEn 'Session 0 (a Windows service or a "run whether the user is logged on or not" task) has no desktop: run in the logged-on user''s desktop session.'
    }
    if ($kind -eq 'rdp') {
        return New-ThsDoctorCheck -Id 'session' -Name $name -State 'warn' -Detail $detail -Data $data `
            -FixZh '远程桌面会话：断开（而不是注销）后窗口消息仍可用，但请勿注销；需要时用 tscon 把会话切回控制台。' `
            -FixEn 'Remote Desktop session: window messages keep working when it is disconnected (not logged off); use tscon to move it to the console if needed.'
    }
    if ($kind -eq 'unknown') {
        return New-ThsDoctorCheck -Id 'session' -Name $name -State 'warn' -Detail $detail -Data $data `
            -FixZh '无法判断会话类型（没有 SESSIONNAME）：请确认在已登录用户的桌面上运行。' -FixEn 'The session type is unknown (no SESSIONNAME): make sure this runs on the logged-on user''s desktop.'
    }
    return New-ThsDoctorCheck -Id 'session' -Name $name -State 'pass' -Detail $detail -Data $data
}
