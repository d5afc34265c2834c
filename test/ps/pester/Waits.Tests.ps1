# Waits.Tests.ps1 - how long the worker sleeps between two polls of a bounded wait (Wait-ThsTick, Window.ps1): a
# wait's first polls POLL_FIRST_MS, then half of what it has waited, at most POLL_INTERVAL_MS. Sleeps are recorded by a
# mocked Start-Sleep; a grid copy's wait runs on a fake clock that each sleep advances, so no test depends on time.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../../ps/ThsWorker/ThsWorker.psd1') -Force
    Initialize-ThsWorker -Backend Sim -SimState (Join-Path ([System.IO.Path]::GetTempPath()) ('ths-pester-' + [Guid]::NewGuid().ToString('N') + '.json'))   # the port's functions, to mock
    # A deadline whose clock reads $global:ThsPesterNow ms, as New-ThsDeadline returns one.
    function New-FakeDeadline([int]$Ms) {
        $clock = [pscustomobject]@{}
        $clock | Add-Member -MemberType ScriptProperty -Name ElapsedMilliseconds -Value { [int64]$global:ThsPesterNow }
        return @{ Watch = $clock; Ms = $Ms }
    }
    $script:First = InModuleScope ThsWorker { $script:POLL_FIRST_MS }
    $script:Longest = InModuleScope ThsWorker { $script:POLL_INTERVAL_MS }
}

AfterAll {
    Remove-Module ThsWorker -ErrorAction SilentlyContinue
    Remove-Variable -Name ThsPesterNow, ThsPesterSleeps -Scope Global -ErrorAction SilentlyContinue
}

Describe 'Wait-ThsTick' {
    BeforeEach {
        $global:ThsPesterNow = 0
        $global:ThsPesterSleeps = [System.Collections.Generic.List[int]]::new()
        Mock -ModuleName ThsWorker Start-Sleep { $global:ThsPesterSleeps.Add([int]$Milliseconds); $global:ThsPesterNow += [int]$Milliseconds }
    }

    It 'sleeps <Sleep> ms after <Waited> ms of a wait (half of it, between POLL_FIRST_MS and POLL_INTERVAL_MS)' -TestCases @(
        @{ Waited = 0; Sleep = 1 }, @{ Waited = 3; Sleep = 1 }, @{ Waited = 4; Sleep = 2 }, @{ Waited = 7; Sleep = 3 },
        @{ Waited = 9; Sleep = 4 }, @{ Waited = 10; Sleep = 5 }, @{ Waited = 2500; Sleep = 5 }
    ) {
        $First | Should -Be 1
        $Longest | Should -Be 5
        $global:ThsPesterNow = $Waited
        $d = New-FakeDeadline 3000
        InModuleScope ThsWorker -Parameters @{ D = $d } { param($D) Wait-ThsTick -Deadline $D }
        @($global:ThsPesterSleeps) | Should -Be @($Sleep)
    }

    It 'sleeps POLL_INTERVAL_MS when called without a deadline (an operator''s loop)' {
        InModuleScope ThsWorker { Wait-ThsTick }
        @($global:ThsPesterSleeps) | Should -Be @($Longest)
    }

    It 'counts each sleep as a tick and its time as waiting in the port profile' {
        InModuleScope ThsWorker { $script:ThsPortProfile = @{ Ticks = 0; Wait = [System.Diagnostics.Stopwatch]::new() } }
        try {
            $d = New-FakeDeadline 3000
            InModuleScope ThsWorker -Parameters @{ D = $d } { param($D) Wait-ThsTick -Deadline $D; Wait-ThsTick -Deadline $D }
            InModuleScope ThsWorker { $script:ThsPortProfile.Ticks } | Should -Be 2
            InModuleScope ThsWorker { $script:ThsPortProfile.Wait.IsRunning } | Should -BeFalse
            @($global:ThsPesterSleeps) | Should -Be @(1, 1)
        } finally {
            InModuleScope ThsWorker { $script:ThsPortProfile = $null }
        }
    }
}

Describe 'a grid copy''s wait (Wait-ThsGridClipboard)' {
    BeforeEach {
        $global:ThsPesterNow = 0
        $global:ThsPesterSleeps = [System.Collections.Generic.List[int]]::new()
        Mock -ModuleName ThsWorker Start-Sleep { $global:ThsPesterSleeps.Add([int]$Milliseconds); $global:ThsPesterNow += [int]$Milliseconds }
        Mock -ModuleName ThsWorker New-ThsDeadline { New-FakeDeadline $Milliseconds }
        Mock -ModuleName ThsWorker Get-ThsPopups { , @() }
        Mock -ModuleName ThsWorker Get-PortClipboardText { "合同编号`t证券代码`r`n1`t600160" }
    }

    It 'sees a copy that lands 2 ms after the command at 2 ms (two 1 ms polls), not at the next 5 ms poll' {
        Mock -ModuleName ThsWorker Get-PortClipboardSequence { if ($global:ThsPesterNow -ge 2) { [uint32]8 } else { [uint32]7 } }
        $r = InModuleScope ThsWorker { Wait-ThsGridClipboard -Before 7 -ProcessId 1 }
        $r.Text | Should -Match '600160'
        @($global:ThsPesterSleeps) | Should -Be @(1, 1)
    }

    It 'polls a copy that never lands at most every POLL_INTERVAL_MS, up to CLIPBOARD_TIMEOUT_MS, and then fails naming it' {
        Mock -ModuleName ThsWorker Get-PortClipboardSequence { [uint32]7 }
        $timeout = InModuleScope ThsWorker { $script:CLIPBOARD_TIMEOUT_MS }
        $err = $null
        try { InModuleScope ThsWorker { Wait-ThsGridClipboard -Before 7 -ProcessId 1 } } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.Exception.Message | Should -Match 'clipboard_failed|剪贴板'
        $err.Exception.Message | Should -Match ([string]$timeout)
        $s = @($global:ThsPesterSleeps)
        $s[0] | Should -Be 1
        ($s | Measure-Object -Maximum).Maximum | Should -Be 5
        for ($i = 1; $i -lt $s.Count; $i++) { $s[$i] | Should -BeGreaterOrEqual $s[$i - 1] }
        $global:ThsPesterNow | Should -BeGreaterOrEqual $timeout
        $global:ThsPesterNow | Should -BeLessThan ($timeout + 5)
        # a fixed 5 ms poll would be 600 sleeps; the short first ones add a handful
        $s.Count | Should -BeLessThan 610
    }
}
