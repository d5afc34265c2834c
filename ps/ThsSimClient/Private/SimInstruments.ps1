# SimInstruments.ps1 - what the simulated client knows of a code's class: funds, bonds and reverse repos, their price
# decimals and lot rules. Dot-sourced by ../ThsSimClient.psm1; reads only the quotes and the client settings.

# Funds and bonds (docs/market-rules.md): ETFs (51x except 514 and 519, 560-563, 588; 159) and LOFs (501, 502; 16x)
# are priced to 0.001 and traded in lots of 100 like main-board shares; convertible bonds (110, 111, 113, 118;
# 123, 127, 128) are priced to 0.001 and, in this simulation, counted in 张 and traded in steps of 10 张 (1 手): the
# real client's unit for bonds is not known (THS-UI-FACTS gives 1 手 = 10 张). None of them pays stamp duty.
$script:SimFundPattern = '^(51[0-35-8]|56[0-3]|588|159|50[12])\d{3}$|^16\d{4}$'
$script:SimBondPattern = '^(11[0138]|12[378])\d{3}$'
# Reverse repos (国债逆回购; Shanghai 204xxx, Shenzhen 1318xx): lent with a sell whose price is the annual rate (3
# decimals), counted in the client's unit: client.repoUnitCny, 1000 CNY by default (THS-UI-FACTS "Exchange rules"); 100
# (张, in steps of 10) models a client that counts them so; the real client's unit is not known (docs/simulated-client.md).
# The cash lent leaves 资金余额 when the order fills and the repo shows as a position worth what was lent.
$script:SimRepoPattern = '^(204\d{3}|1318\d{2})$'

function Test-SimRepo {
    <#
    .SYNOPSIS
    True for a reverse repo code (204xxx, 1318xx).
    #>
    param([AllowEmptyString()][string]$Code)
    return ($Code -match $script:SimRepoPattern)
}

function Get-SimRepoUnit {
    <#
    .SYNOPSIS
    CNY per unit of a reverse repo in this client's quantity field (client.repoUnitCny, default 1000).
    #>
    return [decimal][SimFast]::Setting('repoUnitCny', 1000)
}

function Get-SimPriceDecimals {
    <#
    .SYNOPSIS
    How many decimals a code's prices have: 3 for funds (ETF, LOF) and convertible bonds, 2 for shares.
    #>
    param([AllowEmptyString()][string]$Code)
    if ($Code -match $script:SimFundPattern -or $Code -match $script:SimBondPattern -or $Code -match $script:SimRepoPattern) { return 3 }
    return 2
}

function Get-SimLotRule {
    <#
    .SYNOPSIS
    Lot rule of a code: @{ Min; Step } (STAR 688: 200 / 1, Beijing: 100 / 1, convertible bonds: 10 / 10 张, others
    100 / 100).
    #>
    param([Parameter(Mandatory = $true)][string]$Code)
    if ($Code -match $script:SimBondPattern) { return @{ Min = 10; Step = 10; Board = 'bond' } }
    if ($Code -match $script:SimRepoPattern) {
        $lot = [int64][Math]::Max(1, [Math]::Ceiling(1000 / (Get-SimRepoUnit)))   # units per 1000 CNY
        return @{ Min = $lot; Step = $lot; Board = 'repo' }
    }
    if ($Code -match '^68[89]') { return @{ Min = 200; Step = 1; Board = 'star' } }
    if ((Get-SimCodeExchange -Code $Code) -eq 'BJ') { return @{ Min = 100; Step = 1; Board = 'bj' } }
    return @{ Min = 100; Step = 100; Board = 'main' }
}
