# Clients.Tests.ps1 - the worker's side of --discover on the simulated port (Clients.ps1): every trading window listed
# with its process, title and kind; a client told apart by the shareholder accounts (股东帐户) of its positions grid,
# else of its today's orders, else not at all; the worker's own binding kept through an identification, even a failed
# one; and a worker moved to another process (Set-ThsClientBinding) driving only that one. Under Wine with several
# real windows: test/e2e/discover.test.ts.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../../ps/ThsWorker/ThsWorker.psd1') -Force
    $script:Sample = Join-Path $PSScriptRoot '../../../ps/sim/sample-state.json'
    # A copy of the sample state, edited: the simulated client of one test.
    function New-TestState {
        param([scriptblock]$Edit)
        $state = Get-Content -Raw -Encoding UTF8 -Path $script:Sample | ConvertFrom-Json
        if ($null -ne $Edit) { & $Edit $state }
        $file = Join-Path ([System.IO.Path]::GetTempPath()) ('ths-clients-' + [guid]::NewGuid().ToString('N') + '.json')
        [System.IO.File]::WriteAllText($file, ($state | ConvertTo-Json -Depth 20), (New-Object System.Text.UTF8Encoding($false)))
        return $file
    }
    # The simulated client's process id, as the port shows its main window.
    function Get-SimClientPid {
        return [int64](@(Get-ThsClients)[0].pid)
    }
}

AfterAll {
    Remove-Module ThsWorker -ErrorAction SilentlyContinue
}

Describe 'Get-ThsClients' {
    It 'lists the trading window with its process, title and kind' {
        Initialize-ThsWorker -Backend Sim -SimState (New-TestState)
        $list = @(Get-ThsClients)
        $list.Count | Should -Be 1
        $list[0].title | Should -Be '网上股票交易系统5.0'
        $list[0].credit | Should -BeFalse
        $list[0].pid | Should -BeGreaterThan 0
    }

    It 'lists it even when this worker is bound to another process, and tells a credit client by its tree 513' {
        Initialize-ThsWorker -Backend Sim -SimState (New-TestState { param($s) $s.account | Add-Member -NotePropertyName type -NotePropertyValue 'credit' -Force }) -ClientPid 999999
        $list = @(Get-ThsClients)
        $list.Count | Should -Be 1
        $list[0].credit | Should -BeTrue
    }
}

Describe 'Get-ThsClientIdentity' {
    It 'reads the shareholder accounts of the positions grid' {
        Initialize-ThsWorker -Backend Sim -SimState (New-TestState)
        $id = Get-ThsClientIdentity -ProcessId (Get-SimClientPid)
        $id.from | Should -Be 'positions'
        @($id.shareholders | Sort-Object) | Should -Be @('0123456789', 'A123456789')
    }

    It 'reads today''s orders when there is no position' {
        Initialize-ThsWorker -Backend Sim -SimState (New-TestState { param($s) $s.positions = [pscustomobject]@{} })
        # A buy at the day's low limit rests: an order row, no position.
        $placed = Invoke-ThsOrder -Side Buy -Code '600160' -Price '21.21' -Amount '100'
        $placed.success | Should -BeTrue
        @((Get-ThsPosition).Rows).Count | Should -Be 0
        $id = Get-ThsClientIdentity -ProcessId (Get-SimClientPid)
        $id.from | Should -Be 'orders'
        @($id.shareholders) | Should -Be @('A123456789')
    }

    It 'tells nothing when neither grid has a row' {
        Initialize-ThsWorker -Backend Sim -SimState (New-TestState { param($s) $s.positions = [pscustomobject]@{}; $s.orders = @(); $s.trades = @() })
        $id = Get-ThsClientIdentity -ProcessId (Get-SimClientPid)
        $id.shareholders.Count | Should -Be 0
        $id.from | Should -BeNullOrEmpty
    }

    It 'keeps the worker''s own binding afterwards, also when the process has no trading window' {
        Initialize-ThsWorker -Backend Sim -SimState (New-TestState) -ClientPid 999999
        $simPid = Get-SimClientPid
        [void](Get-ThsClientIdentity -ProcessId $simPid)
        { Get-ThsBalance } | Should -Throw -ExpectedMessage '*999999*'
        { Get-ThsClientIdentity -ProcessId 424242 } | Should -Throw -ExpectedMessage '*424242*'
        { Get-ThsBalance } | Should -Throw -ExpectedMessage '*999999*'
    }
}

Describe 'Get-ThsShareholders' {
    It 'takes the shareholder column under each name a build gives it, each value once, empty ones left out' {
        $rows = @(
            [ordered]@{ '证券代码' = '600160'; '股东账号' = 'A1' }
            [ordered]@{ '证券代码' = '000001'; '股东代码' = '01' }
            [ordered]@{ '证券代码' = '600000'; '股东帐户' = 'A1' }
            [ordered]@{ '证券代码' = '600001'; '股东帐户' = ' ' }
        )
        $found = InModuleScope ThsWorker -Parameters @{ Rows = $rows } { param($Rows) Get-ThsShareholders -Rows $Rows }
        @($found) | Should -Be @('A1', '01')
    }
}

Describe 'Set-ThsClientBinding' {
    It 'moves the worker to another process: only that process''s window is driven' {
        Initialize-ThsWorker -Backend Sim -SimState (New-TestState)
        $simPid = Get-SimClientPid
        $r = Set-ThsClientBinding -ProcessId 999999
        $r.was | Should -Be 0
        { Get-ThsBalance } | Should -Throw -ExpectedMessage '*999999*'
        $r = Set-ThsClientBinding -ProcessId $simPid
        $r.was | Should -Be 999999
        (Get-ThsBalance)['可用金额'] | Should -Be '78919.91'
    }

    It 'refuses a process id of 0 (which would mean any window)' {
        { Set-ThsClientBinding -ProcessId 0 } | Should -Throw -ExpectedMessage '*pid*'
    }

    It 'drives no window at all when bound to -1 (its client closed), until bound again' {
        Initialize-ThsWorker -Backend Sim -SimState (New-TestState)
        $simPid = Get-SimClientPid
        [void](Set-ThsClientBinding -ProcessId -1)
        { Get-ThsBalance } | Should -Throw -ExpectedMessage '*-1*'
        [void](Set-ThsClientBinding -ProcessId $simPid)
        (Get-ThsBalance)['可用金额'] | Should -Be '78919.91'
    }
}
