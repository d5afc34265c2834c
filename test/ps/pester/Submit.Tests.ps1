# Submit.Tests.ps1 - the one submit function (Invoke-ThsSubmit) of orders, cancels and IPO subscriptions: the events in
# their order around the click, the result text read, and "outcome unknown" when no result popup comes.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../../ps/ThsWorker/ThsWorker.psd1') -Force
    Initialize-ThsWorker -Backend Sim -SimState (Join-Path ([System.IO.Path]::GetTempPath()) ('ths-pester-' + [Guid]::NewGuid().ToString('N') + '.json'))
}

AfterAll {
    Remove-Module ThsWorker -ErrorAction SilentlyContinue
    Remove-Variable -Name ThsPesterCalls -Scope Global -ErrorAction SilentlyContinue
}

Describe 'Invoke-ThsSubmit' {
    BeforeEach {
        $global:ThsPesterCalls = New-Object System.Collections.Generic.List[string]
        Mock -ModuleName ThsWorker Write-ThsEvent { $global:ThsPesterCalls.Add('event:' + $Event) }
        Mock -ModuleName ThsWorker Push-PortMessage { $global:ThsPesterCalls.Add('click:' + $Handle + ':' + $Message); $true }
        Mock -ModuleName ThsWorker Get-PortWindowInfo { $global:ThsPesterCalls.Add('delivered:' + $Handle); @{ Exists = $true; Visible = $true } }
    }

    It 'prints submitting, clicks, prints submitted once delivered, reads the popup, prints answered' {
        Mock -ModuleName ThsWorker Wait-ThsResultPopup {
            $global:ThsPesterCalls.Add('popup')
            @{ Title = '提示'; Text = '您的买入委托已成功提交，合同编号：4025982646。'; Confirmations = @('委托确认') }
        }
        $r = InModuleScope ThsWorker { Invoke-ThsSubmit -Button 77 -ProcessId 5 -What '买入委托' }
        @($global:ThsPesterCalls) | Should -Be @('event:submitting', 'click:77:245', 'delivered:77', 'event:submitted', 'popup', 'event:answered')
        $r.EntrustNo | Should -Be '4025982646'
        $r.Success | Should -BeTrue
        $r.Title | Should -Be '提示'
        @($r.Confirmations) | Should -Be @('委托确认')
    }

    It 'reports a refusal by the client as an answer without success (no contract number, no 成功)' {
        Mock -ModuleName ThsWorker Wait-ThsResultPopup { @{ Title = '提示'; Text = '委托失败，可交易股数为0'; Confirmations = @() } }
        $r = InModuleScope ThsWorker { Invoke-ThsSubmit -Button 1 -ProcessId 5 -What '卖出委托' }
        $r.Success | Should -BeFalse
        $r.EntrustNo | Should -BeNullOrEmpty
        $r.Text | Should -Be '委托失败，可交易股数为0'
    }

    It 'throws outcome_unknown, submitted, naming the action, when no result popup comes; answered is never printed' {
        Mock -ModuleName ThsWorker Wait-ThsResultPopup { $null }
        $caught = $null
        try { InModuleScope ThsWorker { Invoke-ThsSubmit -Button 9 -ProcessId 5 -What '撤单' } } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        $info = InModuleScope ThsWorker -Parameters @{ Err = $caught } { param($Err) ConvertTo-ThsErrorInfo -ErrorRecord $Err }
        $info.code | Should -Be 'outcome_unknown'
        $info.submitted | Should -BeTrue
        $info.message | Should -Match '撤单结果未知'
        @($global:ThsPesterCalls) | Should -Not -Contain 'event:answered'
        @($global:ThsPesterCalls)[0] | Should -Be 'event:submitting'
    }
}

Describe 'ConvertFrom-ThsResultText' {
    It 'finds the contract number after 合同编号 with a full-width or ASCII colon' -TestCases @(
        @{ Text = '您的撤单委托已成功提交，合同编号：4025982646。'; No = '4025982646' }
        @{ Text = '合同编号: A12B'; No = 'A12B' }
    ) {
        $r = InModuleScope ThsWorker -Parameters @{ Text = $Text } { param($Text) ConvertFrom-ThsResultText -Text $Text }
        $r.EntrustNo | Should -Be $No
        $r.Success | Should -BeTrue
    }

    It 'counts a 成功 text without a number as success, and anything else as not' {
        (InModuleScope ThsWorker { ConvertFrom-ThsResultText -Text '申购成功' }).Success | Should -BeTrue
        (InModuleScope ThsWorker { ConvertFrom-ThsResultText -Text '无可撤委托' }).Success | Should -BeFalse
    }
}

Describe 'the three submitting commands use Invoke-ThsSubmit and nothing else clicks a submit' {
    It 'Invoke-ThsOrder, Invoke-ThsCancel and Invoke-ThsIpoSubscribe call it; no other worker file prints submitting' {
        $root = Join-Path $PSScriptRoot '../../../ps/ThsWorker'
        $users = @(Get-ChildItem -LiteralPath $root -Recurse -Filter '*.ps1' | Where-Object { (Get-Content -Raw -LiteralPath $_.FullName) -match 'Invoke-ThsSubmit -Button' } | ForEach-Object { $_.Name } | Sort-Object)
        $users | Should -Be @('Cancel.ps1', 'Ipo.ps1', 'Orders.ps1')
        $printers = @(Get-ChildItem -LiteralPath $root -Recurse -Filter '*.ps1' | Where-Object { (Get-Content -Raw -LiteralPath $_.FullName) -match "Write-ThsEvent -Event 'submitting'" } | ForEach-Object { $_.Name })
        $printers | Should -Be @('Submit.ps1')
    }
}
