# WindowCache.Tests.ps1 - the handles the worker keeps between commands (Window.ps1, BrokerLink.ps1): a form page
# found once (a grid page: once its header fit) is checked cheaply (exists, visible, under the page container) instead
# of walking the whole window tree,
# and the status bar likewise; a handle that no longer holds is forgotten and the tree walked again; the main window
# is checked once per request; a cash client's window is walked for a credit tree once, and again only when it holds
# other windows than at that walk. On the simulated
# client; every Get-PortChildWindows call is recorded (which window's descendants were listed) and passed through.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../../ps/ThsWorker/ThsWorker.psd1') -Force
    $script:state = Join-Path ([System.IO.Path]::GetTempPath()) ('ths-pester-' + [Guid]::NewGuid().ToString('N') + '.json')
    Initialize-ThsWorker -Backend Sim -SimState $script:state
    $global:ThsWalks = New-Object System.Collections.Generic.List[int64]
    $global:ThsListChildren = InModuleScope ThsWorker { $script:ThsPortModule.ExportedFunctions['Get-PortChildWindows'] }
    Mock -ModuleName ThsWorker Get-PortChildWindows { $global:ThsWalks.Add([int64]$Handle); & $global:ThsListChildren -Handle $Handle }
    function Invoke-Balance {
        $global:ThsWalks.Clear()
        $r = Invoke-ThsRequest -Line '{"id":1,"cmd":"balance"}'
        $r.ok | Should -BeTrue
        return $r
    }
    function Get-Main { InModuleScope ThsWorker { [int64]$script:ThsMain.Handle } }
    function Get-FundsPage { InModuleScope ThsWorker { [int64]$script:ThsPageHandles[$script:PAGE_FUNDS].Page } }
    # The handle kept for the orders (168) or trades (167) page, 0 when none.
    function Get-GridPage([string]$Cmd) {
        InModuleScope ThsWorker -Parameters @{ C = $Cmd } {
            param($C)
            $id = $script:PAGE_ORDERS
            if ($C -eq 'trades') { $id = $script:PAGE_TRADES }
            $k = $script:ThsPageHandles[$id]
            if ($null -eq $k) { return [int64]0 }
            [int64]$k.Page
        }
    }
}

AfterAll {
    Remove-Module ThsWorker -ErrorAction SilentlyContinue
    Remove-Variable -Name ThsWalks, ThsListChildren, ThsInfos, ThsWindowInfo -Scope Global -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $script:state -Force -ErrorAction SilentlyContinue
}

Describe 'the window handles kept between commands' {
    BeforeEach {
        InModuleScope ThsWorker { Reset-ThsWindowCache }
    }

    It 'walks the window tree on the first balance only: the next one lists the funds page it found, nothing else' {
        $first = Invoke-Balance
        @($global:ThsWalks) | Should -Contain (Get-Main)
        $second = Invoke-Balance
        @($global:ThsWalks) | Should -Be @(Get-FundsPage)
        $second.result.entries | Should -Be $first.result.entries
    }

    It 'forgets a page handle that no longer exists and finds the page by walking the tree again' {
        [void](Invoke-Balance)
        $good = Get-FundsPage
        InModuleScope ThsWorker { $script:ThsPageHandles[$script:PAGE_FUNDS].Page = [int64]987654 }
        $r = Invoke-Balance
        @($global:ThsWalks) | Should -Contain (Get-Main)
        $r.result.entries[0][1] | Should -Be '108328.65'
        Get-FundsPage | Should -Be $good
    }

    It 'does not take a hidden page for the one asked: a kept handle of another (hidden) page falls back to the walk' {
        $sell = Invoke-ThsRequest -Line '{"id":2,"cmd":"order","args":{"side":"sell","code":"600160","price":21.21,"amount":100}}'
        $sell.ok | Should -BeTrue
        $sellPage = InModuleScope ThsWorker { [int64]$script:ThsPageHandles[$script:PAGE_SELL].Page }
        $sellPage | Should -BeGreaterThan 0
        [void](Invoke-Balance)   # the sell page is hidden now
        InModuleScope ThsWorker -Parameters @{ P = $sellPage } { param($P) $script:ThsPageHandles[$script:PAGE_FUNDS].Page = [int64]$P }
        $r = Invoke-Balance
        @($global:ThsWalks) | Should -Contain (Get-Main)
        @($global:ThsWalks) | Should -Not -Contain $sellPage
        $r.result.entries[0] | Should -Be @('资金余额', '108328.65')
        Get-FundsPage | Should -Not -Be $sellPage
    }

    It 'walks the window tree at the first read of each grid page only: then orders and trades list their own page, nothing else' {
        foreach ($cmd in 'orders', 'trades') {
            $global:ThsWalks.Clear()
            (Invoke-ThsRequest -Line ('{"id":1,"cmd":"' + $cmd + '"}')).ok | Should -BeTrue
            @($global:ThsWalks) | Should -Contain (Get-Main)
        }
        $orders = Get-GridPage 'orders'
        $trades = Get-GridPage 'trades'
        $orders | Should -BeGreaterThan 0
        $trades | Should -Not -Be $orders
        foreach ($round in 1, 2) {
            foreach ($cmd in 'orders', 'trades') {
                $global:ThsWalks.Clear()
                $r = Invoke-ThsRequest -Line ('{"id":1,"cmd":"' + $cmd + '"}')
                $r.ok | Should -BeTrue
                @($r.result.columns) | Should -Contain '合同编号'
                @($global:ThsWalks) | Should -Be @(Get-GridPage $cmd) -Because "$cmd, round $round"
            }
        }
    }

    It 'walks none of the main window for the journal''s snapshot and the buy after it, once both pages were found' {
        $snapshot = '{"id":1,"cmd":"orders","args":{"only":["合同编号","证券代码"]}}'
        $buy = '{"id":2,"cmd":"order","args":{"side":"buy","code":"600160","price":"23.00","amount":100}}'
        # The first buy builds the buy page: the main window then holds other windows, so the second buy's credit-tree
        # check walks it once more (0c16594); from the third on, nothing walks it.
        foreach ($round in 1, 2, 3, 4) {
            $global:ThsWalks.Clear()
            (Invoke-ThsRequest -Line $snapshot).ok | Should -BeTrue
            (Invoke-ThsRequest -Line $buy).ok | Should -BeTrue
            if ($round -eq 1) { @($global:ThsWalks) | Should -Contain (Get-Main) }
            if ($round -ge 3) { @($global:ThsWalks) | Should -Not -Contain (Get-Main) -Because "round $round" }
        }
    }

    It 'forgets a kept grid page that no longer exists and finds the page by walking the tree again' {
        [void](Invoke-ThsRequest -Line '{"id":1,"cmd":"orders"}')
        $good = Get-GridPage 'orders'
        InModuleScope ThsWorker { $script:ThsPageHandles[$script:PAGE_ORDERS].Page = [int64]987657 }
        $global:ThsWalks.Clear()
        (Invoke-ThsRequest -Line '{"id":1,"cmd":"orders"}').ok | Should -BeTrue
        @($global:ThsWalks) | Should -Contain (Get-Main)
        Get-GridPage 'orders' | Should -Be $good
    }

    It 'forgets a kept grid page whose grid shows another page''s header, and never takes it for that page again' {
        [void](Invoke-ThsRequest -Line '{"id":1,"cmd":"orders"}')
        $kept = Get-GridPage 'orders'
        Mock -ModuleName ThsWorker Test-ThsGridHeader { $false } -ParameterFilter { $PageId -eq 168 }
        $r = Invoke-ThsRequest -Line '{"id":1,"cmd":"orders"}'
        $r.error.code | Should -Be 'page_not_found'
        InModuleScope ThsWorker { $script:ThsPageHandles.ContainsKey($script:PAGE_ORDERS) } | Should -BeFalse
        InModuleScope ThsWorker -Parameters @{ K = $kept } { param($K) $script:ThsPageIds[[int64]$K] } | Should -Be -1
    }

    It 'finds the status bar again when the handle kept for it is gone' {
        [void](Invoke-Balance)
        $bar = InModuleScope ThsWorker { [int64]$script:ThsStatusBar.Handle }
        $bar | Should -BeGreaterThan 0
        InModuleScope ThsWorker { $script:ThsStatusBar.Handle = [int64]987655 }
        [void](Invoke-Balance)
        @($global:ThsWalks) | Should -Contain (Get-Main)
        (InModuleScope ThsWorker { [int64]$script:ThsStatusBar.Handle }) | Should -Be $bar
    }

    It 'checks the main window once per request (the page switch takes the prologue''s check), and at every ask by hand' {
        [void](Invoke-Balance)
        $main = Get-Main
        $global:ThsInfos = New-Object System.Collections.Generic.List[int64]
        $global:ThsWindowInfo = InModuleScope ThsWorker { $script:ThsPortModule.ExportedFunctions['Get-PortWindowInfo'] }
        Mock -ModuleName ThsWorker Get-PortWindowInfo { $global:ThsInfos.Add([int64]$Handle); & $global:ThsWindowInfo -Handle $Handle }
        [void](Invoke-Balance)
        @($global:ThsInfos | Where-Object { $_ -eq $main }).Count | Should -Be 1
        $global:ThsInfos.Clear()
        [void](Invoke-Balance)
        @($global:ThsInfos | Where-Object { $_ -eq $main }).Count | Should -Be 1   # the next request checks again
        $global:ThsInfos.Clear()
        InModuleScope ThsWorker { [void](Get-ThsMainWindow); [void](Get-ThsMainWindow) }
        @($global:ThsInfos | Where-Object { $_ -eq $main }).Count | Should -Be 2
    }

    It 'looks for the main window again in the next request when the one kept is gone' {
        [void](Invoke-Balance)
        $main = Get-Main
        InModuleScope ThsWorker { $script:ThsMain.Handle = [int64]987656 }
        $r = Invoke-Balance
        $r.result.entries[0] | Should -Be @('资金余额', '108328.65')
        Get-Main | Should -Be $main
    }
}

Describe 'the credit tree, or its absence, kept between orders' {
    BeforeEach {
        InModuleScope ThsWorker { Reset-ThsWindowCache }
    }

    It 'Get-PortDescendantHandles lists the handles Get-PortChildWindows lists, in its order, and none for a window that does not exist' {
        [void](Invoke-Balance)
        $port = InModuleScope ThsWorker { $script:ThsPortModule }
        $main = Get-Main
        $handles = & $port { param($h) Get-PortDescendantHandles -Handle $h } $main   # one [int64[]], as Get-PortTexts
        $handles.Count | Should -BeGreaterThan 2
        $handles | Should -Be @(& $global:ThsListChildren -Handle $main | ForEach-Object { [int64]$_.Handle })
        (& $port { Get-PortDescendantHandles -Handle 987657 }).Count | Should -Be 0
    }

    It 'walks a cash client''s main window for a credit tree at the first order only, while it holds the same windows' {
        $sell = '{"id":3,"cmd":"order","args":{"side":"sell","code":"600160","price":21.21,"amount":100}}'
        $global:ThsWalks.Clear()
        (Invoke-ThsRequest -Line $sell).ok | Should -BeTrue
        @($global:ThsWalks) | Should -Contain (Get-Main)
        $global:ThsWalks.Clear()
        (Invoke-ThsRequest -Line $sell).ok | Should -BeTrue
        @($global:ThsWalks) | Should -Not -Contain (Get-Main)
        (InModuleScope ThsWorker { Get-ThsCreditTreeCached -Main ([int64]$script:ThsMain.Handle) }) | Should -Be 0
    }

    It 'walks again once the main window holds a window more: a credit tree built late beside the plain one is client_ambiguous, nothing placed' {
        $sell = '{"id":4,"cmd":"order","args":{"side":"sell","code":"600160","price":21.21,"amount":100}}'
        (Invoke-ThsRequest -Line $sell).ok | Should -BeTrue   # no credit tree, remembered
        $sim = InModuleScope ThsWorker { & $script:ThsPortModule { Get-Module ThsSimClient } }
        $main = Get-Main
        $tree = & $sim { param($m) New-SimWindow -Parent $m -ClassName 'SysTreeView32' -ControlId 513 } $main
        try {
            $orders = @((Invoke-ThsRequest -Line '{"id":5,"cmd":"orders"}').result.rows).Count
            $global:ThsWalks.Clear()
            $r = Invoke-ThsRequest -Line $sell
            $r.ok | Should -BeFalse
            $r.error.code | Should -Be 'client_ambiguous'
            @($global:ThsWalks) | Should -Contain $main
            @((Invoke-ThsRequest -Line '{"id":6,"cmd":"orders"}').result.rows).Count | Should -Be $orders
        } finally {
            & $sim { param($t) Remove-SimWindow -Id $t } $tree
        }
    }
}
