# SimMaxBuy.Tests.ps1 - the simulated client's 最大可买 (Get-SimMaxBuy): the most shares the available cash buys at a
# price, fees included, on the code's lot grid. Checked against a binary search over the lots of this test's own, on
# the model's fee rules (Get-SimFees): a buy's cost only grows with its size, so the largest affordable lot is one.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../../ps/ThsSimClient/ThsSimClient.psd1') -Force
    $script:state = Join-Path ([System.IO.Path]::GetTempPath()) ('ths-pester-' + [Guid]::NewGuid().ToString('N') + '.json')
    Initialize-SimClient -StatePath $script:state -SamplePath (Join-Path $PSScriptRoot '../../../ps/sim/sample-state.json')

    function Get-MaxBuy {
        param([string]$Code, [decimal]$Price, [decimal]$Available)
        InModuleScope ThsSimClient -Parameters @{ C = $Code; P = $Price; A = $Available } {
            param($C, $P, $A)
            $script:SimState.account.available = $A.ToString([System.Globalization.CultureInfo]::InvariantCulture)
            Get-SimMaxBuy -Code $C -Price $P
        }
    }

    # The largest n = k x step (n >= min) with price x n + fees <= available, by binary search over k; 0 when none.
    function Get-MaxBuyBySearch {
        param([string]$Code, [decimal]$Price, [decimal]$Available)
        InModuleScope ThsSimClient -Parameters @{ C = $Code; P = $Price; A = $Available } {
            param($C, $P, $A)
            $rule = Get-SimLotRule -Code $C
            $fits = { param([int64]$n) ($P * $n + (Get-SimFees -Side buy -Price $P -Amount $n -Code $C)) -le $A }
            $lo = [int64]0
            $hi = [int64][decimal]::Floor($A / $P / $rule.Step) + 1   # price x n alone is over the cash here
            while ($hi - $lo -gt 1) {
                $mid = [int64](($lo + $hi) / 2)
                if ($mid -lt $lo + 1) { $mid = $lo + 1 }
                if (& $fits ($mid * $rule.Step)) { $lo = $mid } else { $hi = $mid }
            }
            $n = $lo * $rule.Step
            if ($n -lt $rule.Min) { return [int64]0 }
            return $n
        }
    }

    # What a buy of n shares costs, fees included (to put the cash exactly on a boundary).
    function Get-BuyCost {
        param([string]$Code, [decimal]$Price, [int64]$Amount)
        InModuleScope ThsSimClient -Parameters @{ C = $Code; P = $Price; N = $Amount } {
            param($C, $P, $N)
            $P * $N + (Get-SimFees -Side buy -Price $P -Amount $N -Code $C)
        }
    }
}

AfterAll {
    Remove-Module ThsSimClient -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $script:state -Force -ErrorAction SilentlyContinue
}

Describe 'Get-SimMaxBuy' {
    It 'equals the search on <What>' -TestCases @(
        @{ What = 'a large account, main board (lots of 100)'; Code = '600160'; Price = [decimal]'23.00'; Available = [decimal]'1000000000.00' }
        @{ What = 'a large account, STAR board (200 then 1 by 1)'; Code = '688981'; Price = [decimal]'45.67'; Available = [decimal]'987654321.09' }
        @{ What = 'a large account, Beijing (100 then 1 by 1)'; Code = '430047'; Price = [decimal]'12.50'; Available = [decimal]'55555555.55' }
        @{ What = 'a convertible bond (lots of 10)'; Code = '113050'; Price = [decimal]'123.456'; Available = [decimal]'8000000.00' }
        @{ What = 'a small account under the minimum commission'; Code = '600160'; Price = [decimal]'23.00'; Available = [decimal]'2320.00' }
        @{ What = 'cash short of one lot'; Code = '600160'; Price = [decimal]'23.00'; Available = [decimal]'2300.00' }
        @{ What = 'cash short of the STAR minimum'; Code = '688981'; Price = [decimal]'45.67'; Available = [decimal]'9000.00' }
    ) {
        $want = Get-MaxBuyBySearch -Code $Code -Price $Price -Available $Available
        Get-MaxBuy -Code $Code -Price $Price -Available $Available | Should -Be $want
    }

    It 'buys exactly n when the cash is what n costs, and one lot less at 0.01 short (<Code>, <Amount>)' -TestCases @(
        @{ Code = '600160'; Price = [decimal]'23.00'; Amount = [int64]4347800 }
        @{ Code = '688981'; Price = [decimal]'45.67'; Amount = [int64]2162577 }
        @{ Code = '600160'; Price = [decimal]'7.31'; Amount = [int64]300 }
    ) {
        $cost = Get-BuyCost -Code $Code -Price $Price -Amount $Amount
        Get-MaxBuy -Code $Code -Price $Price -Available $cost | Should -Be $Amount
        $step = 100
        if ($Code -like '688*') { $step = 1 }
        Get-MaxBuy -Code $Code -Price $Price -Available ($cost - [decimal]'0.01') | Should -Be ($Amount - $step)
    }
}
