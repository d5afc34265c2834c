# SimState.ps1 - the simulated client's numbers and settings: invariant-culture decimals and prices, a state's values
# with defaults, its client settings and delays, and the defaults a loaded state is completed with.
# Dot-sourced by ../ThsSimClient.psm1; the schema is documented at the top of ../ThsSimClient.psm1; the file itself is
# read and written by SimStateFile.ps1.

function ConvertTo-SimPrice {
    <#
    .SYNOPSIS
    A price typed into an edit as [decimal], or $null when it is not a plain positive decimal number.
    #>
    param([AllowNull()][AllowEmptyString()][string]$Text)
    if ($null -eq $Text) { return $null }
    $t = $Text.Trim()
    if (-not ($t -match '^\d{1,9}(\.\d+)?$')) { return $null }
    $d = [decimal]::Parse($t, [System.Globalization.CultureInfo]::InvariantCulture)
    if ($d -le 0) { return $null }
    return $d
}

function Format-SimDecimal {
    <#
    .SYNOPSIS
    A decimal as invariant text with a fixed number of decimals, rounded half away from zero.
    #>
    param([Parameter(Mandatory = $true)]$Value, [int]$Decimals = 2)
    $d = [decimal]::Round([SimFast]::Decimal($Value), $Decimals, [System.MidpointRounding]::AwayFromZero)
    return $d.ToString('F' + $Decimals, [System.Globalization.CultureInfo]::InvariantCulture)
}

# Compares two rows' values (object[]) element by element with Equals: text, numbers and booleans by value and type.
$script:SimRowValuesEqual = [System.Collections.StructuralComparisons]::StructuralEqualityComparer

function Test-SimScalarValues {
    <#
    .SYNOPSIS
    True when every value is text, a number, a boolean or null: a row whose kept text can be checked by its values.
    #>
    param([Parameter(Mandatory = $true)][AllowEmptyCollection()][object[]]$Values)
    foreach ($v in $Values) {
        if ($null -ne $v -and -not ($v -is [string]) -and -not ($v -is [System.ValueType])) { return $false }
    }
    return $true
}

function Get-SimValue {
    <#
    .SYNOPSIS
    Map[Key] when the dictionary has it, else Default (strict mode forbids reading a missing key).
    #>
    param([AllowNull()]$Map, [Parameter(Mandatory = $true)][string]$Key, [AllowNull()]$Default = $null)
    if ($null -eq $Map) { return $Default }
    if ($Map -is [System.Collections.IDictionary]) {
        if ($Map.Contains($Key)) { return $Map[$Key] }
        return $Default
    }
    if ($null -ne $Map.PSObject.Properties[$Key]) { return $Map.$Key }
    return $Default
}

function Get-SimClientSetting {
    <#
    .SYNOPSIS
    One client setting (state.client.Name), or Default when the state does not set it.
    #>
    param([Parameter(Mandatory = $true)][string]$Name, [AllowNull()]$Default = $null)
    return [SimFast]::Setting($Name, $Default)   # SimFast.ps1
}

function Get-SimNumberSetting {
    <#
    .SYNOPSIS
    A numeric client setting (state.client.Name) as [decimal]; 0 when unset; throws naming it when it is not a
    non-negative number.
    #>
    param([Parameter(Mandatory = $true)][string]$Name)
    $v = [SimFast]::Setting($Name, $null)
    if ($null -eq $v -or [string]$v -eq '') { return [decimal]0 }
    try { $d = [SimFast]::Decimal($v) } catch { $d = [decimal]-1 }
    if ($d -lt 0) { throw ('The simulated client setting client.' + $Name + ' = "' + [string]$v + '" must be a non-negative number (0 = off).') }
    return $d
}

function Get-SimOverrideSetting {
    <#
    .SYNOPSIS
    A fault-injection map of the client (client.confirmShows, client.cancelConfirmShows): @{} when unset; throws naming
    the setting and the allowed keys when it has another key or is not an object.
    #>
    param([Parameter(Mandatory = $true)][string]$Name, [Parameter(Mandatory = $true)][string[]]$Keys)
    $v = [SimFast]::Setting($Name, $null)
    $out = @{}
    if ($null -eq $v) { return $out }
    if (-not ($v -is [System.Collections.IDictionary])) { throw ('The simulated client setting client.' + $Name + ' must be an object with the keys ' + ($Keys -join ', ') + '.') }
    foreach ($k in @($v.Keys)) {
        if ($Keys -notcontains [string]$k) { throw ('The simulated client setting client.' + $Name + ' has the key "' + [string]$k + '": the keys are ' + ($Keys -join ', ') + '.') }
        $out[[string]$k] = $v[$k]
    }
    return $out
}

function Get-SimDelayMs {
    <#
    .SYNOPSIS
    One of the client's delays (state.client.delays.Name) in ms; 0 when unset.
    #>
    param([Parameter(Mandatory = $true)][string]$Name)
    $delays = [SimFast]::Setting('delays', $null)
    return [int][SimFast]::Decimal((Get-SimValue -Map $delays -Key $Name -Default 0))
}

function Initialize-SimStateDefaults {
    <#
    .SYNOPSIS
    Checks the state's required sections and adds the optional ones with their defaults.
    #>
    param([Parameter(Mandatory = $true)]$State, [string]$Path = '')
    foreach ($key in @('client', 'account', 'quotes', 'positions')) {
        if (-not ($State -is [System.Collections.IDictionary]) -or -not $State.Contains($key) -or -not ($State[$key] -is [System.Collections.IDictionary])) {
            throw ('The simulated client state ' + $Path + ' has no "' + $key + '" object: start from ps/sim/sample-state.json.')
        }
    }
    foreach ($key in @('orders', 'trades')) {
        if (-not $State.Contains($key) -or $null -eq $State[$key]) { $State[$key] = [System.Collections.ArrayList]::new() }
    }
    $defaults = [ordered]@{
        title = '网上股票交易系统5.0'; frameClass = 'AfxMDIFrame140s'; build = '8.x'; orderConfirm = $false
        marketPhase = 'open'; defaultPrice = 'last'; hung = $false; elevated = $false
        resultDisplay = 'popup'; inlineReject = $false
        captchaOnCopy = 'build'; captchaKind = 'upper4'; captchaRecreateOnWrong = $false; leftoverCaptcha = $false
        nameLabelNeverFills = $false
        exchangeCombo = $true; rememberPriceMode = $false; brokerLink = 'up'; serverPopup = ''; ordersGrid = 'classic'
        serverPopupPlaces = $false
        priceModeToggleIgnored = $false; sessionLocked = $false; optionalControlsLate = $false
    }
    foreach ($key in $defaults.Keys) { if (-not $State.client.Contains($key)) { $State.client[$key] = $defaults[$key] } }
    # The 2025–2026 build variants (docs/simulated-client.md "Variants"): a wrong value is named, never guessed.
    $choices = [ordered]@{ resultDisplay = @('popup', 'toast'); captchaOnCopy = @('build', 'always', 'sometimes'); captchaKind = @('upper4', 'digits4', 'alnum4'); brokerLink = @('up', 'down', 'downUntilRefresh'); ordersGrid = @('classic', '2026') }
    foreach ($key in $choices.Keys) {
        if ($choices[$key] -notcontains [string]$State.client[$key]) { throw ('The simulated client setting client.' + $key + ' = "' + [string]$State.client[$key] + '" must be one of: ' + ($choices[$key] -join ', ') + '.') }
    }
    foreach ($key in @('inlineReject', 'captchaRecreateOnWrong', 'leftoverCaptcha', 'nameLabelNeverFills', 'exchangeCombo', 'rememberPriceMode', 'serverPopupPlaces', 'priceModeToggleIgnored', 'sessionLocked', 'optionalControlsLate')) {
        if (-not ($State.client[$key] -is [bool])) { throw ('The simulated client setting client.' + $key + ' = "' + [string]$State.client[$key] + '" must be true or false.') }
    }
    if (-not ($State.client.serverPopup -is [string])) { throw ('The simulated client setting client.serverPopup must be a text (the popup the next action meets; "" = none).') }
    foreach ($key in @('ignoreSetTextIds', 'unheardSetTextIds', 'leftoverPopups')) {
        if (-not $State.client.Contains($key) -or $null -eq $State.client[$key]) { $State.client[$key] = [System.Collections.ArrayList]::new() }
    }
    if (-not $State.client.Contains('delays') -or $null -eq $State.client.delays) { $State.client.delays = [ordered]@{} }
    # rememberPriceMode: the client's last price mode per code ("600160": "limit" | "market"; SimFields.ps1; optional).
    if ($State.client.Contains('priceModeMemory') -and -not ($State.client.priceModeMemory -is [System.Collections.IDictionary])) { throw 'The simulated client setting client.priceModeMemory must be an object of code: "limit" | "market".' }
    if ($State.client.Contains('priceModeMemory')) { foreach ($key in @($State.client.priceModeMemory.Keys)) {
        if (@('limit', 'market') -notcontains [string]$State.client.priceModeMemory[$key]) { throw ('The simulated client setting client.priceModeMemory.' + $key + ' = "' + [string]$State.client.priceModeMemory[$key] + '" must be one of: limit, market.') }
    } }
    if (-not $State.Contains('fees') -or $null -eq $State.fees) { $State.fees = [ordered]@{} }
    $fees = [ordered]@{ commissionRate = '0.00025'; commissionMin = '5'; stampDutyRate = '0.0005'; transferFeeRate = '0.00001' }
    foreach ($key in $fees.Keys) { if (-not $State.fees.Contains($key)) { $State.fees[$key] = $fees[$key] } }
    $account = [ordered]@{ balance = '0'; available = '0'; frozen = '0'; withdrawable = '0'; nextContractNo = '1'; nextTradeNo = '1' }
    foreach ($key in $account.Keys) { if (-not $State.account.Contains($key)) { $State.account[$key] = $account[$key] } }
    if (-not $State.account.Contains('shareholders') -or $null -eq $State.account.shareholders) { $State.account.shareholders = [ordered]@{} }
    Initialize-SimCreditDefaults -State $State   # SimCredit.ps1: account.type and the credit section
}
