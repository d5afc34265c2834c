# Protocol.Tests.ps1 - the reply line's JSON: ASCII only, every other character as \uXXXX. PowerShell 6.2+ escapes
# natively (ConvertTo-Json -EscapeHandling EscapeNonAscii); Windows PowerShell 5.1 takes the per-character pass. Both must
# write the same text.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../../ps/ThsWorker/ThsWorker.psd1') -Force
    Initialize-ThsWorker -Backend Sim -SimState (Join-Path ([System.IO.Path]::GetTempPath()) ('ths-pester-' + [Guid]::NewGuid().ToString('N') + '.json'))
    # Both paths' text for one object: the native one, then the 5.1 one (the splat emptied, as 5.1 leaves it).
    function Get-BothEscapes {
        param($Object)
        InModuleScope ThsWorker -Parameters @{ O = $Object } {
            param($O)
            $saved = $script:ThsJsonEscapeNonAscii
            try {
                $native = ConvertTo-ThsAsciiJson -InputObject $O
                $script:ThsJsonEscapeNonAscii = @{}
                $perChar = ConvertTo-ThsAsciiJson -InputObject $O
            } finally {
                $script:ThsJsonEscapeNonAscii = $saved
            }
            return @{ Native = $native; PerChar = $perChar }
        }
    }
    $script:Odd = [ordered]@{
        text   = ('中文 é ' + [char]0xD83D + [char]0xDE00 + ' ' + [char]0x2028 + ' ' + [char]0x80 + ' "q" \ / <&>' + "`t`n")
        ctrl   = [string][char]0x1F
        nums   = @([decimal]'21.210', [int64]100, 0.5, $null, $true)
        nested = [ordered]@{ '证券代码' = '600160'; rows = @([ordered]@{ '操作' = '买入' }) }
    }
}

AfterAll {
    Remove-Module ThsWorker -ErrorAction SilentlyContinue
}

Describe 'ConvertTo-ThsAsciiJson' {
    It 'escapes natively on this PowerShell when its ConvertTo-Json has -EscapeHandling (6.2+), and not otherwise' {
        $has = (Get-Command -Name ConvertTo-Json).Parameters.ContainsKey('EscapeHandling')
        $splat = InModuleScope ThsWorker { $script:ThsJsonEscapeNonAscii }
        $splat.Count -gt 0 | Should -Be $has
        if ($has) { $splat['EscapeHandling'] | Should -Be 'EscapeNonAscii' }
    }

    It 'writes the same text by both paths for Chinese, accents, a surrogate pair, U+2028, control characters and numbers' {
        $both = Get-BothEscapes -Object $Odd
        $both.Native | Should -BeExactly $both.PerChar
        $both.Native | Should -Match '\\u4e2d\\u6587 \\u00e9 \\ud83d\\ude00 \\u2028 \\u0080'
        $both.Native | Should -Match '"ctrl":"\\u001f"'
        $both.Native | Should -Match '"nums":\[21\.210?,100,0\.5,null,true\]'
    }

    It 'writes pure ASCII that reads back to the same strings' {
        $both = Get-BothEscapes -Object $Odd
        foreach ($text in @($both.Native, $both.PerChar)) {
            $text | Should -Not -Match '[^\x00-\x7F]'
            $back = ConvertFrom-Json -InputObject $text
            $back.text | Should -BeExactly $Odd.text
            $back.nested.'证券代码' | Should -BeExactly '600160'
            $back.nested.rows[0].'操作' | Should -BeExactly '买入'
        }
    }

    It 'writes the same text by both paths for the replies of balance, position and orders' {
        foreach ($cmd in @('balance', 'position', 'orders')) {
            $reply = Invoke-ThsRequest -Line ('{"id":1,"cmd":"' + $cmd + '"}')
            $reply.ok | Should -BeTrue
            $both = Get-BothEscapes -Object $reply
            $both.Native | Should -BeExactly $both.PerChar
        }
    }
}
