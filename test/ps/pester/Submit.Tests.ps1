# Submit.Tests.ps1 - the one submit function (Invoke-ThsSubmit) of orders, cancels and IPO subscriptions: the events in
# their order around the click, the result text classified by the popup table (every entry, and the negations), and
# "outcome unknown" when no result popup comes or its text is not in the table.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../../ps/ThsWorker/ThsWorker.psd1') -Force
    Initialize-ThsWorker -Backend Sim -SimState (Join-Path ([System.IO.Path]::GetTempPath()) ('ths-pester-' + [Guid]::NewGuid().ToString('N') + '.json'))
}

AfterAll {
    Remove-Module ThsWorker -ErrorAction SilentlyContinue
    Remove-Variable -Name ThsPesterCalls, ThsPesterText -Scope Global -ErrorAction SilentlyContinue
}

BeforeDiscovery {
    # The popup table's entries, one test case each (docs/popups.md is checked against the same file by a TS test).
    $table = ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText((Join-Path $PSScriptRoot '../../../ps/ThsWorker/popup-texts.json'), [System.Text.Encoding]::UTF8))
    $script:EntryCases = @(foreach ($e in $table.results) {
            foreach ($a in $e.actions) { @{ Id = [string]$e.id; Action = [string]$a; Example = [string]$e.example; Outcome = [string]$e.outcome; Code = $e.code } }
        })
    $script:SuccessCases = @(foreach ($e in ($table.results | Where-Object { $_.outcome -eq 'accepted' })) { @{ Id = [string]$e.id; Action = [string]@($e.actions)[0]; Example = [string]$e.example } })
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
            $global:ThsPesterCalls.Add('popup:' + $Action)
            @{ Title = '提示'; Text = '您的买入委托已成功提交，合同编号：4025982646。'; Confirmations = @('委托确认'); Warnings = @(); Refused = $false }
        }
        $r = InModuleScope ThsWorker { Invoke-ThsSubmit -Button 77 -ProcessId 5 -What '买入委托' -Action buy }
        @($global:ThsPesterCalls) | Should -Be @('event:submitting', 'click:77:245', 'delivered:77', 'event:submitted', 'popup:buy', 'event:answered')
        $r.EntrustNo | Should -Be '4025982646'
        $r.Success | Should -BeTrue
        $r.Refusal | Should -BeNullOrEmpty
        $r.Title | Should -Be '提示'
        @($r.Confirmations) | Should -Be @('委托确认')
    }

    It 'reports a refusal of the table as an answer without success, with its code as the refusal' {
        Mock -ModuleName ThsWorker Wait-ThsResultPopup { @{ Title = '提示'; Text = '委托失败，可交易股数为0'; Confirmations = @(); Warnings = @(); Refused = $false } }
        $r = InModuleScope ThsWorker { Invoke-ThsSubmit -Button 1 -ProcessId 5 -What '卖出委托' -Action sell }
        $r.Success | Should -BeFalse
        $r.Refusal | Should -Be 'client_rejected'
        $r.EntrustNo | Should -BeNullOrEmpty
        $r.Text | Should -Be '委托失败，可交易股数为0'
    }

    It 'answers a 否 the worker gave (the dialog closed) as a final refusal with its warning kind and message' {
        Mock -ModuleName ThsWorker Wait-ThsResultPopup { @{ Title = '提示信息'; Text = '偏离'; Confirmations = @(); Warnings = @(); Refused = $true; Refusal = 'client_warning'; Warning = 'price_deviation'; Message = '委托价格偏离最新价，是否继续？' } }
        $r = InModuleScope ThsWorker { Invoke-ThsSubmit -Button 1 -ProcessId 5 -What '买入委托' -Action buy }
        $r.Success | Should -BeFalse
        $r.Refusal | Should -Be 'client_warning'
        $r.Warning | Should -Be 'price_deviation'
        $r.Text | Should -Be '委托价格偏离最新价，是否继续？'
        @($global:ThsPesterCalls) | Should -Contain 'event:answered'
    }

    It 'throws outcome_unknown, submitted, naming the action, when no result popup comes; answered is never printed' {
        Mock -ModuleName ThsWorker Wait-ThsResultPopup { $null }
        $caught = $null
        try { InModuleScope ThsWorker { Invoke-ThsSubmit -Button 9 -ProcessId 5 -What '撤单' -Action cancel } } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        $info = InModuleScope ThsWorker -Parameters @{ Err = $caught } { param($Err) ConvertTo-ThsErrorInfo -ErrorRecord $Err }
        $info.code | Should -Be 'outcome_unknown'
        $info.submitted | Should -BeTrue
        $info.message | Should -Match '撤单结果未知'
        @($global:ThsPesterCalls) | Should -Not -Contain 'event:answered'
        @($global:ThsPesterCalls)[0] | Should -Be 'event:submitting'
    }

    It 'throws <Code>, submitted, quoting the client, for "<Text>" (never a refusal)' -TestCases @(
        @{ Text = '委托已受理，请稍后查询'; Code = 'outcome_unknown' }
        @{ Text = '委托未成功，请稍后重试'; Code = 'outcome_unknown' }
        @{ Text = '事务处理机转发数据失败'; Code = 'broker_forward_failed' }
        @{ Text = 'Begin failed!'; Code = 'broker_begin_failed' }
        @{ Text = '[主站]数据发送错误 auth plugin ServiceId[12]'; Code = 'broker_send_failed' }
    ) {
        Mock -ModuleName ThsWorker Wait-ThsResultPopup { @{ Title = '提示'; Text = $global:ThsPesterText; Confirmations = @(); Warnings = @(); Refused = $false } }
        $global:ThsPesterText = $Text
        $caught = $null
        try { InModuleScope ThsWorker { Invoke-ThsSubmit -Button 9 -ProcessId 5 -What '买入委托' -Action buy } } catch { $caught = $_ }
        $info = InModuleScope ThsWorker -Parameters @{ Err = $caught } { param($Err) ConvertTo-ThsErrorInfo -ErrorRecord $Err }
        $info.code | Should -Be $Code
        $info.submitted | Should -BeTrue
        $info.message.Contains($Text) | Should -BeTrue -Because $info.message
    }
}

Describe 'ConvertFrom-ThsResultText: the popup table' {
    It '<Id> (<Action>): its example "<Example>" is <Outcome> with code <Code>' -ForEach $EntryCases {
        $r = InModuleScope ThsWorker -Parameters @{ Text = $Example; Action = $Action } { param($Text, $Action) ConvertFrom-ThsResultText -Text $Text -Action $Action }
        $r.Id | Should -Be $Id
        $r.Outcome | Should -Be $Outcome
        $r.Code | Should -Be $Code
        $r.Success | Should -Be ($Outcome -eq 'accepted')
        # A 直接还款 / 直接还券 (action repay) is no order: its success carries no contract number.
        if ($Outcome -eq 'accepted' -and $Action -ne 'repay') { $r.EntrustNo | Should -Match '^[A-Za-z0-9]+$' } else { $r.EntrustNo | Should -BeNullOrEmpty }
    }

    It '<Id>: its success text with 未成功 / 不成功 / 失败 in it is never a success' -ForEach $SuccessCases {
        foreach ($neg in @('未成功', '不成功', '失败')) {
            $text = $Example.Replace('已成功', $neg)
            if (-not $Example.Contains('已成功')) { $text = $Example.Replace('成功', $neg) }   # 直接还款成功 ...
            $r = InModuleScope ThsWorker -Parameters @{ Text = $text; Action = $Action } { param($Text, $Action) ConvertFrom-ThsResultText -Text $Text -Action $Action }
            $r.Success | Should -BeFalse -Because $text
            $r.Outcome | Should -Be 'unknown' -Because $text
        }
    }

    It 'counts "<Text>" (<Action>) as <Outcome> / <Code>' -TestCases @(
        @{ Text = '委托未成功'; Action = 'buy'; Outcome = 'unknown'; Code = 'outcome_unknown' }
        @{ Text = '撤单失败'; Action = 'cancel'; Outcome = 'unknown'; Code = 'outcome_unknown' }
        @{ Text = '申购成功'; Action = 'ipo'; Outcome = 'unknown'; Code = 'outcome_unknown' }
        @{ Text = '操作成功'; Action = 'buy'; Outcome = 'unknown'; Code = 'outcome_unknown' }
        @{ Text = ''; Action = 'sell'; Outcome = 'unknown'; Code = 'outcome_unknown' }
        @{ Text = '您的卖出委托已成功提交，合同编号：4025982646。'; Action = 'buy'; Outcome = 'unknown'; Code = 'outcome_unknown' }
        @{ Text = '无可撤委托'; Action = 'buy'; Outcome = 'unknown'; Code = 'outcome_unknown' }
        @{ Text = '无可撤委托'; Action = 'cancel'; Outcome = 'rejected'; Code = 'nothing_to_cancel' }
        @{ Text = '  合同编号: A12B 您的撤单委托已成功提交'; Action = 'cancel'; Outcome = 'unknown'; Code = 'outcome_unknown' }
    ) {
        $r = InModuleScope ThsWorker -Parameters @{ Text = $Text; Action = $Action } { param($Text, $Action) ConvertFrom-ThsResultText -Text $Text -Action $Action }
        $r.Outcome | Should -Be $Outcome
        $r.Code | Should -Be $Code
        $r.Success | Should -BeFalse
    }

    It 'finds an alphanumeric contract number after 合同编号 with a full-width or ASCII colon' {
        (InModuleScope ThsWorker { ConvertFrom-ThsResultText -Text '您的撤单委托已成功提交，合同编号：Z8346054。' -Action cancel }).EntrustNo | Should -Be 'Z8346054'
        (InModuleScope ThsWorker { ConvertFrom-ThsResultText -Text '您的买入委托已成功提交，合同编号: 4025982646' -Action buy }).EntrustNo | Should -Be '4025982646'
    }
}

Describe 'the submitting commands use Invoke-ThsSubmit and nothing else clicks a submit' {
    It 'Invoke-ThsOrder, Invoke-ThsCancel, Invoke-ThsIpoSubscribe and Invoke-ThsDirectRepay / -Return call it; no other worker file prints submitting' {
        $root = Join-Path $PSScriptRoot '../../../ps/ThsWorker'
        $users = @(Get-ChildItem -LiteralPath $root -Recurse -Filter '*.ps1' | Where-Object { (Get-Content -Raw -LiteralPath $_.FullName) -match 'Invoke-ThsSubmit -Button' } | ForEach-Object { $_.Name } | Sort-Object)
        $users | Should -Be @('Cancel.ps1', 'CreditRepay.ps1', 'Ipo.ps1', 'Orders.ps1')
        $printers = @(Get-ChildItem -LiteralPath $root -Recurse -Filter '*.ps1' | Where-Object { (Get-Content -Raw -LiteralPath $_.FullName) -match "Write-ThsEvent -Event 'submitting'" } | ForEach-Object { $_.Name })
        $printers | Should -Be @('Submit.ps1')
    }
}
