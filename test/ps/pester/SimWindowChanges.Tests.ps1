# SimWindowChanges.Tests.ps1 - the simulated client says which windows changed since a revision (Get-SimWindowChanges,
# what the Win32 rig's controller mirrors at every message): around each of the worker's commands on the simulated
# client, every window created or changed in what the double shows (text, visibility, status-bar parts, tree items) is
# among the changed ones, as Get-SimWindows has it, and a destroyed one is gone from the ids; the revision never goes
# back, a rebuilt tree included.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../../ps/ThsWorker/ThsWorker.psd1') -Force
    $script:state = Join-Path ([System.IO.Path]::GetTempPath()) ('ths-pester-' + [Guid]::NewGuid().ToString('N') + '.json')
    Initialize-ThsWorker -Backend Sim -SimState $script:state
    $port = & (Get-Module ThsWorker) { $script:ThsPortModule }
    $script:sim = & $port { Get-Module ThsSimClient }

    # Every window as Get-SimWindows copies it, by id, as JSON text (what the double could show of it).
    function Get-ShownById {
        $byId = [ordered]@{}
        foreach ($w in @(& $script:sim { Get-SimWindows })) { $byId[[string]$w.Id] = (ConvertTo-Json -InputObject $w -Compress -Depth 6) }
        return $byId
    }

    # Runs a worker request; fails the test when the worker did not answer ok.
    function Invoke-Line {
        param([string]$Line)
        $r = Invoke-ThsRequest -Line $Line
        if (-not $r.ok) { throw ('request failed: ' + $Line + ' -> ' + (ConvertTo-Json -InputObject $r -Compress -Depth 6)) }
    }
}

AfterAll {
    Remove-Module ThsWorker -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $script:state -Force -ErrorAction SilentlyContinue
}

Describe 'Get-SimWindowChanges' {
    It 'gives every window, as Get-SimWindows has them, since -1; none since the revision now' {
        Invoke-Line '{"id":1,"cmd":"balance","args":{}}'
        $all = @(& $script:sim { Get-SimWindows })
        $delta = & $script:sim { Get-SimWindowChanges -Since -1 }
        (ConvertTo-Json -InputObject @($delta.Changed) -Compress -Depth 6) | Should -Be (ConvertTo-Json -InputObject $all -Compress -Depth 6)
        @($delta.Ids) | Should -Be @($all | ForEach-Object { [int64]$_.Id })
        $now = & $script:sim { param($r) Get-SimWindowChanges -Since $r } $delta.Revision
        @($now.Changed).Count | Should -Be 0
        @($now.Ids).Count | Should -Be $all.Count
    }

    It 'lists every window a <What> created or changed, and drops the destroyed ones' -ForEach @(
        # each of these shows another page than the one before it, so some window changes
        @{ What = 'buy'; Line = '{"id":4,"cmd":"order","args":{"side":"buy","code":"600160","price":"23.00","amount":100}}' }
        @{ What = 'today''s orders read'; Line = '{"id":5,"cmd":"orders","args":{}}' }
        @{ What = 'cancel of all'; Line = '{"id":6,"cmd":"cancel","args":{"scope":"all"}}' }
        @{ What = 'sell'; Line = '{"id":7,"cmd":"order","args":{"side":"sell","code":"601212","price":"3.40","amount":100}}' }
        @{ What = 'trades read'; Line = '{"id":8,"cmd":"trades","args":{}}' }
        @{ What = 'funds read'; Line = '{"id":2,"cmd":"balance","args":{}}' }
        # the buy page again, its labels (name, prices, 最大可买) now of another code
        @{ What = 'buy of another code'; Line = '{"id":9,"cmd":"order","args":{"side":"buy","code":"601212","price":"3.40","amount":100}}' }
    ) {
        $before = Get-ShownById
        $rev = & $script:sim { Get-SimRevision }
        Invoke-Line $Line
        $after = Get-ShownById
        $delta = & $script:sim { param($r) Get-SimWindowChanges -Since $r } $rev
        [int64]$delta.Revision | Should -BeGreaterThan ([int64]$rev)
        @($delta.Ids | ForEach-Object { [string]$_ }) | Should -Be @($after.Keys)
        $changed = @{}
        foreach ($w in @($delta.Changed)) { $changed[[string]$w.Id] = (ConvertTo-Json -InputObject $w -Compress -Depth 6) }
        $differs = @($after.Keys | Where-Object { -not $before.Contains($_) -or $before[$_] -cne $after[$_] })
        $differs.Count | Should -BeGreaterThan 0
        foreach ($id in $differs) {
            $changed.ContainsKey($id) | Should -BeTrue -Because ('window ' + $id + ' changed: ' + $after[$id])
            $changed[$id] | Should -BeExactly $after[$id]
        }
        foreach ($id in @($before.Keys | Where-Object { -not $after.Contains($_) })) { @($delta.Ids) | Should -Not -Contain ([int64]$id) }
    }

    It 'takes a change of case only as a change: WM_SETTEXT abc then ABC shows ABC, and the edit is among the changed' {
        Invoke-Line '{"id":10,"cmd":"cancel","args":{"scope":"all"}}'   # the cancel page and its code filter edit exist
        $edit = @(& $script:sim { Get-SimWindows } | Where-Object { $_.ClassName -eq 'Edit' -and $_.ControlId -eq 3348 })[0]
        $edit | Should -Not -BeNullOrEmpty
        [void](& $script:sim { param($id) Invoke-SimMessage -Id $id -Message 0x000C -LParam 'abc' } $edit.Id)
        $rev = & $script:sim { Get-SimRevision }
        [void](& $script:sim { param($id) Invoke-SimMessage -Id $id -Message 0x000C -LParam 'ABC' } $edit.Id)
        (& $script:sim { param($id) Get-SimWindow -Id $id } $edit.Id).Text | Should -BeExactly 'ABC'
        $delta = & $script:sim { param($r) Get-SimWindowChanges -Since $r } $rev
        @($delta.Changed | ForEach-Object { [int64]$_.Id }) | Should -Contain ([int64]$edit.Id)
    }

    It 'counts on across a rebuilt tree: every window of the new tree is changed since a revision of the old one' {
        $rev = & $script:sim { Get-SimRevision }
        & $script:sim { Initialize-SimWindowTree }
        $delta = & $script:sim { param($r) Get-SimWindowChanges -Since $r } $rev
        [int64]$delta.Revision | Should -BeGreaterThan ([int64]$rev)
        @($delta.Changed).Count | Should -Be @($delta.Ids).Count
        @($delta.Ids).Count | Should -BeGreaterThan 0
    }
}
