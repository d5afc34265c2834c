# MarketTypes.Tests.ps1 - the market-order types come from one source, ps/ThsWorker/market-types.json: the worker's list
# and its -PriceType check derive from it, the simulated client's combo and rules are equal to it.

BeforeAll {
    $script:Repo = Join-Path $PSScriptRoot '../../..'
    $script:Types = @(foreach ($t in (Get-Content -Raw -Encoding UTF8 -LiteralPath (Join-Path $script:Repo 'ps/ThsWorker/market-types.json') | ConvertFrom-Json)) { $t })
    Import-Module (Join-Path $script:Repo 'ps/ThsWorker/ThsWorker.psd1') -Force
    Import-Module (Join-Path $script:Repo 'ps/ThsSimClient/ThsSimClient.psd1') -Force
}

AfterAll {
    Remove-Module ThsWorker, ThsSimClient -ErrorAction SilentlyContinue
}

Describe 'market-types.json' {
    It 'has the 7 types, each with name, alias, exchange SH or SZ and an English description' {
        $script:Types.Count | Should -Be 7
        foreach ($t in $script:Types) {
            @($t.PSObject.Properties.Name) | Should -Be @('name', 'alias', 'exchange', 'en')
            $t.exchange | Should -BeIn @('SH', 'SZ')
            $t.alias | Should -Match '^[a-z0-9_]+$'
        }
    }
}

Describe 'the worker' {
    It 'reads its list of combo 1541 types from the file, in order' {
        @(InModuleScope ThsWorker { @($script:ThsMarketTypes) }) | Should -Be @($script:Types | ForEach-Object { $_.name })
    }

    It 'accepts each of them and nothing else as -PriceType' {
        foreach ($t in $script:Types) { InModuleScope ThsWorker -Parameters @{ N = $t.name } { param($N) Test-ThsPriceTypeName -Name $N } | Should -BeTrue }
        InModuleScope ThsWorker { Test-ThsPriceTypeName -Name '' } | Should -BeTrue
        { InModuleScope ThsWorker { Test-ThsPriceTypeName -Name '市价' } } | Should -Throw '*not a market-order type*'
        (Get-Command Invoke-ThsOrder).Parameters['PriceType'].Attributes.Where({ $_ -is [System.Management.Automation.ValidateSetAttribute] }).Count | Should -Be 0
    }
}

Describe 'the simulated client' {
    It 'offers 限价委托 and then the same types in the same order in combo 1541' {
        @(InModuleScope ThsSimClient { @($script:SimMarketOrderTypes) }) | Should -Be (@('限价委托') + @($script:Types | ForEach-Object { $_.name }))
    }

    It 'has a rule for each type on the exchange the file names, and no other' {
        $rules = InModuleScope ThsSimClient { $script:SimMarketTypes }
        @($rules.Keys) | Should -Be @($script:Types | ForEach-Object { $_.name })
        foreach ($t in $script:Types) { @($rules[$t.name].Exchanges) | Should -Be @($t.exchange) }
    }
}
