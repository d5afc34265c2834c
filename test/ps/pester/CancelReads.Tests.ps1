# CancelReads.Tests.ps1 - what a cancel reads (Cancel.ps1): today's orders before and after, and the cancel page's
# grid, each typed only in the columns the cancel uses; on the 2026 orders grid (备注 stays 已报) 撤消数量 is among
# them, so a cancelled order is still told from an open one. The cancel page's grid waits for the code asked for. On
# the simulated client.

BeforeAll {
    # A worker on a fresh simulated client whose orders grid has the given layout ('classic' or '2026').
    function Start-Worker([string]$Layout) {
        Import-Module (Join-Path $PSScriptRoot '../../../ps/ThsWorker/ThsWorker.psd1') -Force
        $path = Join-Path ([System.IO.Path]::GetTempPath()) ('ths-pester-' + [Guid]::NewGuid().ToString('N') + '.json')
        $sample = Get-Content -Raw -Encoding UTF8 -LiteralPath (Join-Path $PSScriptRoot '../../../ps/sim/sample-state.json') | ConvertFrom-Json
        $sample.client | Add-Member -NotePropertyName ordersGrid -NotePropertyValue $Layout -Force
        [System.IO.File]::WriteAllText($path, (ConvertTo-Json -InputObject $sample -Depth 20), [System.Text.UTF8Encoding]::new($false))
        Initialize-ThsWorker -Backend Sim -SimState $path
        return $path
    }
    function Invoke-Line([string]$Line) {
        $r = Invoke-ThsRequest -Line $Line
        return $r
    }
    function New-RestingBuy {
        $r = Invoke-Line '{"id":1,"cmd":"order","args":{"side":"buy","code":"600160","price":"23.00","amount":100}}'
        $r.ok | Should -BeTrue
        return [string]$r.result.entrustNo
    }
}

AfterAll {
    Remove-Module ThsWorker -ErrorAction SilentlyContinue
}

Describe 'Invoke-ThsCancel reads' {
    BeforeAll { $script:state = Start-Worker 'classic' }
    AfterAll { Remove-Item -LiteralPath $script:state -Force -ErrorAction SilentlyContinue }

    It 'types today''s orders (before and after) and the cancel view only in the columns the cancel uses, and cancels' {
        $no = New-RestingBuy
        $global:ThsGridOnly = [System.Collections.Generic.List[string]]::new()
        $global:ThsParseGrid = InModuleScope ThsWorker { ${function:ConvertFrom-ThsGridText} }
        Mock -ModuleName ThsWorker ConvertFrom-ThsGridText { $global:ThsGridOnly.Add([string]::Join(',', [string[]]@($Only))); & $global:ThsParseGrid -Text $Text -Only $Only }
        $r = Invoke-Line ('{"id":2,"cmd":"cancel","args":{"entrustNo":"' + $no + '"}}')
        $r.ok | Should -BeTrue
        $r.result.success | Should -BeTrue
        @($r.result.cancelled) | Should -Be @($no)
        $orders = '合同编号,证券代码,操作,委托数量,成交数量,撤消数量,备注'
        @($global:ThsGridOnly) | Should -Be @($orders, '合同编号,证券代码', $orders)
        Remove-Variable -Name ThsGridOnly, ThsParseGrid -Scope Global
    }
}

Describe 'Invoke-ThsCancel on the 2026 orders grid' {
    BeforeAll { $script:state = Start-Worker '2026' }
    AfterAll { Remove-Item -LiteralPath $script:state -Force -ErrorAction SilentlyContinue }

    It 'refuses a second cancel of the same order as not_cancellable: 撤消数量 says it, 备注 still 已报' {
        $no = New-RestingBuy
        $first = Invoke-Line ('{"id":2,"cmd":"cancel","args":{"entrustNo":"' + $no + '"}}')
        $first.result.success | Should -BeTrue
        @($first.result.cancelled) | Should -Be @($no)
        $second = Invoke-Line ('{"id":3,"cmd":"cancel","args":{"entrustNo":"' + $no + '"}}')
        $second.ok | Should -BeTrue
        $second.result.success | Should -BeFalse
        $second.result.refusal | Should -BeExactly 'not_cancellable'
        $second.result.message | Should -Match '已报'
        $second.result.message | Should -Match '撤消 100'
    }
}

Describe 'Read-ThsCancelView' {
    BeforeAll {
        $script:state = Start-Worker 'classic'
        Mock -ModuleName ThsWorker Find-ThsGrid { [int64]7 }
        Mock -ModuleName ThsWorker Wait-ThsTick { }
        # The cancel page's grid as the copy command gives it: one row per code.
        function Set-ViewCodes([string[]]$Codes) {
            $global:ThsViewText = "合同编号`t证券代码`t证券名称`r`n"
            for ($i = 0; $i -lt $Codes.Count; $i++) { $global:ThsViewText += ('40259827' + $i + "`t" + $Codes[$i] + "`t名称`r`n") }
        }
        Mock -ModuleName ThsWorker Read-ThsGridContent { @{ Text = $global:ThsViewText } }
    }
    AfterAll {
        Remove-Variable -Name ThsViewText -Scope Global -ErrorAction SilentlyContinue
        Remove-Item -LiteralPath $script:state -Force -ErrorAction SilentlyContinue
    }

    It 'returns every row of every code for a scope cancel (no code asked for)' {
        Set-ViewCodes @('600160', '601212', '000001')
        $rows = InModuleScope ThsWorker { Read-ThsCancelView -Page @{ Controls = @() } -Code '' -ProcessId 1 }
        @($rows).Count | Should -Be 3
        @($rows | ForEach-Object { $_['证券代码'] }) | Should -Be @('600160', '601212', '000001')
    }

    It 'returns the rows once they all show the code asked for' {
        Set-ViewCodes @('601212', '601212')
        $rows = InModuleScope ThsWorker { Read-ThsCancelView -Page @{ Controls = @() } -Code '601212' -ProcessId 1 }
        @($rows).Count | Should -Be 2
    }

    It 'throws page_not_found naming the code when the grid keeps showing another code past CANCEL_VIEW_TIMEOUT_MS' {
        Set-ViewCodes @('601212', '600160')
        $thrown = $null
        try { InModuleScope ThsWorker { Read-ThsCancelView -Page @{ Controls = @() } -Code '601212' -ProcessId 1 } } catch { $thrown = $_ }
        $thrown | Should -Not -BeNullOrEmpty
        $thrown.Exception.Message | Should -Match '601212'
        (InModuleScope ThsWorker -Parameters @{ E = $thrown } { param($E) (ConvertTo-ThsErrorInfo -ErrorRecord $E).code }) | Should -BeExactly 'page_not_found'
    }
}
