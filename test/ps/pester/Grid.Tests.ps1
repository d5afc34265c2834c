# Grid.Tests.ps1 - ConvertFrom-ThsGridText (Grid.ps1): the client's tab-separated grid copy into rows keyed by column
# name, with the aliases of other builds, typed integer and number columns, and the Excel-style ="..." codes.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../../ps/ThsWorker/ThsWorker.psd1') -Force
    function ConvertFrom-Grid([string]$Text) { InModuleScope ThsWorker -Parameters @{ T = $Text } { param($T) ConvertFrom-ThsGridText -Text $T } }
    function ConvertFrom-GridOnly([string]$Text, [string[]]$Only) { InModuleScope ThsWorker -Parameters @{ T = $Text; O = $Only } { param($T, $O) ConvertFrom-ThsGridText -Text $T -Only $O } }
}

AfterAll {
    Remove-Module ThsWorker -ErrorAction SilentlyContinue
}

Describe 'ConvertFrom-ThsGridText' {
    It 'keys rows by the header, keeps codes with their leading zeros and types integer and number columns' {
        $text = "证券代码`t证券名称`t股票余额`t成本价`t市值`r`n=""002555""`t三七互娱`t200`t16.147`t1,234.50`r`n"
        $g = ConvertFrom-Grid $text
        $g.Columns | Should -Be @('证券代码', '证券名称', '股票余额', '成本价', '市值')
        @($g.Rows).Count | Should -Be 1
        $r = $g.Rows[0]
        $r['证券代码'] | Should -BeExactly '002555'
        $r['证券名称'] | Should -BeExactly '三七互娱'
        $r['股票余额'] | Should -Be 200
        $r['股票余额'].GetType().Name | Should -Be 'Int64'
        $r['成本价'] | Should -Be ([decimal]'16.147')
        $r['成本价'].GetType().Name | Should -Be 'Decimal'
        $r['市值'] | Should -Be ([decimal]'1234.50')
    }

    It 'turns a non-number into 0 in an integer column and $null in a number column; truncates a fractional integer' {
        $g = ConvertFrom-Grid "委托数量`t委托价格`t成交数量`n--`t-`t99.9`n"
        $g.Rows[0]['委托数量'] | Should -Be 0
        $g.Rows[0]['委托价格'] | Should -BeNullOrEmpty
        $g.Rows[0]['成交数量'] | Should -Be 99
    }

    It 'applies the aliases of other builds, keeps the first of two columns with one name, and fills missing cells with empty text' {
        $g = ConvertFrom-Grid "证券代码`t可用数量`t证券代码`t备注`r`n600160`t300`t999999`r`n"
        $g.Columns | Should -Be @('证券代码', '可用余额', '证券代码', '备注')
        $g.Rows[0]['证券代码'] | Should -BeExactly '600160'
        $g.Rows[0]['可用余额'] | Should -Be 300
        $g.Rows[0]['备注'] | Should -BeExactly ''
        @($g.Rows[0].Keys).Count | Should -Be 3
    }

    It 'skips blank lines and answers no columns for an empty copy' {
        $g = ConvertFrom-Grid "合同编号`r`n`r`n  `r`n4025982646`r`n`r`n"
        @($g.Rows).Count | Should -Be 1
        $g.Rows[0]['合同编号'] | Should -BeExactly '4025982646'
        $empty = ConvertFrom-Grid ''
        @($empty.Columns).Count | Should -Be 0
        @($empty.Rows).Count | Should -Be 0
    }

    It '-Only keeps just the named columns in each row (aliases applied first, typed as before) and the whole header in Columns' {
        $text = "委托日期`t证券代码`t操作`t委托数量`t委托编号`t备注`r`n20261207`t=""000001""`t买入`t100`t4025982646`t已报`r`n20261207`t600160`t卖出`t200`t4025982647`t已成`r`n"
        $g = ConvertFrom-GridOnly $text @('合同编号', '证券代码', '委托数量')
        $g.Columns | Should -Be @('委托日期', '证券代码', '操作', '委托数量', '合同编号', '备注')
        @($g.Rows).Count | Should -Be 2
        @($g.Rows[0].Keys) | Should -Be @('证券代码', '委托数量', '合同编号')
        $g.Rows[0]['证券代码'] | Should -BeExactly '000001'
        $g.Rows[0]['合同编号'] | Should -BeExactly '4025982646'
        $g.Rows[1]['委托数量'] | Should -Be 200
        $g.Rows[1]['委托数量'].GetType().Name | Should -Be 'Int64'
        $full = ConvertFrom-Grid $text
        foreach ($i in 0, 1) { foreach ($k in $g.Rows[$i].Keys) { $g.Rows[$i][$k] | Should -Be $full.Rows[$i][$k] } }
    }

    It '-Only naming a column the grid lacks gives rows without it, and the first of two same-named columns as a full read does' {
        $g = ConvertFrom-GridOnly "证券代码`t证券代码`t备注`n600160`t999999`tx`n" @('证券代码', '成交编号')
        @($g.Rows[0].Keys) | Should -Be @('证券代码')
        $g.Rows[0]['证券代码'] | Should -BeExactly '600160'
    }

    It 'leaves a lone ="" wrapper as an empty code and text that only looks wrapped alone' {
        $g = ConvertFrom-Grid "证券代码`t备注`n=""""`t=""x`n"
        $g.Rows[0]['证券代码'] | Should -BeExactly ''
        $g.Rows[0]['备注'] | Should -BeExactly '="x'
    }
}
