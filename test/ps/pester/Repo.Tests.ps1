# Repo.Tests.ps1 - telling the client's reverse-repo unit from its max-sell label against the available cash
# (Resolve-ThsRepoQuantity): 1,000 CNY or 100 CNY per unit at the edges of each band, and repo_unit_unknown (nothing
# submitted) for a ratio between the bands, above them, or a cash text that is not a positive number.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../../ps/ThsWorker/ThsWorker.psd1') -Force
}

AfterAll {
    Remove-Module ThsWorker -ErrorAction SilentlyContinue
}

Describe 'Resolve-ThsRepoQuantity' {
    It 'reads max <Max> against cash <Cash> as units of <Unit> CNY and types <Typed> for 3 x 1,000 CNY' -ForEach @(
        @{ Max = 78; Cash = '78919.91'; Unit = 1000; Typed = 3 }
        @{ Max = 1; Cash = '1999.99'; Unit = 1000; Typed = 3 }       # ratio 0.5: one unit of 1,000 in 1,999.99
        @{ Max = 105; Cash = '100000.00'; Unit = 1000; Typed = 3 }   # ratio 1.05: the band's top
        @{ Max = 780; Cash = '78919.91'; Unit = 100; Typed = 30 }    # 张 in steps of 10
        @{ Max = 789; Cash = '78,919.91'; Unit = 100; Typed = 30 }   # 张 in steps of 1, a grouped cash text
        @{ Max = 10; Cash = '1999.99'; Unit = 100; Typed = 30 }      # ratio 5.0: the band's bottom
    ) {
        $r = InModuleScope ThsWorker -Parameters @{ Max = $Max; Cash = $Cash } { param($Max, $Cash) Resolve-ThsRepoQuantity -Units 3 -Cash $Cash -MaxQuantity $Max }
        $r.unitCny | Should -Be $Unit
        $r.clientAmount | Should -Be $Typed
        $r.cny | Should -Be 3000
    }

    It 'refuses with repo_unit_unknown when max <Max> against cash <Cash> fits neither unit' -ForEach @(
        @{ Max = 2; Cash = '1000.00' }      # ratio 2: between the bands (a client counting 500 CNY)
        @{ Max = 106; Cash = '100000.00' }  # ratio 1.06: just above the 1,000 band
        @{ Max = 12; Cash = '1000.00' }     # ratio 12: above the 100 band
        @{ Max = 5; Cash = '' }             # no cash text
        @{ Max = 5; Cash = '-' }            # a label not filled
        @{ Max = 5; Cash = '0.00' }         # no cash
    ) {
        $err = $null
        try {
            InModuleScope ThsWorker -Parameters @{ Max = $Max; Cash = $Cash } { param($Max, $Cash) Resolve-ThsRepoQuantity -Units 3 -Cash $Cash -MaxQuantity $Max }
        } catch {
            $err = $_
        }
        $err | Should -Not -BeNullOrEmpty
        $info = InModuleScope ThsWorker -Parameters @{ E = $err } { param($E) ConvertTo-ThsErrorInfo -ErrorRecord $E }
        $info.code | Should -Be 'repo_unit_unknown'
        $info.submitted | Should -BeFalse
        $info.message | Should -Match '没有下单'
    }
}
