# Doctor.ps1 - `npm run doctor` (ps/ThsDoctor.ps1, docs/doctor.md): assembles the read-only report of the trading PC
# from the checks in ../Private/Doctor*.ps1 (pass / warn / fail, the fix in Chinese then English) and, with -DumpFile,
# the window dump (WindowDump.ps1). Only window-port primitives and the worker's own window functions; the only
# messages sent to the client are the page commands (WM_COMMAND with a page id: opening a page changes nothing).

function Invoke-ThsDoctor {
    <#
    .SYNOPSIS
    The doctor's checks, read only (docs/doctor.md): PowerShell, language mode, execution policy, session, the xiadan
    windows, the main window, the pages, the funds labels, the variants a read can tell, xiadan.ini; with -DumpFile
    also writes the window dump. Returns the checks (@{ id; name; state; detail; fix; data }).
    .PARAMETER DumpFile
    Where to write the window tree of the client's processes (account numbers masked).
    .PARAMETER SessionName
    The SESSIONNAME environment variable (Console, RDP-Tcp#n), which ps/ThsDoctor.ps1 passes on.
    .EXAMPLE
    Import-Module ./ps/ThsWorker/ThsWorker.psd1; Initialize-ThsWorker -Backend Sim; Invoke-ThsDoctor | ForEach-Object { $_.state + ' ' + $_.id }
    #>
    [CmdletBinding()]
    param([string]$DumpFile = '', [string]$SessionName = '')
    $checks = [System.Collections.ArrayList]::new()
    [void]$checks.Add((Test-ThsDoctorPowerShell))
    [void]$checks.Add((Test-ThsDoctorLanguageMode))
    [void]$checks.Add((Test-ThsDoctorExecutionPolicy))
    $port = Initialize-ThsBackend   # before the session check: the screen lock is read through the port
    $locked = $null
    if ($port.Ok) { $locked = Get-PortSessionLocked }
    [void]$checks.Add((Test-ThsDoctorSession -SessionName $SessionName -Locked $locked))
    if (-not $port.Ok) {
        [void]$checks.Add((New-ThsDoctorCheck -Id 'window-port' -Name '窗口端口 window port' -State 'fail' -Detail ([string]$port.Reason) `
                    -FixZh '窗口端口无法启动，其余检查跳过：见上面的原因。' -FixEn 'The window port could not start and the other checks are skipped: see the reason.'))
        return $checks.ToArray()
    }
    [void]$checks.Add((New-ThsDoctorCheck -Id 'window-port' -Name '窗口端口 window port' -State 'pass' -Detail ('backend ' + $script:ThsOptions.Backend)))
    $candidates = Get-ThsDoctorCandidates
    [void]$checks.Add((Test-ThsDoctorWindows -Candidates $candidates))
    $mainCheck = Test-ThsDoctorMainWindow
    [void]$checks.Add($mainCheck.Check)
    $main = $mainCheck.Main
    $pages = @()
    if ($null -ne $main) {
        $pageCheck = Test-ThsDoctorPages
        [void]$checks.Add($pageCheck.Check)
        $pages = @($pageCheck.Pages)
        [void]$checks.Add((Test-ThsDoctorFunds))
        foreach ($c in (Test-ThsDoctorVariants -Main $main)) { [void]$checks.Add($c) }
        [void]$checks.Add((Test-ThsDoctorIni -Main $main))
    } else {
        foreach ($id in @('pages', 'funds', 'captcha', 'result-display', 'broker-link', 'xiadan-ini')) {
            [void]$checks.Add((New-ThsDoctorCheck -Id $id -Name $id -State 'warn' -Detail 'not checked: no main window'))
        }
    }
    if ($DumpFile) {
        $ids = @($candidates | ForEach-Object { [int64]$_.processId })
        $mainHandle = [int64]0
        if ($null -ne $main) { $mainHandle = [int64]$main.Handle; $ids = @($ids + @([int64]$main.ProcessId)) }
        try {
            $count = Export-ThsWindowDump -Path $DumpFile -ProcessIds $ids -Main $mainHandle -Pages $pages
            [void]$checks.Add((New-ThsDoctorCheck -Id 'dump' -Name '窗口树 window dump' -State 'pass' -Detail ([string]$count + ' windows written to ' + $DumpFile + ' (account numbers masked)') -Data ([ordered]@{ path = $DumpFile; windows = $count })))
        } catch {
            $err = $_
            [void]$checks.Add((New-ThsDoctorCheck -Id 'dump' -Name '窗口树 window dump' -State 'fail' -Detail ('could not write ' + $DumpFile + ': ' + $err.Exception.Message) `
                        -FixZh '请换一个可写的路径。' -FixEn 'Choose a writable path.'))
        }
    }
    return $checks.ToArray()
}
