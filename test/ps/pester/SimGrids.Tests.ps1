# SimGrids.Tests.ps1 - the simulated client's orders and trades grids (SimReports.ps1): each row's text is kept and
# reused while the row and the grid's variant are unchanged, and a copy always shows the rows as they are.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../../ps/ThsSimClient/ThsSimClient.psd1') -Force
    $script:statePath = Join-Path ([System.IO.Path]::GetTempPath()) ('ths-pester-' + [Guid]::NewGuid().ToString('N') + '.json')
    Initialize-SimClient -StatePath $script:statePath -SamplePath (Join-Path $PSScriptRoot '../../../ps/sim/sample-state.json')

    # Replaces today's orders (contract numbers 4025982700 + i) and trades (one per filled order).
    function Set-Rows([string[]]$Statuses) {
        InModuleScope ThsSimClient -Parameters @{ S = $Statuses } {
            param($S)
            $script:SimState.orders = [System.Collections.ArrayList]::new()
            $script:SimState.trades = [System.Collections.ArrayList]::new()
            for ($i = 0; $i -lt $S.Count; $i++) {
                $filled = 0
                if ($S[$i] -eq 'filled') { $filled = 100 }
                if ($S[$i] -eq 'partlyCancelled') { $filled = 40 }
                [void]$script:SimState.orders.Add([ordered]@{
                        contractNo = [string](4025982700 + $i); date = '20261207'; time = '10:00:0' + $i; code = '600160'; name = '巨化股份'
                        side = 'buy'; price = '23.00'; amount = 100; filled = $filled; avgPrice = '0.00'; status = $S[$i]; exchange = 'SH'
                        shareholder = 'A123456789'; frozenCash = '0.00'; priceType = 'limit'
                    })
                if ($filled -gt 0) {
                    [void]$script:SimState.trades.Add([ordered]@{ contractNo = [string](4025982700 + $i); tradeNo = [string](9000 + $i); orderTime = '10:00:00'; time = '10:00:01'; code = '600160'; name = '巨化股份'; side = 'buy'; price = '23.00'; amount = $filled; value = '2300.00' })
                }
            }
        }
    }
    function Get-Orders { InModuleScope ThsSimClient { Get-SimOrdersText } }
    function Get-Trades { InModuleScope ThsSimClient { Get-SimTradesText } }
    # The grid's rows as maps by column (the header is the first line).
    function Split-Grid([string]$Text) {
        $lines = $Text.TrimEnd("`r", "`n").Split([string[]]@("`r`n"), [System.StringSplitOptions]::None)
        $head = $lines[0].Split("`t")
        $rows = @()
        foreach ($line in @($lines | Select-Object -Skip 1)) {
            $cells = $line.Split("`t"); $map = @{}
            for ($i = 0; $i -lt $head.Length; $i++) { $map[$head[$i]] = $cells[$i] }
            $rows += $map
        }
        return @{ Columns = $head; Rows = $rows }
    }
    # Forgets every kept row text: the next copy builds every row from scratch.
    function Clear-Kept { InModuleScope ThsSimClient { $script:SimGridLines = [System.Runtime.CompilerServices.ConditionalWeakTable[object,object[]]]::new() } }
    function Get-KeptCount {
        InModuleScope ThsSimClient {
            $n = 0
            foreach ($row in @($script:SimState.orders) + @($script:SimState.trades)) { $k = $null; if ($script:SimGridLines.TryGetValue($row, [ref]$k)) { $n++ } }
            $n
        }
    }
    function Set-Layout([string]$Value) { InModuleScope ThsSimClient -Parameters @{ V = $Value } { param($V) $script:SimState.client.ordersGrid = $V } }
}

AfterAll {
    Remove-Module ThsSimClient -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $script:statePath -ErrorAction SilentlyContinue
}

Describe 'Get-SimOrdersText / Get-SimTradesText' {
    AfterEach { Set-Layout 'classic' }

    It 'keeps every row text after a copy, and a copy from kept texts equals one built from scratch' {
        Set-Rows @('filled', 'reported', 'cancelled', 'partlyCancelled')
        Clear-Kept
        $orders = Get-Orders
        $trades = Get-Trades
        Get-KeptCount | Should -Be 6   # 4 orders + 2 trades
        Get-Orders | Should -BeExactly $orders
        Get-Trades | Should -BeExactly $trades
        (Split-Grid $orders).Rows.Count | Should -Be 4
        (Split-Grid $trades).Rows[1]['成交数量'] | Should -BeExactly '40'
    }

    It 'shows an order as it is at each copy: a fill changes its row at the next copy, the others stay' {
        Set-Rows @('reported', 'reported')
        $before = Split-Grid (Get-Orders)
        $before.Rows[0]['成交数量'] | Should -BeExactly '0'
        $before.Rows[0]['备注'] | Should -BeExactly '已报'
        InModuleScope ThsSimClient { $o = $script:SimState.orders[0]; $o.filled = 100; $o.avgPrice = '22.985'; $o.status = 'filled' }
        $after = Split-Grid (Get-Orders)
        $after.Rows[0]['成交数量'] | Should -BeExactly '100'
        $after.Rows[0]['成交均价'] | Should -BeExactly '22.985'
        $after.Rows[0]['备注'] | Should -BeExactly '已成'
        $after.Rows[1]['备注'] | Should -BeExactly '已报'
        $after.Rows[1]['合同编号'] | Should -BeExactly '4025982701'
    }

    It 'builds the rows again for the other layout when client.ordersGrid changes, and back' {
        Set-Rows @('partlyCancelled', 'reported')
        $classic = Get-Orders
        Set-Layout '2026'
        $g = Split-Grid (Get-Orders)
        $g.Columns | Should -Contain '撤消数量'
        $g.Rows[0]['撤消数量'] | Should -BeExactly '60'
        $g.Rows[0]['备注'] | Should -BeExactly '已报'
        $g.Rows[0]['成交均价'] | Should -BeExactly '0.000'
        Set-Layout 'classic'
        Get-Orders | Should -BeExactly $classic
        (Split-Grid $classic).Rows[0]['备注'] | Should -BeExactly '部撤'
    }

    It 'shows a trade added after a copy, and an order whose amount changed after a copy' {
        Set-Rows @('filled')
        $null = Get-Trades
        InModuleScope ThsSimClient {
            [void]$script:SimState.trades.Add([ordered]@{ contractNo = '4025982799'; tradeNo = '9999'; orderTime = '10:01:00'; time = '10:01:01'; code = '601212'; name = '白银有色'; side = 'sell'; price = '3.4'; amount = 200; value = '680' })
        }
        $rows = (Split-Grid (Get-Trades)).Rows
        $rows.Count | Should -Be 2
        $rows[1]['操作'] | Should -BeExactly '证券卖出'
        $rows[1]['成交均价'] | Should -BeExactly '3.400'
        $rows[1]['成交金额'] | Should -BeExactly '680.00'
        InModuleScope ThsSimClient { $script:SimState.orders[0].amount = [int64]200 }
        (Split-Grid (Get-Orders)).Rows[0]['委托数量'] | Should -BeExactly '200'
    }
}
