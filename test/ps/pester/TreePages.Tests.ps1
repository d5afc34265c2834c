# TreePages.Tests.ps1 - finding a credit page's item in the menu tree by its path (Find-ThsTreeItem): the same text
# under two parents (限价委托 -> 融资买入, 市价委托 -> 融资买入) is told apart by the path, a trailing hotkey ([F4]) is
# ignored on either side, and a path the tree lacks is $null; and a confirmation naming another credit page than the
# one asked differs (Test-ThsConfirmation with Credit).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../../ps/ThsWorker/ThsWorker.psd1') -Force
    $script:Items = @(
        @{ Handle = [int64]10; Parent = [int64]0; Text = '限价委托'; Selected = $false }
        @{ Handle = [int64]11; Parent = [int64]10; Text = '担保品买入'; Selected = $false }
        @{ Handle = [int64]12; Parent = [int64]10; Text = '融资买入'; Selected = $false }
        @{ Handle = [int64]20; Parent = [int64]0; Text = '市价委托'; Selected = $false }
        @{ Handle = [int64]21; Parent = [int64]20; Text = '融资买入'; Selected = $true }
        @{ Handle = [int64]30; Parent = [int64]0; Text = ' 查询 '; Selected = $false }
        @{ Handle = [int64]31; Parent = [int64]30; Text = '查询资产[F6]'; Selected = $false }
    )
}

AfterAll {
    Remove-Module ThsWorker -ErrorAction SilentlyContinue
}

Describe 'Find-ThsTreeItem' {
    It 'finds <Want> at handle <Handle>' -ForEach @(
        @{ Want = @('限价委托', '融资买入'); Handle = 12 }
        @{ Want = @('市价委托', '融资买入'); Handle = 21 }
        @{ Want = @('限价委托'); Handle = 10 }
        @{ Want = @('查询[F4]', '查询资产'); Handle = 31 }   # hotkeys dropped on both sides, the text trimmed
    ) {
        $items = $script:Items
        $found = InModuleScope ThsWorker -Parameters @{ Items = $items; Want = $Want } { param($Items, $Want) Find-ThsTreeItem -Items $Items -Path $Want }
        [int64]$found['Handle'] | Should -Be $Handle
    }

    It 'answers $null for <Want>, a path the tree lacks' -ForEach @(
        @{ Want = @('融资买入') }                   # not a top item
        @{ Want = @('限价委托', '融券卖出') }
        @{ Want = @('查询', '查询资产', '明细') }
    ) {
        $items = $script:Items
        $found = InModuleScope ThsWorker -Parameters @{ Items = $items; Want = $Want } { param($Items, $Want) Find-ThsTreeItem -Items $Items -Path $Want }
        $found | Should -BeNullOrEmpty
    }
}

Describe 'Test-ThsConfirmation: the order of a credit page' {
    It 'answers a confirmation naming <Shown> as <Verdict> for an order asked on <Asked>' -ForEach @(
        @{ Shown = '融资买入'; Asked = '担保品买入'; Verdict = 'different' }
        @{ Shown = '担保品买入'; Asked = '融资买入'; Verdict = 'different' }
        @{ Shown = '融资买入'; Asked = ''; Verdict = 'different' }          # a plain order confirmed as a margin buy
        @{ Shown = '融资买入'; Asked = '融资买入'; Verdict = 'the same' }
        @{ Shown = '买入'; Asked = '融资买入'; Verdict = 'the same' }       # a client that shows only the side
    ) {
        $text = "证券代码：600160`r`n买卖方向：$Shown`r`n委托价格：23.57`r`n委托数量：100"
        $expect = @{ Side = 'buy'; Code = '600160'; Price = '23.57'; Amount = '100'; Credit = $Asked }
        $diff = InModuleScope ThsWorker -Parameters @{ T = $text; E = $expect } { param($T, $E) Test-ThsConfirmation -Text $T -Expect $E }   # one string[] (return , $array)
        if ($Verdict -eq 'different') { ($diff -join ';') | Should -Match '委托类别' } else { $diff.Count | Should -Be 0 }
    }
}
