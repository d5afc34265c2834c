# SimStateFile.ps1 - the simulated client's state file: JSON load into ordered dictionaries, and the atomic save after
# every change, each order and trade serialized again only when it changed.
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

# Rows serialized once and their text reused: ConvertTo-Json costs ~40 us per row, and a day's orders are written at
# every change. Per list, the leading run of rows the model never changes again (an order in a final status, set by
# SimMatching.ps1 after the fill's or the cancel's releases in the same change, and every trade, added and never
# changed) is kept as one text with the rows it was made from ($script:SimRowPrefix; checked with one .NET call). Any
# later row, open ones too, keeps its text with a copy of its values ($script:SimRowJson, keyed by the row): reused
# while the values are equal (a value of another type counts as changed); a write of 160 open orders 5.7 -> 2.4 ms.
# A row holding a list or a dictionary is not kept (its values would compare by reference). Both are rebuilt at each
# write from the rows still in the state, so rows of a replaced state are let go. A change to a final order of the
# leading run after its status is set would not reach the file: the model makes none (Pester SimStateFile.Tests.ps1).
$script:SimFinalOrderStatus = @('filled', 'cancelled', 'partlyCancelled')
$script:SimRowJson = [System.Collections.Generic.Dictionary[object,object[]]]::new()
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
        $values = [object[]]::new($row.Count)
        $row.Values.CopyTo($values, 0)
        $kept = $null
        if ($script:SimRowJson.TryGetValue($row, [ref]$kept) -and $script:SimRowValuesEqual.Equals($kept[0], $values)) {
            $json = $kept[1]
        } else {
            $json = ConvertTo-Json -InputObject $row -Depth 10 -Compress
            $kept = $null
            if (Test-SimScalarValues -Values $values) { $kept = [object[]]@($values, $json) }
        }
        $final = $isTrades -or ($script:SimFinalOrderStatus -contains [string]$row['status'])
        if ($final -and $leading -eq $i) { $leading++ } elseif ($null -ne $kept) { $Next[$row] = $kept }
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
    every change: ~5 ms per order placed by a day of ~280 orders, growing with the day. Orders and trades are
    serialized again only when they changed (see $script:SimRowPrefix and $script:SimRowJson above); the rest of the
    state in one ConvertTo-Json call (each call costs ~50-100 us however small), the lists standing in as tokens.
    #>
    param([Parameter(Mandatory = $true)]$State)
    if (-not ($State -is [System.Collections.IDictionary])) { return (ConvertTo-Json -InputObject $State -Depth 12) }
    $next = [System.Collections.Generic.Dictionary[object,object[]]]::new()
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
