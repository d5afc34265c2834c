# CreditRepay.Tests.ps1 - 直接还款 and 直接还券 on the simulated credit client, through the worker's protocol
# (direct_repay, direct_return): the tree item selected, the form filled and clicked, the popups answered, and the
# simulated rules: cash repays the financed debt oldest first, refused above the debt or the cash; held shares return
# the short debt, refused without a debt, above it or above the shares held; a confirmation that shows another amount
# is answered 否; a cash client and a tree without the items refuse before any click.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../../ps/ThsWorker/ThsWorker.psd1') -Force
    $script:dir = Join-Path ([System.IO.Path]::GetTempPath()) ('ths-pester-repay-' + [Guid]::NewGuid().ToString('N'))
    [void](New-Item -ItemType Directory -Path $script:dir)
    # A credit account from the sample: 600160 financed twice (600160 first, then 601212: the older debt first), and
    # 600160 shorted 300 with 200 of it held as collateral.
    function New-CreditState {
        param([string]$Name, [hashtable]$Client = @{})
        $sample = Get-Content -Raw -Encoding UTF8 -Path (Join-Path $PSScriptRoot '../../../ps/sim/sample-state.json') | ConvertFrom-Json
        $sample.account | Add-Member -NotePropertyName type -NotePropertyValue 'credit'
        foreach ($k in $Client.Keys) { $sample.client | Add-Member -NotePropertyName $k -NotePropertyValue $Client[$k] -Force }
        $sample | Add-Member -NotePropertyName credit -NotePropertyValue ([pscustomobject]@{ marginable = @('600160'); shortable = [pscustomobject]@{ '600160' = 5000 } })
        $path = Join-Path $script:dir ($Name + '.json')
        [System.IO.File]::WriteAllText($path, ($sample | ConvertTo-Json -Depth 20), (New-Object System.Text.UTF8Encoding($false)))
        return $path
    }
    function Start-Client {
        param([string]$Path)
        Initialize-ThsWorker -Backend Sim -SimState $Path
        InModuleScope ThsWorker { Reset-ThsWindowCache; $script:ThsCreditTreeOf = @{} }
        [void](Invoke-ThsRequest -Line '{"id":0,"cmd":"status"}')   # the port (and the simulated client) comes up
    }
    # The live model, through the simulated port (which imported ThsSimClient).
    function Get-Sim { $port = InModuleScope ThsWorker { $script:ThsPortModule }; & $port { Get-SimState } }
    # The debts and holdings each test starts from (the live model, then the worker's next command sees them).
    function Set-Debts {
        $s = Get-Sim
        $s.account.available = '10000.00'
        $s.account.balance = '12000.00'
        $s.credit.finance = [ordered]@{ '600160' = [ordered]@{ amount = '3000.00'; shares = 100 }; '601212' = [ordered]@{ amount = '2000.00'; shares = 500 } }
        $s.credit.shorts = [ordered]@{ '600160' = [ordered]@{ amount = '7071.00'; shares = 300 } }
        $s.credit.shortable = [ordered]@{ '600160' = 4700 }
        $s.credit.shortProceeds = '7000.00'
        $s.positions['600160'] = [ordered]@{ name = '巨化股份'; total = 300; available = 300; frozen = 0; cost = '23.000'; boughtToday = 0 }
        $s.client.orderConfirm = $false
        $s.client.confirmShows = $null
    }
    function Invoke-Line { param([string]$Line) Invoke-ThsRequest -Line $Line }
}

AfterAll {
    Remove-Module ThsWorker -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $script:dir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'direct_repay (直接还款) on a credit client' {
    BeforeAll { Start-Client -Path (New-CreditState -Name 'credit') }
    BeforeEach { Set-Debts }

    It 'repays the oldest debt first: 3500.00 clears 600160''s 3000.00 and takes 500.00 of 601212''s; cash falls by 3500.00' {
        $r = Invoke-Line '{"id":1,"cmd":"direct_repay","args":{"money":"3500.00"}}'
        $r.ok | Should -BeTrue
        $r.result.success | Should -BeTrue
        $r.result.message | Should -Match '^直接还款成功'
        $r.result.money | Should -Be '3500.00'
        $s = Get-Sim
        @($s.credit.finance.Keys) | Should -Be @('601212')
        $s.credit.finance['601212'].amount | Should -Be '1500.00'
        $s.account.available | Should -Be '6500.00'
        $s.account.balance | Should -Be '8500.00'
        $s.positions['600160'].total | Should -Be 300   # the shares stay, as collateral
    }

    It 'refuses more than the debt (5000.01 of 5000.00) with the client''s text, nothing moved' {
        $r = Invoke-Line '{"id":2,"cmd":"direct_repay","args":{"money":"5000.01"}}'
        $r.ok | Should -BeTrue
        $r.result.success | Should -BeFalse
        $r.result.refusal | Should -Be 'client_rejected'
        $r.result.message | Should -Match '^还款金额超过应还融资负债5000\.00元'
        (Get-Sim).account.available | Should -Be '10000.00'
        (Get-Sim).credit.finance['600160'].amount | Should -Be '3000.00'
    }

    It 'refuses more than the available cash' {
        (Get-Sim).account.available = '1000.00'
        $r = Invoke-Line '{"id":3,"cmd":"direct_repay","args":{"money":"1000.01"}}'
        $r.result.success | Should -BeFalse
        $r.result.message | Should -Match '^可用资金不足，不能还款，可用资金为1000\.00元'
        (Get-Sim).credit.finance.Count | Should -Be 2
    }

    It 'refuses a repayment without any financed debt' {
        (Get-Sim).credit.finance = [ordered]@{}
        $r = Invoke-Line '{"id":4,"cmd":"direct_repay","args":{"money":"1.00"}}'
        $r.result.success | Should -BeFalse
        $r.result.message | Should -Match '^没有需要归还的融资负债'
        (Get-Sim).account.available | Should -Be '10000.00'
    }

    It 'answers 是 to a 还款确认 showing the amount, and 否 (confirmation_mismatch) to one showing another' {
        $s = Get-Sim
        $s.client.orderConfirm = $true
        $ok = Invoke-Line '{"id":5,"cmd":"direct_repay","args":{"money":"100.00"}}'
        $ok.result.success | Should -BeTrue
        @($ok.result.confirmations) | Should -HaveCount 1
        $s.client.confirmShows = [ordered]@{ amount = '1000.00' }
        $bad = Invoke-Line '{"id":6,"cmd":"direct_repay","args":{"money":"100.00"}}'
        $bad.result.success | Should -BeFalse
        $bad.result.refusal | Should -Be 'confirmation_mismatch'
        $bad.result.message | Should -Match '还款金额'
        (Get-Sim).account.available | Should -Be '9900.00'   # the first one only
    }

    It 'refuses a money text the worker does not take (bad_request, nothing clicked)' {
        $r = Invoke-Line '{"id":7,"cmd":"direct_repay","args":{"money":"12.345"}}'
        $r.ok | Should -BeFalse
        $r.error.code | Should -Be 'bad_request'
    }
}

Describe 'direct_return (直接还券) on a credit client' {
    BeforeAll { Start-Client -Path (New-CreditState -Name 'credit2') }
    BeforeEach { Set-Debts }

    It 'returns 200 held shares of 600160: the position and the short debt fall by 200, the lendable shares grow' {
        $r = Invoke-Line '{"id":1,"cmd":"direct_return","args":{"code":"600160","amount":"200"}}'
        $r.ok | Should -BeTrue
        $r.result.success | Should -BeTrue
        $r.result.name | Should -Be '巨化股份'
        $r.result.amount | Should -Be 200
        $s = Get-Sim
        $s.positions['600160'].total | Should -Be 100
        $s.credit.shorts['600160'].shares | Should -Be 100
        $s.credit.shorts['600160'].amount | Should -Be '2357.00'
        $s.credit.shortable['600160'] | Should -Be 4900
    }

    It 'refuses more than owed (400 of 300), a code without short debt, and more than the shares it can return' {
        $r = Invoke-Line '{"id":2,"cmd":"direct_return","args":{"code":"600160","amount":"400"}}'
        $r.result.success | Should -BeFalse
        $r.result.message | Should -Match '^还券数量超过融券负债数量300'
        $r = Invoke-Line '{"id":3,"cmd":"direct_return","args":{"code":"601212","amount":"100"}}'
        $r.result.message | Should -Match '^证券代码\[601212\]没有融券负债'
        $r.result.refusal | Should -Be 'client_rejected'
        (Get-Sim).positions['600160'].available = 150
        $r = Invoke-Line '{"id":4,"cmd":"direct_return","args":{"code":"600160","amount":"200"}}'
        $r.result.message | Should -Match '^还券数量超过可用于还券的持仓'
        (Get-Sim).credit.shorts['600160'].shares | Should -Be 300
    }

    It 'keeps financed shares out of a return: 300 held, 100 financed, 250 asked' {
        $r = Invoke-Line '{"id":5,"cmd":"direct_return","args":{"code":"600160","amount":"250"}}'
        $r.result.success | Should -BeFalse
        $r.result.message | Should -Match '持仓200股'
    }

    It 'returns the whole short: the debt is gone and what is left of 融券卖出资金 is cash again' {
        $s = Get-Sim
        $s.credit.finance = [ordered]@{}
        $r = Invoke-Line '{"id":6,"cmd":"direct_return","args":{"code":"600160","amount":"300"}}'
        $r.result.success | Should -BeTrue
        $s = Get-Sim
        $s.credit.shorts.Count | Should -Be 0
        $s.credit.shortProceeds | Should -Be '0.00'
        $s.account.available | Should -Be '17000.00'
    }
}

Describe 'where the client lacks them' {
    It 'a cash client refuses both with not_credit_account' {
        Start-Client -Path (Join-Path $script:dir 'cash.json')
        $r = Invoke-Line '{"id":1,"cmd":"direct_repay","args":{"money":"1.00"}}'
        $r.ok | Should -BeFalse
        $r.error.code | Should -Be 'not_credit_account'
        $r = Invoke-Line '{"id":2,"cmd":"direct_return","args":{"code":"600160","amount":"100"}}'
        $r.error.code | Should -Be 'not_credit_account'
    }

    It 'a credit tree without 还款还券 -> 直接还款 refuses with menu_item_not_found naming the path, nothing done' {
        Start-Client -Path (New-CreditState -Name 'noitems' -Client @{ creditRepayItems = $false })
        Set-Debts
        $r = Invoke-Line '{"id":3,"cmd":"direct_repay","args":{"money":"1.00"}}'
        $r.ok | Should -BeFalse
        $r.error.code | Should -Be 'menu_item_not_found'
        $r.error.message | Should -Match '还款还券 → 直接还款'
        $r.error.submitted | Should -Not -BeTrue
        (Get-Sim).account.available | Should -Be '10000.00'
    }
}
