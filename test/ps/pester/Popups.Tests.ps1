# Popups.Tests.ps1 - what the worker does with the questions after a submit click: the confirmation is read (several
# builds' formats, control 1040 too) and compared with the order, warnings are told apart by the popup table, and
# Wait-ThsResultPopup answers 是 only to a matching confirmation or an accepted warning, 否 to everything else.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../../ps/ThsWorker/ThsWorker.psd1') -Force
    Initialize-ThsWorker -Backend Sim -SimState (Join-Path ([System.IO.Path]::GetTempPath()) ('ths-pester-' + [Guid]::NewGuid().ToString('N') + '.json'))   # the port's functions, to mock
    $script:SimConfirm = "股东代码：A123456789`r`n证券代码：600160`r`n证券名称：巨化股份`r`n买卖方向：买入`r`n委托价格：21.21`r`n委托数量：100`r`n`r`n您是否确认以上买入委托？"
    $script:Buy100 = @{ Side = 'buy'; Code = '600160'; Price = '21.21'; Amount = '100' }
}

AfterAll {
    Remove-Module ThsWorker -ErrorAction SilentlyContinue
    Remove-Variable -Name ThsPesterQueue, ThsPesterClicks, ThsPesterStays -Scope Global -ErrorAction SilentlyContinue
}

Describe 'ConvertFrom-ThsConfirmText and Test-ThsConfirmation' {
    It 'reads the fields of the simulated 委托确认 and finds it matching the order' {
        $f = InModuleScope ThsWorker -Parameters @{ T = $SimConfirm } { param($T) ConvertFrom-ThsConfirmText -Text $T }
        $f.Code | Should -Be '600160'
        $f.Side | Should -Be 'buy'
        $f.Price | Should -Be '21.21'
        $f.Amount | Should -Be '100'
        $d = InModuleScope ThsWorker -Parameters @{ T = $SimConfirm; E = $Buy100 } { param($T, $E) Test-ThsConfirmation -Text $T -Expect $E }
        @($d).Count | Should -Be 0
    }

    It 'reads a one-line format with other labels, a 3-decimal price, separators and 股, and skips 最新价格' {
        $t = '证券代码：600160  证券名称：巨化股份  最新价格：23.57  操作：证券买入  委托价格：21.210  委托数量：1,000股  是否确认？'
        $d = InModuleScope ThsWorker -Parameters @{ T = $t } { param($T) Test-ThsConfirmation -Text $T -Expect @{ Side = 'buy'; Code = '600160'; Price = '21.21'; Amount = '1000' } }
        @($d).Count | Should -Be 0
    }

    It 'names what differs: <Why>' -TestCases @(
        @{ Why = 'the amount'; Expect = @{ Side = 'buy'; Code = '600160'; Price = '21.21'; Amount = '1000' }; Says = '委托数量：确认框 100，请求 1000' }
        @{ Why = 'the side'; Expect = @{ Side = 'sell'; Code = '600160'; Price = '21.21'; Amount = '100' }; Says = '买卖方向：确认框 买入，请求 卖出' }
        @{ Why = 'the code'; Expect = @{ Side = 'buy'; Code = '600161'; Price = '21.21'; Amount = '100' }; Says = '证券代码：确认框 600160，请求 600161' }
        @{ Why = 'the price'; Expect = @{ Side = 'buy'; Code = '600160'; Price = '21.22'; Amount = '100' }; Says = '委托价格：确认框 21.21，请求 21.22' }
    ) {
        $d = InModuleScope ThsWorker -Parameters @{ T = $SimConfirm; E = $Expect } { param($T, $E) Test-ThsConfirmation -Text $T -Expect $E }
        @($d) | Should -Be @($Says)
    }

    It 'does not compare the price when none was given, and refuses a confirmation it cannot read' {
        $noPrice = @{ Side = 'buy'; Code = '600160'; Price = ''; Amount = '100' }
        $same = InModuleScope ThsWorker -Parameters @{ T = $SimConfirm.Replace('委托价格：21.21', '委托价格：23.57'); E = $noPrice } { param($T, $E) Test-ThsConfirmation -Text $T -Expect $E }
        @($same).Count | Should -Be 0
        $d = InModuleScope ThsWorker -Parameters @{ E = $Buy100 } { param($E) Test-ThsConfirmation -Text '您是否确认以上委托？' -Expect $E }
        @($d) | Should -Contain '确认框里没有读到委托数量'
        @($d) | Should -Contain '确认框里没有读到证券代码'
    }

    It 'checks a 撤单确认 by its contract numbers (as a set) and its count, and refuses one that shows neither' {
        $ok = InModuleScope ThsWorker { Test-ThsConfirmation -Text "您是否确认撤销以下2笔委托？`r`n合同编号：4025982647,4025982646" -Expect @{ EntrustNos = @('4025982646', '4025982647'); Code = '' } }
        @($ok).Count | Should -Be 0
        $other = InModuleScope ThsWorker { Test-ThsConfirmation -Text "您是否确认撤销以下1笔委托？`r`n合同编号：4025982647" -Expect @{ EntrustNos = @('4025982646'); Code = '' } }
        @($other) | Should -Contain '合同编号：确认框 4025982647，要撤的是 4025982646'
        $count = InModuleScope ThsWorker { Test-ThsConfirmation -Text '您是否确认撤销以下3笔委托？' -Expect @{ EntrustNos = @('1', '2'); Code = '' } }
        @($count) | Should -Be @('笔数：确认框 3，要撤 2')
        $none = InModuleScope ThsWorker { Test-ThsConfirmation -Text '您是否确认撤单？' -Expect @{ EntrustNos = @('1'); Code = '' } }
        @($none) | Should -Be @('确认框里没有读到合同编号或笔数')
    }
}

Describe 'Get-ThsQuestion: a confirmation, a warning of the table, or unknown' {
    It 'tells <Why>' -TestCases @(
        @{ Why = 'a plain result (one button) is not a question'; Title = '提示'; Text = '委托失败'; Buttons = @(1); Action = 'buy'; Kind = $null }
        @{ Why = '委托确认 with 是 / 否 is the confirmation'; Title = '委托确认'; Text = 'SIM'; Buttons = @(6, 7); Action = 'buy'; Kind = 'confirm' }
        @{ Why = 'an ST name in a field line keeps it a confirmation'; Title = '委托确认'; Text = "证券名称：ST澄星`r`n您是否确认以上买入委托？"; Buttons = @(6, 7); Action = 'buy'; Kind = 'confirm' }
        @{ Why = 'a risk note in the confirmation''s free text makes it a warning'; Title = '委托确认'; Text = "证券代码：600078`r`n该股票为风险警示股票，是否继续？"; Buttons = @(6, 7); Action = 'buy'; Kind = 'risk_warning_stock' }
        @{ Why = 'a 风险提示 field in a confirmation makes it a warning'; Title = '委托确认'; Text = "证券代码：600078  证券名称：ST澄星`r`n风险提示：该股票为风险警示股票`r`n您是否确认以上买入委托？"; Buttons = @(6, 7); Action = 'buy'; Kind = 'risk_warning_stock' }
        @{ Why = 'an ST name sharing a line with other fields keeps it a confirmation'; Title = '委托确认'; Text = "操作：买入 证券代码：600078 证券名称：ST澄星`r`n委托价格：3.10，委托数量：100`r`n您是否确认以上买入委托？"; Buttons = @(6, 7); Action = 'buy'; Kind = 'confirm' }
        @{ Why = 'a delisting note after a label makes it a warning'; Title = '委托确认'; Text = "证券代码：600160`r`n提示：该股票已进入退市整理期`r`n您是否确认以上买入委托？"; Buttons = @(6, 7); Action = 'buy'; Kind = 'delisting' }
        @{ Why = 'a price deviation'; Title = '提示信息'; Text = '委托价格偏离最新价超过10%，是否继续？'; Buttons = @(6, 7); Action = 'buy'; Kind = 'price_deviation' }
        @{ Why = 'a delisting stock before a risk-warning one'; Title = '提示信息'; Text = '*ST退市整理期股票，风险警示，是否继续？'; Buttons = @(6, 7); Action = 'buy'; Kind = 'delisting' }
        @{ Why = 'an OK / Cancel question'; Title = '提示'; Text = '是否继续？'; Buttons = @(1, 2); Action = 'sell'; Kind = 'unknown' }
        @{ Why = 'another action''s confirmation title'; Title = '撤单确认'; Text = 'SIM'; Buttons = @(6, 7); Action = 'buy'; Kind = 'unknown' }
    ) {
        if ($Text -eq 'SIM') { $Text = $SimConfirm }
        $q = InModuleScope ThsWorker -Parameters @{ P = @{ Title = $Title; Text = $Text; Buttons = $Buttons }; A = $Action } { param($P, $A) Get-ThsQuestion -Popup $P -Action $A }
        if ($null -eq $Kind) { $q | Should -BeNullOrEmpty } else { $q.Kind | Should -Be $Kind }
    }

    It 'answers an OK / Cancel question with 确定 for yes and 取消 for no' {
        $q = InModuleScope ThsWorker { Get-ThsQuestion -Popup @{ Title = '提示'; Text = '是否继续？'; Buttons = @(1, 2) } -Action buy }
        $q.Yes | Should -Be 1
        $q.No | Should -Be 2
    }
}

Describe 'Read-ThsPopup' {
    BeforeEach {
        # A popup (handle 5) with a title, the body statics (0x3EC is 1004), 是 / 否, and inside a group box (not the
        # popup's own control) a button with id 1. Every port call is recorded.
        $global:ThsPesterPortCalls = New-Object System.Collections.Generic.List[string]
        $global:ThsPesterTexts = @{ 101365 = '委托确认'; 101004 = ''; 101040 = '证券代码：600160' }
        Mock -ModuleName ThsWorker Get-PortChildWindows {
            $global:ThsPesterPortCalls.Add('Get-PortChildWindows ' + $Handle)
            $kids = @(foreach ($id in @(1365, 0x3EC, 1004, 1040, 6, 7)) { @{ Handle = [int64](100000 + $id); Parent = [int64]5; ControlId = $id; ClassName = 'Static'; Visible = $true } })
            $kids + @(@{ Handle = [int64]200001; Parent = [int64]101365; ControlId = 1; ClassName = 'Button'; Visible = $true })
        }
        Mock -ModuleName ThsWorker Get-PortTexts {
            $global:ThsPesterPortCalls.Add('Get-PortTexts ' + ($Handles -join ','))
            , [string[]]@(foreach ($h in $Handles) { [string]$global:ThsPesterTexts[[int]$h] })
        }
        Mock -ModuleName ThsWorker Get-PortChild { $global:ThsPesterPortCalls.Add('Get-PortChild'); [int64]0 }
        Mock -ModuleName ThsWorker Get-PortText { $global:ThsPesterPortCalls.Add('Get-PortText'); '' }
    }

    AfterAll {
        Remove-Variable -Name ThsPesterPortCalls, ThsPesterTexts -Scope Global -ErrorAction SilentlyContinue
    }

    It 'reads the body from control 1040 when 0x3EC (1004) is empty (2025-2026 builds), in two port calls, each control once' {
        $p = InModuleScope ThsWorker { Read-ThsPopup -Popup @{ Handle = 5; Title = '' } }
        $p.Title | Should -Be '委托确认'
        $p.Text | Should -Be '证券代码：600160'
        @($p.Buttons) | Should -Be @(6, 7)   # not 1: that button is not the popup's own control
        @($global:ThsPesterPortCalls) | Should -Be @('Get-PortChildWindows 5', 'Get-PortTexts 101365,101004,101040')
    }

    It 'takes the first body with text in the order 0x3EC, 1040 (trimmed), and the window title when 1365 is empty' {
        $global:ThsPesterTexts = @{ 101365 = ''; 101004 = '  撤单成功  '; 101040 = '第二个' }
        $p = InModuleScope ThsWorker { Read-ThsPopup -Popup @{ Handle = 5; Title = '提示' } }
        $p.Title | Should -Be '提示'
        $p.Text | Should -Be '撤单成功'
    }
}

Describe 'Wait-ThsResultPopup' {
    BeforeEach {
        $global:ThsPesterClicks = New-Object System.Collections.Generic.List[string]
        $global:ThsPesterStays = $false
        Mock -ModuleName ThsWorker Get-ThsPopups { , @($global:ThsPesterQueue | Select-Object -First 1) }
        Mock -ModuleName ThsWorker Read-ThsPopup { $Popup }
        Mock -ModuleName ThsWorker Close-ThsPopup {
            $global:ThsPesterClicks.Add([string]$ButtonId)
            if ($global:ThsPesterStays -and $ButtonId -eq 7) { return $false }
            $global:ThsPesterQueue = @($global:ThsPesterQueue | Select-Object -Skip 1)
            $true
        }
        Mock -ModuleName ThsWorker Wait-ThsTick { }
    }

    It 'answers a matching confirmation 是, then reads and closes the result' {
        $global:ThsPesterQueue = @(@{ Handle = 1; Title = '委托确认'; Text = $SimConfirm; Buttons = @(6, 7) }, @{ Handle = 2; Title = '提示'; Text = '您的买入委托已成功提交，合同编号：1。'; Buttons = @(1) })
        $r = InModuleScope ThsWorker -Parameters @{ E = $Buy100 } { param($E) Wait-ThsResultPopup -ProcessId 1 -Action buy -Expect $E }
        @($global:ThsPesterClicks) | Should -Be @('6', '1')
        $r.Refused | Should -BeFalse
        $r.Text | Should -Be '您的买入委托已成功提交，合同编号：1。'
        @($r.Confirmations) | Should -Be @($SimConfirm)
    }

    It 'answers a confirmation showing another amount 否 and reports confirmation_mismatch naming it' {
        $global:ThsPesterQueue = @(@{ Handle = 1; Title = '委托确认'; Text = $SimConfirm.Replace('委托数量：100', '委托数量：1000'); Buttons = @(6, 7) })
        $r = InModuleScope ThsWorker -Parameters @{ E = $Buy100 } { param($E) Wait-ThsResultPopup -ProcessId 1 -Action buy -Expect $E }
        @($global:ThsPesterClicks) | Should -Be @('7')
        $r.Refused | Should -BeTrue
        $r.Refusal | Should -Be 'confirmation_mismatch'
        $r.Message | Should -Match '委托数量：确认框 1000，请求 100'
    }

    It 'answers a warning 否 with its kind and text, unless its kind is accepted' {
        $warn = @{ Handle = 1; Title = '提示信息'; Text = 'ST澄星(600078)为风险警示股票，是否继续买入？'; Buttons = @(6, 7) }
        $global:ThsPesterQueue = @($warn)
        $r = InModuleScope ThsWorker { Wait-ThsResultPopup -ProcessId 1 -Action buy -Expect @{ Side = 'buy'; Code = '600078'; Price = ''; Amount = '100' } }
        $r.Refusal | Should -Be 'client_warning'
        $r.Warning | Should -Be 'risk_warning_stock'
        $r.Message | Should -Be $warn.Text
        $global:ThsPesterQueue = @($warn, @{ Handle = 2; Title = '提示'; Text = '您的买入委托已成功提交，合同编号：2。'; Buttons = @(1) })
        $global:ThsPesterClicks.Clear()
        $r = InModuleScope ThsWorker { Wait-ThsResultPopup -ProcessId 1 -Action buy -Expect @{ Side = 'buy'; Code = '600078'; Price = ''; Amount = '100' } -AcceptWarnings @('risk_warning_stock') }
        @($global:ThsPesterClicks) | Should -Be @('6', '1')
        $r.Refused | Should -BeFalse
        @($r.Warnings)[0].kind | Should -Be 'risk_warning_stock'
    }

    It 'answers an unknown question 否 even when every named kind is accepted' {
        $global:ThsPesterQueue = @(@{ Handle = 1; Title = '提示'; Text = '是否继续？'; Buttons = @(6, 7) })
        $all = InModuleScope ThsWorker { Get-ThsWarningKinds }
        $r = InModuleScope ThsWorker -Parameters @{ K = $all } { param($K) Wait-ThsResultPopup -ProcessId 1 -Action sell -Expect $null -AcceptWarnings $K }
        $r.Warning | Should -Be 'unknown'
        @($global:ThsPesterClicks) | Should -Be @('7')
    }

    It 'throws outcome_unknown, submitted, when the dialog stays open after 否 (it may still place the order)' {
        $global:ThsPesterStays = $true
        $global:ThsPesterQueue = @(@{ Handle = 1; Title = '委托确认'; Text = $SimConfirm.Replace('买入', '卖出'); Buttons = @(6, 7) })
        $caught = $null
        try { InModuleScope ThsWorker -Parameters @{ E = $Buy100 } { param($E) Wait-ThsResultPopup -ProcessId 1 -Action buy -Expect $E } } catch { $caught = $_ }
        $info = InModuleScope ThsWorker -Parameters @{ Err = $caught } { param($Err) ConvertTo-ThsErrorInfo -ErrorRecord $Err }
        $info.code | Should -Be 'outcome_unknown'
        $info.submitted | Should -BeTrue
    }
}
