# TypedInput.Tests.ps1 - the typed-input fallback of Fields.ps1 (2025–2026 builds): WM_SETTEXT and a read-back first,
# WM_CHAR (select all + backspace, one character per message) when the text did not read back or the code's name label
# stayed empty; field_rejected / stock_not_recognised when even typing did not work. The port is a fake edit here.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../../ps/ThsWorker/ThsWorker.psd1') -Force
    Initialize-ThsWorker -Backend Sim -SimState (Join-Path ([System.IO.Path]::GetTempPath()) ('ths-pester-' + [Guid]::NewGuid().ToString('N') + '.json'))
}

AfterAll {
    Remove-Module ThsWorker -ErrorAction SilentlyContinue
    Remove-Variable -Name ThsTyped -Scope Global -ErrorAction SilentlyContinue
}

Describe 'Set-ThsField and Set-ThsCodeField (typed-input fallback)' {
    BeforeEach {
        # The fake client: handle 10 = the edit, 11 = the name label. SetText: WM_SETTEXT shows the text; Char:
        # WM_CHAR is taken; NameOn: 'settext' / 'typed' / 'never' = when the name label fills after the code.
        $global:ThsTyped = @{ Text = @{ [int64]10 = 'old'; [int64]11 = '' }; SetText = $true; Char = $true; NameOn = 'settext'; Log = (New-Object System.Collections.Generic.List[string]); All = $false }
        InModuleScope ThsWorker {
            $script:FIELD_VERIFY_TIMEOUT_MS = 30
            $script:LABEL_FILL_TIMEOUT_MS = 30
            $script:ThsTypeInput = $false
            $script:ThsTypedFieldCount = 0
        }
        Mock -ModuleName ThsWorker Write-ThsLog { }
        Mock -ModuleName ThsWorker Push-PortMessage { $global:ThsTyped.Log.Add('click'); $true }
        Mock -ModuleName ThsWorker Get-PortText { [string]$global:ThsTyped.Text[[int64]$Handle] }
        Mock -ModuleName ThsWorker Set-PortText {
            $f = $global:ThsTyped
            $f.Log.Add('settext:' + $Handle + ':' + $Text)
            if ([int64]$Handle -eq 11 -or $f.SetText) { $f.Text[[int64]$Handle] = $Text }
            if ([int64]$Handle -eq 10 -and $f.SetText -and $f.NameOn -eq 'settext' -and $Text -match '^\d{6}$') { $f.Text[[int64]11] = '巨化股份' }
            $true
        }
        Mock -ModuleName ThsWorker Send-PortMessage {
            $f = $global:ThsTyped
            $f.Log.Add('msg:' + $Handle + ':' + $Message + ':' + $WParam + ':' + $LParam)
            if ($Message -eq 0x00B1) { $f.All = ($WParam -eq 0 -and $LParam -eq -1) }
            if ($Message -eq 0x0102 -and $f.Char) {
                $t = [string]$f.Text[[int64]$Handle]
                if ($f.All) { $t = '' }
                if ($WParam -eq 8) { if (-not $f.All -and $t.Length -gt 0) { $t = $t.Substring(0, $t.Length - 1) } } else { $t += [string][char][int]$WParam }
                $f.All = $false
                $f.Text[[int64]$Handle] = $t
                if ($f.NameOn -ne 'never' -and $t -match '^\d{6}$') { $f.Text[[int64]11] = '巨化股份' }
            }
            @{ Ok = $true; Result = 0; TimedOut = $false }
        }
    }

    It 'sets a field with WM_SETTEXT alone when it reads back (no WM_CHAR sent)' {
        InModuleScope ThsWorker { Set-ThsField -Handle 10 -Text '21.21' -What '委托价格' }
        $global:ThsTyped.Text[[int64]10] | Should -Be '21.21'
        @($global:ThsTyped.Log | Where-Object { $_ -like 'msg:*' }) | Should -HaveCount 0
        (InModuleScope ThsWorker { Get-ThsTypedInputInfo }).typedFields | Should -Be 0
    }

    It 'types a field that ignores WM_SETTEXT: select all, backspace, then one WM_CHAR per character, and counts it' {
        $global:ThsTyped.SetText = $false
        InModuleScope ThsWorker { Set-ThsField -Handle 10 -Text '21.5' -What '委托价格' }
        $global:ThsTyped.Text[[int64]10] | Should -Be '21.5'
        @($global:ThsTyped.Log | Where-Object { $_ -like 'msg:*' }) | Should -Be @('msg:10:177:0:-1', 'msg:10:258:8:0', 'msg:10:258:50:0', 'msg:10:258:49:0', 'msg:10:258:46:0', 'msg:10:258:53:0')
        (InModuleScope ThsWorker { Get-ThsTypedInputInfo }).typedFields | Should -Be 1
    }

    It 'throws field_rejected naming the field when neither WM_SETTEXT nor WM_CHAR takes' {
        $global:ThsTyped.SetText = $false
        $global:ThsTyped.Char = $false
        $ex = $null
        try { InModuleScope ThsWorker { Set-ThsField -Handle 10 -Text '300' -What '委托数量' } } catch { $ex = $_.Exception }
        $ex | Should -Not -BeNullOrEmpty
        $ex.Data['ThsCode'] | Should -Be 'field_rejected'
        $ex.Message | Should -BeLike '*委托数量*300*读回“old”*'
    }

    It 'returns the name when it fills after WM_SETTEXT, without typing or switching to typed input' {
        $name = InModuleScope ThsWorker { Set-ThsCodeField -CodeHandle 10 -NameHandle 11 -Code '600160' }
        $name | Should -Be '巨化股份'
        @($global:ThsTyped.Log | Where-Object { $_ -like 'msg:*' }) | Should -HaveCount 0
        (InModuleScope ThsWorker { Get-ThsTypedInputInfo }).typeInput | Should -BeFalse
    }

    It 'types the code when the name stays empty after WM_SETTEXT (unheard), then types every later field' {
        $global:ThsTyped.NameOn = 'typed'
        $name = InModuleScope ThsWorker { Set-ThsCodeField -CodeHandle 10 -NameHandle 11 -Code '600160' }
        $name | Should -Be '巨化股份'
        @($global:ThsTyped.Log | Where-Object { $_ -like 'msg:10:258:*' }).Count | Should -Be 7   # backspace + 6 digits
        (InModuleScope ThsWorker { Get-ThsTypedInputInfo }).typeInput | Should -BeTrue
        $global:ThsTyped.Log.Clear()
        InModuleScope ThsWorker { Set-ThsField -Handle 10 -Text '100' -What '委托数量' -Typed:$script:ThsTypeInput }
        $global:ThsTyped.Text[[int64]10] | Should -Be '100'
        @($global:ThsTyped.Log | Where-Object { $_ -like 'settext:10:100' }) | Should -HaveCount 0
    }

    It 'throws stock_not_recognised naming the code when the name stays empty after the typed retry, and clicks nothing' {
        $global:ThsTyped.NameOn = 'never'
        $ex = $null
        try { InModuleScope ThsWorker { [void](Set-ThsCodeField -CodeHandle 10 -NameHandle 11 -Code '600160') } } catch { $ex = $_.Exception }
        $ex | Should -Not -BeNullOrEmpty
        $ex.Data['ThsCode'] | Should -Be 'stock_not_recognised'
        $ex.Message | Should -BeLike '*600160*证券名称*'
        @($global:ThsTyped.Log | Where-Object { $_ -eq 'click' }) | Should -HaveCount 0
        (InModuleScope ThsWorker { Get-ThsTypedInputInfo }).typeInput | Should -BeFalse
    }

    It 'empties a field by WM_SETTEXT when select all + backspace leaves text (a build without select-all)' {
        $global:ThsTyped.Text[[int64]10] = 'abc'
        Mock -ModuleName ThsWorker Send-PortMessage {
            $f = $global:ThsTyped
            $f.Log.Add('msg:' + $Handle + ':' + $Message + ':' + $WParam)
            if ($Message -eq 0x0102 -and $WParam -ne 8) { $f.Text[[int64]$Handle] = [string]$f.Text[[int64]$Handle] + [string][char][int]$WParam }
            @{ Ok = $true; Result = 0; TimedOut = $false }
        }
        InModuleScope ThsWorker { Send-ThsTypedText -Handle 10 -Text '42' -What '委托数量' }
        $global:ThsTyped.Text[[int64]10] | Should -Be '42'
        @($global:ThsTyped.Log | Where-Object { $_ -eq 'settext:10:' }) | Should -HaveCount 1
    }
}
