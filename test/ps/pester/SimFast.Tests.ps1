# SimFast.Tests.ps1 - the simulated client's most frequent reads as static methods (ps/ThsSimClient/Private/SimFast.ps1):
# a state number as [decimal], one client setting, whether the client is hung, and a page control's heard text and
# writes. The exported functions that ask through them (Get-SimClientSetting, Test-SimHung) give the same answers,
# and the messages that ask (Invoke-SimMessage, Step-SimClient, WM_SETTEXT's ignored and unheard ids) follow the state.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../../ps/ThsSimClient/ThsSimClient.psd1') -Force
    $script:state = Join-Path ([System.IO.Path]::GetTempPath()) ('ths-pester-' + [Guid]::NewGuid().ToString('N') + '.json')
    Initialize-SimClient -StatePath $script:state -SamplePath (Join-Path $PSScriptRoot '../../../ps/sim/sample-state.json')
}

AfterAll {
    Remove-Module ThsSimClient -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $script:state -Force -ErrorAction SilentlyContinue
}

Describe 'SimFast::Decimal' {
    It 'reads <What> as <Want>' -TestCases @(
        @{ What = 'a money string'; Value = '108328.65'; Want = [decimal]'108328.65' }
        @{ What = 'a padded string'; Value = ' 5 '; Want = [decimal]5 }
        @{ What = 'a JSON double (PS 7) exactly as written'; Value = [double]0.1; Want = [decimal]'0.1' }
        @{ What = 'a JSON long'; Value = [int64]7; Want = [decimal]7 }
        @{ What = 'a decimal'; Value = [decimal]'23.57'; Want = [decimal]'23.57' }
        @{ What = 'an empty string'; Value = ''; Want = [decimal]0 }
        @{ What = 'null'; Value = $null; Want = [decimal]0 }
        @{ What = 'an exponent'; Value = '2.5E-4'; Want = [decimal]'0.00025' }
    ) {
        $got = InModuleScope ThsSimClient -Parameters @{ V = $Value } { param($V) [SimFast]::Decimal($V) }
        $got | Should -BeOfType [decimal]
        $got | Should -Be $Want
    }

    It 'throws for text that is not a number' {
        { InModuleScope ThsSimClient { [SimFast]::Decimal('12,5x') } } | Should -Throw
        { InModuleScope ThsSimClient { [SimFast]::Decimal('abc') } } | Should -Throw
    }
}

Describe 'SimFast::Setting and Get-SimClientSetting' {
    It 'gives a set value, the default for an unset one, and a list as a list' {
        InModuleScope ThsSimClient {
            $script:SimState.client['ignoreSetTextIds'] = @(1032, 1033)
            try {
                [SimFast]::Setting('title', 'x') | Should -Be '网上股票交易系统5.0'
                [SimFast]::Setting('noSuchSetting', 'fallback') | Should -Be 'fallback'
                @([SimFast]::Setting('ignoreSetTextIds', @())) | Should -Be @(1032, 1033)
                Get-SimClientSetting -Name 'noSuchSetting' -Default 7 | Should -Be 7
                @(Get-SimClientSetting -Name 'ignoreSetTextIds' -Default @()) | Should -Be @(1032, 1033)
            } finally { $script:SimState.client.Remove('ignoreSetTextIds') }
        }
    }

    It 'reads a client section that is not a dictionary (an object from ConvertFrom-Json without -AsHashtable)' {
        InModuleScope ThsSimClient {
            $saved = $script:SimState['client']
            $script:SimState['client'] = [pscustomobject]@{ hung = $true; title = 'T' }
            try {
                [SimFast]::Setting('title', 'x') | Should -Be 'T'
                [SimFast]::Setting('absent', 'd') | Should -Be 'd'
                [SimFast]::Hung() | Should -BeTrue
            } finally { $script:SimState['client'] = $saved }
        }
    }
}

Describe 'SimFast::Hung where the model asks' {
    It 'a hung client delivers no message and its posted messages wait; answering again delivers them' {
        InModuleScope ThsSimClient {
            $frame = [int64]@(Get-SimTopWindows)[0].Id
            $script:SimState.client['hung'] = $true
            try {
                Test-SimHung | Should -BeTrue
                $r = Invoke-SimMessage -Id $frame -Message $script:WM_GETTEXT
                $r.Delivered | Should -BeFalse
                $r.Hung | Should -BeTrue
                Add-SimPostedMessage -Id $frame -Message $script:WM_SETTEXT -LParam 'changed while hung'
                Step-SimClient
                (Get-SimWindowRecord -Id $frame).Text | Should -Not -Be 'changed while hung'
            } finally { $script:SimState.client['hung'] = $false }
            Test-SimHung | Should -BeFalse
            Step-SimClient
            (Get-SimWindowRecord -Id $frame).Text | Should -Be 'changed while hung'
        }
    }

    It 'WM_SETTEXT to a control in ignoreSetTextIds changes nothing; to another control it sets the text' {
        InModuleScope ThsSimClient {
            $dialog = Show-SimPageWindow -PageId $script:PAGE_BUY
            $edit = Get-SimWindowRecord -Id (Find-SimControl -Root $dialog -ControlId $script:ID_AMOUNT)
            $before = [string]$edit.Text
            $script:SimState.client['ignoreSetTextIds'] = @([int]$edit.ControlId)
            try {
                (Invoke-SimMessage -Id $edit.Id -Message $script:WM_SETTEXT -LParam 'ignored').Delivered | Should -BeTrue
                (Get-SimWindowRecord -Id $edit.Id).Text | Should -Be $before
            } finally { $script:SimState.client.Remove('ignoreSetTextIds') }
            [void](Invoke-SimMessage -Id $edit.Id -Message $script:WM_SETTEXT -LParam 'heard')
            (Get-SimWindowRecord -Id $edit.Id).Text | Should -Be 'heard'
        }
    }
}

Describe 'SimFast: the page of a window, and the heard text of a page control' {
    It 'finds the page of a control on the buy page, and tells trade and buy pages from the others' {
        InModuleScope ThsSimClient {
            $dialog = Show-SimPageWindow -PageId $script:PAGE_BUY
            $page = [SimFast]::PageOf([SimFast]::Control($dialog, $script:ID_CODE))
            $page.PageId | Should -Be $script:PAGE_BUY
            $page.Dialog | Should -Be $dialog
            [SimFast]::PageOf([int64]@(Get-SimTopWindows)[0].Id) | Should -BeNullOrEmpty
            [SimFast]::BuyPage($script:PAGE_BUY) | Should -BeTrue
            [SimFast]::BuyPage($script:PAGE_SELL) | Should -BeFalse
            [SimFast]::TradePage($script:PAGE_SELL) | Should -BeTrue
            [SimFast]::TradePage($script:PAGE_ORDERS) | Should -BeFalse
            [SimFast]::Control($dialog, 4242) | Should -Be 0
            [SimFast]::ControlHeardText($dialog, 4242) | Should -Be ''
        }
    }

    It 'an unheard WM_SETTEXT changes what is shown, not what the client heard; a label write changes both' {
        InModuleScope ThsSimClient {
            $dialog = Show-SimPageWindow -PageId $script:PAGE_BUY
            $amount = [SimFast]::Control($dialog, $script:ID_AMOUNT)
            [void](Invoke-SimMessage -Id $amount -Message $script:WM_SETTEXT -LParam '300')
            $script:SimState.client['unheardSetTextIds'] = @([int]$script:ID_AMOUNT)
            try {
                [void](Invoke-SimMessage -Id $amount -Message $script:WM_SETTEXT -LParam '500')
                (Get-SimWindowRecord -Id $amount).Text | Should -Be '500'
                [SimFast]::ControlHeardText($dialog, $script:ID_AMOUNT) | Should -Be '300'
            } finally { $script:SimState.client.Remove('unheardSetTextIds') }
            $rev = Get-SimRevision
            [SimFast]::SetControlText($dialog, $script:ID_AMOUNT, '700')
            (Get-SimWindowRecord -Id $amount).Text | Should -Be '700'
            [SimFast]::ControlHeardText($dialog, $script:ID_AMOUNT) | Should -Be '700'
            Get-SimRevision | Should -BeGreaterThan $rev
            $rev = Get-SimRevision
            [SimFast]::SetControlText($dialog, $script:ID_AMOUNT, '700')
            Get-SimRevision | Should -Be $rev
        }
    }
}
