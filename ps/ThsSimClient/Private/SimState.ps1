# SimState.ps1 - the simulated client's state file: JSON load into ordered dictionaries, atomic save, invariant numbers.
# Dot-sourced by ../ThsSimClient.psm1; the schema is documented at the top of ../ThsSimClient.psm1.

function ConvertFrom-SimJsonValue {
    <#
    .SYNOPSIS
    Turns ConvertFrom-Json output (PSCustomObject / arrays) into ordered dictionaries and ArrayLists, recursively.
    .DESCRIPTION
    Windows PowerShell 5.1 has no ConvertFrom-Json -AsHashtable; this gives both editions the same mutable shape.
    #>
    param([AllowNull()]$Value)
    if ($null -eq $Value) { return $null }
    if ($Value -is [System.Management.Automation.PSCustomObject]) {
        $map = [ordered]@{}
        foreach ($p in $Value.PSObject.Properties) { $map[$p.Name] = ConvertFrom-SimJsonValue -Value $p.Value }
        return $map
    }
    if (($Value -is [System.Collections.IList]) -and -not ($Value -is [string])) {
        $list = [System.Collections.ArrayList]::new()
        foreach ($item in $Value) { [void]$list.Add((ConvertFrom-SimJsonValue -Value $item)) }
        return , $list
    }
    return $Value
}

function Read-SimStateFile {
    <#
    .SYNOPSIS
    Reads a state (or sample) JSON file into ordered dictionaries; throws with the path on bad JSON.
    #>
    param([Parameter(Mandatory = $true)][string]$Path)
    $text = [System.IO.File]::ReadAllText($Path, [System.Text.Encoding]::UTF8)
    try {
        $parsed = ConvertFrom-Json -InputObject $text -ErrorAction Stop
    } catch {
        $err = $_
        throw ('The simulated client state ' + $Path + ' is not valid JSON (' + $err.Exception.Message + '): fix it or delete it to start again from the sample.')
    }
    return (ConvertFrom-SimJsonValue -Value $parsed)
}

# Rows the model never changes again, serialized once: an order in a final status (SimMatching.ps1 sets it after the
# fill's or the cancel's releases, in the same change) and every trade (added, never changed). Per list, the leading
# run of such rows is kept as one text with the rows it was made from ($script:SimRowPrefix; checked with one .NET
# call), and any later such row by itself ($script:SimRowJson, keyed by the row). Both are rebuilt at each write from
# the rows still in the state, so rows of a replaced state are let go. A change to a final order after its status is
# set would not reach the file: the model makes none (Pester SimStateFile.Tests.ps1).
$script:SimFinalOrderStatus = @('filled', 'cancelled', 'partlyCancelled')
$script:SimRowJson = [System.Collections.Generic.Dictionary[object,string]]::new()
$script:SimRowPrefix = @{}

function ConvertTo-SimRowsJson {
    <#
    .SYNOPSIS
    One list of the state (orders or trades) as JSON, one row per line; fills $Next with the final rows' texts and
    $script:SimRowPrefix[$Key] with the list's new leading run of final rows.
    #>
    param([Parameter(Mandatory = $true)][string]$Key, [Parameter(Mandatory = $true)][System.Collections.IList]$Rows, [Parameter(Mandatory = $true)]$Next)
    $all = [object[]]::new($Rows.Count)
    $Rows.CopyTo($all, 0)
    $isTrades = $Key -eq 'trades'
    $start = 0
    $head = ''
    $kept = $script:SimRowPrefix[$Key]
    if ($null -ne $kept -and $kept.Rows.Length -gt 0 -and $kept.Rows.Length -le $all.Length) {
        $lead = [object[]]::new($kept.Rows.Length)
        [System.Array]::Copy($all, $lead, $lead.Length)
        if ([System.Collections.StructuralComparisons]::StructuralEqualityComparer.Equals($lead, $kept.Rows)) { $start = $lead.Length; $head = $kept.Text }
    }
    $texts = [System.Collections.Generic.List[string]]::new()
    $leading = $start
    for ($i = $start; $i -lt $all.Length; $i++) {
        $row = $all[$i]
        $json = $null
        $final = $isTrades -or ($script:SimFinalOrderStatus -contains [string]$row['status'])
        if (-not ($final -and $script:SimRowJson.TryGetValue($row, [ref]$json))) { $json = ConvertTo-Json -InputObject $row -Depth 10 -Compress }
        if ($final -and $leading -eq $i) { $leading++ } elseif ($final) { $Next[$row] = $json }
        $texts.Add($json)
    }
    $sep = [string][char]10 + '    '
    $body = [string]::Join(',' + $sep, $texts)
    if ($head -and $body) { $body = $head + ',' + $sep + $body } elseif ($head) { $body = $head }
    # The new leading run: the kept one, then the rows of this write that joined it.
    if ($leading -gt $start) {
        $lead = [object[]]::new($leading)
        [System.Array]::Copy($all, $lead, $leading)
        $text = [string]::Join(',' + $sep, $texts.GetRange(0, $leading - $start))
        if ($head) { $text = $head + ',' + $sep + $text }
        $script:SimRowPrefix[$Key] = @{ Rows = $lead; Text = $text }
    } elseif ($start -eq 0) {
        $script:SimRowPrefix.Remove($Key)
    }
    if ($body -eq '') { return '[]' }
    return ('[' + $sep + $body + [char]10 + '  ]')
}

# Stands in for a list in the one ConvertTo-Json call of the rest of the state, then replaced by the list's text.
$script:SimRowsToken = 'ths-sim-rows-' + [Guid]::NewGuid().ToString('N') + '-'

function ConvertTo-SimStateJson {
    <#
    .SYNOPSIS
    The state as JSON text, one line per order and trade. ConvertTo-Json of the whole state cost ~20 us per order, on
    every change: ~5 ms per order placed by a day of ~280 orders, growing with the day. Final orders and trades are
    serialized once (see $script:SimRowPrefix above); the rest of the state in one ConvertTo-Json call (each call costs
    ~50-100 us however small), the lists standing in as tokens.
    #>
    param([Parameter(Mandatory = $true)]$State)
    if (-not ($State -is [System.Collections.IDictionary])) { return (ConvertTo-Json -InputObject $State -Depth 12) }
    $next = [System.Collections.Generic.Dictionary[object,string]]::new()
    $rest = [ordered]@{}
    $lists = [ordered]@{}
    foreach ($key in @($State.Keys)) {
        $value = $State[$key]
        if (($key -eq 'orders' -or $key -eq 'trades') -and ($value -is [System.Collections.IList])) {
            $lists[$key] = ConvertTo-SimRowsJson -Key $key -Rows $value -Next $next
            $rest[$key] = $script:SimRowsToken + $key
        } else {
            $rest[$key] = $value
        }
    }
    $json = ConvertTo-Json -InputObject $rest -Depth 12
    foreach ($key in $lists.Keys) { $json = $json.Replace('"' + $script:SimRowsToken + $key + '"', $lists[$key]) }
    foreach ($key in @($script:SimRowPrefix.Keys)) { if (-not $lists.Contains($key)) { $script:SimRowPrefix.Remove($key) } }
    $script:SimRowJson = $next
    return $json
}

function Write-SimStateFile {
    <#
    .SYNOPSIS
    Writes a state atomically: a temp file beside the target, then File.Replace (File.Move when the target is new).
    Works on .NET Framework 4.x and .NET Core / .NET 10.
    #>
    param([Parameter(Mandatory = $true)][string]$Path, [Parameter(Mandatory = $true)]$State)
    $full = [System.IO.Path]::GetFullPath($Path)
    $dir = [System.IO.Path]::GetDirectoryName($full)
    if ($dir -and -not [System.IO.Directory]::Exists($dir)) { [void][System.IO.Directory]::CreateDirectory($dir) }
    $json = ConvertTo-SimStateJson -State $State
    $temp = $full + '.' + $PID + '.tmp'
    [System.IO.File]::WriteAllText($temp, $json, (New-Object System.Text.UTF8Encoding -ArgumentList $false))
    if ([System.IO.File]::Exists($full)) {
        # PowerShell turns $null into '' for string arguments of .NET methods; NullString passes a real null (no backup).
        [System.IO.File]::Replace($temp, $full, [NullString]::Value)
    } else {
        [System.IO.File]::Move($temp, $full)
    }
}

function ConvertTo-SimDecimal {
    <#
    .SYNOPSIS
    A JSON number or numeric string as [decimal], parsed through invariant-culture text (PS 5.1 reads JSON numbers
    as decimal or int, PS 7 as double or long). Empty or $null gives 0; text that is not a number throws.
    #>
    param([AllowNull()]$Value)
    $inv = [System.Globalization.CultureInfo]::InvariantCulture
    if ($null -eq $Value) { return [decimal]0 }
    if ($Value -is [decimal]) { return $Value }
    $text = ''
    if ($Value -is [double] -or $Value -is [single]) { $text = $Value.ToString('R', $inv) }
    elseif ($Value -is [string]) { $text = $Value.Trim() }
    else { $text = [System.Convert]::ToString($Value, $inv) }
    if ($text -eq '') { return [decimal]0 }
    return [decimal]::Parse($text, [System.Globalization.NumberStyles]::Float, $inv)
}

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
    $d = [decimal]::Round((ConvertTo-SimDecimal -Value $Value), $Decimals, [System.MidpointRounding]::AwayFromZero)
    return $d.ToString('F' + $Decimals, [System.Globalization.CultureInfo]::InvariantCulture)
}

function Format-SimDecimalColumn {
    <#
    .SYNOPSIS
    Format-SimDecimal of one field of every row (a grid's column) in one call: string[] in row order. The grids run
    it at every copy, where a call per cell cost more than the rows (text, as the state file keeps numbers, is parsed
    here; anything else goes through ConvertTo-SimDecimal).
    #>
    param([AllowEmptyCollection()][object[]]$Rows, [Parameter(Mandatory = $true)][string]$Field, [int]$Decimals = 2)
    $inv = [System.Globalization.CultureInfo]::InvariantCulture
    $away = [System.MidpointRounding]::AwayFromZero
    $float = [System.Globalization.NumberStyles]::Float
    $format = 'F' + $Decimals
    $texts = [string[]]::new($Rows.Length)
    for ($i = 0; $i -lt $Rows.Length; $i++) {
        $v = $Rows[$i][$Field]
        if ($v -is [string] -and $v.Trim() -ne '') { $v = [decimal]::Parse($v, $float, $inv) } else { $v = ConvertTo-SimDecimal $v }
        $texts[$i] = [decimal]::Round($v, $Decimals, $away).ToString($format, $inv)
    }
    return , $texts
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
    # Read on every simulated message (hung, elevated...): the common shape without two more function calls.
    $state = $script:SimState
    if ($state -is [System.Collections.IDictionary] -and $state.Contains('client') -and $state['client'] -is [System.Collections.IDictionary]) {
        $client = $state['client']
        if ($client.Contains($Name)) { return $client[$Name] }
        return $Default
    }
    return (Get-SimValue -Map (Get-SimValue -Map $state -Key 'client') -Key $Name -Default $Default)
}

function Get-SimNumberSetting {
    <#
    .SYNOPSIS
    A numeric client setting (state.client.Name) as [decimal]; 0 when unset; throws naming it when it is not a
    non-negative number.
    #>
    param([Parameter(Mandatory = $true)][string]$Name)
    $v = Get-SimClientSetting -Name $Name
    if ($null -eq $v -or [string]$v -eq '') { return [decimal]0 }
    try { $d = ConvertTo-SimDecimal -Value $v } catch { $d = [decimal]-1 }
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
    $v = Get-SimClientSetting -Name $Name
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
    $delays = Get-SimClientSetting -Name 'delays'
    return [int](ConvertTo-SimDecimal -Value (Get-SimValue -Map $delays -Key $Name -Default 0))
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
