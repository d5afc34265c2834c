# DoctorIni.ps1 - the doctor's check of xiadan.ini: the client settings the automation depends on.

# xiadan.ini keys the automation depends on (../shared/THS-UI-FACTS.md "Client settings"): key -> the value wanted
# ('' = empty; 'large' = a number of at least DOCTOR_LOCK_TIMEOUT_MIN).
$script:DOCTOR_INI_KEYS = [ordered]@{
    GUI_ORDER_CONFIRM = 'no'; GUI_CHEDAN_CONFIRM = 'no'; GUI_LOCK_TIMEOUT = 'large'
    SET_MRJG = ''; SET_MRSL = ''; SET_MCJG = ''; SET_MCSL = ''; SET_POPUP_CJHB = 'yes'
}
$script:DOCTOR_LOCK_TIMEOUT_MIN = 1000000        # GUI_LOCK_TIMEOUT at least this: the client never locks itself

function Test-ThsDoctorIni {
    <#
    .SYNOPSIS
    Reads xiadan.ini beside the client's exe (when the process path can be read) and reports the keys the automation
    depends on (DOCTOR_INI_KEYS) and which are wrong.
    #>
    param([Parameter(Mandatory = $true)]$Main)
    $name = '客户端设置 xiadan.ini'
    $exe = Get-PortProcessPath -ProcessId ([int64]$Main.ProcessId)
    if (-not $exe) {
        return New-ThsDoctorCheck -Id 'xiadan-ini' -Name $name -State 'warn' -Detail 'could not be located: the client''s exe path cannot be read' -Data ([ordered]@{ path = $null }) `
            -FixZh '找不到 xiadan.ini：请手动检查 GUI_ORDER_CONFIRM=no、GUI_CHEDAN_CONFIRM=no、GUI_LOCK_TIMEOUT 很大、SET_MRJG/SET_MRSL/SET_MCJG/SET_MCSL 为空、SET_POPUP_CJHB=yes。' `
            -FixEn 'xiadan.ini not found: check by hand GUI_ORDER_CONFIRM=no, GUI_CHEDAN_CONFIRM=no, GUI_LOCK_TIMEOUT very large, SET_MRJG/SET_MRSL/SET_MCJG/SET_MCSL empty, SET_POPUP_CJHB=yes.'
    }
    $sep = '\'
    if ($exe -notmatch '\\') { $sep = '/' }
    $ini = $exe.Substring(0, [Math]::Max(0, $exe.LastIndexOf($sep))) + $sep + 'xiadan.ini'
    $text = Read-PortTextFile -Path $ini -Encoding gbk
    if ($null -eq $text) {
        return New-ThsDoctorCheck -Id 'xiadan-ini' -Name $name -State 'warn' -Detail ('could not be located: no readable ' + $ini) -Data ([ordered]@{ path = $ini }) `
            -FixZh '客户端目录下没有 xiadan.ini（有的版本放在用户目录）：请手动检查快速交易与弹窗设置。' -FixEn 'No xiadan.ini beside the exe (some builds keep it in the user folder): check the quick-trade and popup settings by hand.'
    }
    $values = @{}
    foreach ($line in ($text -split "`r?`n")) {
        $m = [regex]::Match($line, '^\s*([A-Za-z0-9_]+)\s*=\s*(.*?)\s*$')
        if ($m.Success -and -not $values.ContainsKey($m.Groups[1].Value.ToUpperInvariant())) { $values[$m.Groups[1].Value.ToUpperInvariant()] = $m.Groups[2].Value }
    }
    $keys = [System.Collections.ArrayList]::new()
    $wrong = [System.Collections.ArrayList]::new()
    foreach ($key in $script:DOCTOR_INI_KEYS.Keys) {
        $want = $script:DOCTOR_INI_KEYS[$key]
        $has = $values.ContainsKey($key)
        $value = $null
        if ($has) { $value = [string]$values[$key] }
        $ok = $false
        if ($has) {
            if ($want -eq 'large') {
                $n = 0L
                $ok = [int64]::TryParse($value, [ref]$n) -and $n -ge $script:DOCTOR_LOCK_TIMEOUT_MIN
            } else {
                $ok = ($value.ToLowerInvariant() -eq $want)
            }
        }
        $wanted = $want
        if ($want -eq 'large') { $wanted = '>= ' + $script:DOCTOR_LOCK_TIMEOUT_MIN } elseif ($want -eq '') { $wanted = '(empty)' }
        [void]$keys.Add([ordered]@{ key = $key; value = $value; want = $wanted; ok = $ok })
        if (-not $ok) {
            $shown = '(missing)'
            if ($has) { $shown = '"' + $value + '"' }
            [void]$wrong.Add($key + '=' + $shown + ' want ' + $wanted)
        }
    }
    $data = [ordered]@{ path = $ini; keys = $keys.ToArray() }
    if ($wrong.Count -gt 0) {
        return New-ThsDoctorCheck -Id 'xiadan-ini' -Name $name -State 'warn' -Detail ($ini + ': ' + ($wrong -join '; ')) -Data $data `
            -FixZh '请在客户端的系统设置中改为：不弹委托 / 撤单确认、不自动锁屏、不预填价格和数量、显示成交回报弹窗（改后重启客户端）。' `
            -FixEn 'In the client''s settings: no order / cancel confirmation, no auto-lock, no default price or quantity, show the result popup (restart the client after).'
    }
    return New-ThsDoctorCheck -Id 'xiadan-ini' -Name $name -State 'pass' -Detail ($ini + ': ' + $script:DOCTOR_INI_KEYS.Count + ' keys as the automation needs') -Data $data
}
