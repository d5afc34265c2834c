# Errors.Tests.ps1 - the error-code registry: New-ThsError refuses a code that is not on it, the list is sorted and
# documented, and every code the worker throws is registered.

BeforeAll {
    $script:Repo = Join-Path $PSScriptRoot '../../..'
    Import-Module (Join-Path $script:Repo 'ps/ThsWorker/ThsWorker.psd1') -Force
}

AfterAll { Remove-Module ThsWorker -ErrorAction SilentlyContinue }

Describe 'New-ThsError' {
    It 'refuses a code that is not in the registry, saying where to add it' {
        { InModuleScope ThsWorker { New-ThsError -Code 'no_such_code' -Message 'x' } } | Should -Throw '*not a worker error code*Errors.ps1*'
    }

    It 'builds an exception carrying every registered code and the submitted flag' {
        foreach ($code in @(Get-ThsErrorCodes)) {
            $ex = InModuleScope ThsWorker -Parameters @{ Code = $code } { param($Code) New-ThsError -Code $Code -Message 'm' -Submitted }
            $ex.Data['ThsCode'] | Should -Be $code
            $ex.Data['ThsSubmitted'] | Should -BeTrue
        }
    }
}

Describe 'ConvertTo-ThsErrorInfo' {
    It 'says popup false for an outcome_unknown thrown with -NoPopup, and nothing about popups otherwise' {
        $infos = InModuleScope ThsWorker {
            $out = @()
            foreach ($noPopup in @($true, $false)) {
                try { throw (New-ThsError -Code 'outcome_unknown' -Message 'm' -Submitted -NoPopup:$noPopup) } catch { $out += , (ConvertTo-ThsErrorInfo -ErrorRecord $_) }
            }
            $out
        }
        $infos[0]['popup'] | Should -BeExactly $false
        $infos[0]['submitted'] | Should -BeTrue
        $infos[1].Contains('popup') | Should -BeFalse
    }
}

Describe 'Get-ThsErrorCodes' {
    It 'is sorted and has the 32 codes, internal, outcome_unknown, repo_unit_unknown and not_credit_account among them' {
        $codes = @(Get-ThsErrorCodes)
        $codes | Should -Be @($codes | Sort-Object -CaseSensitive)
        $codes.Count | Should -Be 32
        $codes | Should -Contain 'not_credit_account'
        $codes | Should -Contain 'repo_unit_unknown'
        $codes | Should -Contain 'internal'
        $codes | Should -Contain 'outcome_unknown'
    }

    It 'equals the error table of docs/PROTOCOL.md' {
        $doc = Get-Content -Raw -Encoding UTF8 -LiteralPath (Join-Path $script:Repo 'docs/PROTOCOL.md')
        $section = $doc.Substring($doc.IndexOf('## Error codes from the worker'))
        $documented = @([regex]::Matches($section, '(?m)^\| `([a-z_]+)` \|') | ForEach-Object { $_.Groups[1].Value } | Sort-Object)
        @(Get-ThsErrorCodes) | Should -Be $documented
    }

    It 'covers every code the worker''s files pass to New-ThsError or write into a reply' {
        $used = New-Object System.Collections.Generic.HashSet[string]
        foreach ($f in Get-ChildItem -LiteralPath (Join-Path $script:Repo 'ps/ThsWorker') -Recurse -Include '*.ps1', '*.psm1') {
            $text = Get-Content -Raw -Encoding UTF8 -LiteralPath $f.FullName
            foreach ($m in [regex]::Matches($text, "-Code '([a-z_]+)'|code = '([a-z_]+)'|error = '([a-z_]+)'")) {
                foreach ($g in @(1, 2, 3)) { if ($m.Groups[$g].Success) { [void]$used.Add($m.Groups[$g].Value) } }
            }
        }
        $used.Count | Should -BeGreaterThan 10
        $codes = @(Get-ThsErrorCodes)
        @($used | Where-Object { $codes -notcontains $_ }) | Should -BeNullOrEmpty
    }
}
