# Repo.ps1 - a reverse repo (国债逆回购: Shanghai 204xxx, Shenzhen 1318xx): cash lent with a sell on the sell page whose
# price is the annual rate. The amount is asked in units of 1,000 CNY; the client's quantity field counts in its own
# unit (1,000 CNY, or 张 of 100 CNY on some clients), which is told from the page itself and never guessed.

function Resolve-ThsRepoQuantity {
    <#
    .SYNOPSIS
    The client's quantity for Units x 1,000 CNY: the client's unit is told from its max-sell label (MaxQuantity, what
    the available cash lends) against the available cash (Cash, the funds page's 可用金额). Max x 1,000 / cash near 1
    (at most 1.05): units of 1,000 CNY; between 5 and 10.5: units of 100 CNY (10 per 1,000 CNY). Anything else, or a
    cash text that is not a positive number: repo_unit_unknown, nothing submitted. Returns
    @{ unitCny; clientAmount; cny }.
    .EXAMPLE
    Resolve-ThsRepoQuantity -Units 10 -Cash '78919.91' -MaxQuantity 78   # unitCny 1000, clientAmount 10
    #>
    param([Parameter(Mandatory = $true)][int64]$Units, [AllowEmptyString()][string]$Cash, [Parameter(Mandatory = $true)][int64]$MaxQuantity)
    $inv = [System.Globalization.CultureInfo]::InvariantCulture
    $cny = [decimal]0
    $unknown = '无法判断客户端逆回购的数量单位（最大可卖 ' + $MaxQuantity + '，可用金额 ' + $Cash + '），没有下单：请在客户端确认单位后手工委托。'
    if (-not [decimal]::TryParse(([string]$Cash).Replace(',', ''), [System.Globalization.NumberStyles]::Number, $inv, [ref]$cny) -or $cny -le 0) {
        throw (New-ThsError -Code 'repo_unit_unknown' -Message $unknown)
    }
    $ratio = [decimal]$MaxQuantity * 1000 / $cny
    $unit = 0
    if ($ratio -gt 0 -and $ratio -le [decimal]1.05) { $unit = 1000 }
    elseif ($ratio -ge 5 -and $ratio -le [decimal]10.5) { $unit = 100 }
    if ($unit -eq 0) { throw (New-ThsError -Code 'repo_unit_unknown' -Message $unknown) }
    return [ordered]@{ unitCny = $unit; clientAmount = [int64]($Units * (1000 / $unit)); cny = [int64]($Units * 1000) }
}

function Invoke-ThsRepo {
    <#
    .SYNOPSIS
    Places a reverse repo: lends Units x 1,000 CNY on Code at Rate (annual %, the sell page's price) and returns the
    client's answer as Invoke-ThsOrder does, with repo = @{ unitCny; clientAmount; cny }.
    .DESCRIPTION
    A credit account's client (menu tree 513) is refused (not_cash_account): reverse repos are a cash account's. Reads
    the available cash (the funds page), fills the sell page (code, rate), reads the max-sell label and tells the
    client's unit from the two (Resolve-ThsRepoQuantity: repo_unit_unknown when it cannot, nothing submitted), then
    types the quantity in that unit and submits like any sell (confirmation checked, result popup read).
    .EXAMPLE
    . ./ps/ThsAutomation.ps1 -Backend Sim; Invoke-ThsRepo -Code 204001 -Rate 1.65 -Units 10
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][ValidatePattern('^(204\d{3}|1318\d{2})$')][string]$Code,
        [ValidateSet('', 'SH', 'SZ')][string]$Exchange = '',
        [Parameter(Mandatory = $true)][ValidatePattern('^\d{1,4}(\.\d{1,3})?$')][string]$Rate,
        [Parameter(Mandatory = $true)][ValidateRange(1, 1000000)][int64]$Units,
        [AllowEmptyCollection()][ValidateScript({ Test-ThsAcceptWarnings -Kinds $_ })][string[]]$AcceptWarnings = @()
    )
    $ctx = Enter-ThsCommand -Name 'repo'
    if ((Get-ThsCreditTreeCached -Main ([int64]$ctx.Main.Handle)) -ne 0) {   # TreePages.ps1
        throw (New-ThsError -Code 'not_cash_account' -Message '这是信用（融资融券）账户的交易客户端：国债逆回购要在普通账户里做，没有下单。')
    }
    $cash = [string](Get-ThsBalance)['可用金额']
    return (Invoke-ThsOrder -Side Sell -Code $Code -Exchange $Exchange -Price $Rate -Amount 'max' -RepoUnits $Units -RepoCash $cash -AcceptWarnings $AcceptWarnings)
}
