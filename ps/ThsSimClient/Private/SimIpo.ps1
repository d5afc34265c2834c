# SimIpo.ps1 - the simulated client's 新股申购 page (554) and its subscription rules, and the refresh command (32790).
# Dot-sourced by ../ThsSimClient.psm1. State:
#   "ipo": { "quota": {"SH": 8000, "SZ": 6500},                 // 新股申购额度 per market, in shares
#            "offers": [ {"code": "732689", "name": "...", "price": "18.62", "exchange": "SH", "limit": 9000,
#                         "unit": 1000 (optional)} ],          // today's new shares; limit = 申购上限
#            "subscriptions": [ {"code", "amount", "contractNo", "time"} ] }
# Rules: the maximum of an offer is min(limit, the market's quota) in whole units (SH main board 1000 shares, STAR
# (787) 500, Shenzhen 500); one subscription per code (a second one is refused); the price must be the issue price;
# no cash is frozen (new shares are paid after they are won).

# Texts of the IPO page. The page's layout follows the buy page; every text here is invented, modelled on BuyOk.
$script:SimIpoTexts = @{
    Ok          = '您的申购委托已成功提交，合同编号：{0}。'
    Already     = '您已申购过该新股[{0}]，不能重复申购。'
    NotOffered  = '申购代码[{0}]今日不可申购。'
    BadPrice    = '申购价格必须等于发行价{0}元。'
    BadAmount   = '申购数量必须是{0}股的整数倍，且不超过可申购数量{1}股。'
    NoQuota     = '您的新股申购额度不足，不能申购。'
    SubmitText  = '申购'
}
$script:SimIpoColumns = @('证券代码', '证券名称', '发行价', '可申购数量', '申购上限', '交易市场', '申购状态')

function Get-SimIpo {
    <#
    .SYNOPSIS
    The state's ipo section (created empty when the state has none).
    #>
    $s = $script:SimState
    if (-not $s.Contains('ipo') -or $null -eq $s.ipo) { $s.ipo = [ordered]@{} }
    foreach ($k in @('offers', 'subscriptions')) { if (-not $s.ipo.Contains($k) -or $null -eq $s.ipo[$k]) { $s.ipo[$k] = [System.Collections.ArrayList]::new() } }
    if (-not $s.ipo.Contains('quota') -or $null -eq $s.ipo.quota) { $s.ipo.quota = [ordered]@{} }
    return $s.ipo
}

function Get-SimIpoOffer {
    <#
    .SYNOPSIS
    Today's offer of a code, or $null.
    #>
    param([AllowEmptyString()][string]$Code)
    foreach ($o in (Get-SimIpo).offers) { if ([string]$o.code -eq $Code) { return $o } }
    return $null
}

function Get-SimIpoUnit {
    <#
    .SYNOPSIS
    Shares per subscription unit of an offer: its own unit, else STAR (787) 500, Shanghai 1000, Shenzhen 500.
    #>
    param([Parameter(Mandatory = $true)]$Offer)
    $unit = [int64]([SimFast]::Decimal((Get-SimValue -Map $Offer -Key 'unit' -Default 0)))
    if ($unit -gt 0) { return $unit }
    if ([string]$Offer.code -like '787*') { return [int64]500 }
    if ([string]$Offer.exchange -eq 'SH') { return [int64]1000 }
    return [int64]500
}

function Get-SimIpoMax {
    <#
    .SYNOPSIS
    The most shares of an offer this account may subscribe: min(limit, market quota) in whole units.
    #>
    param([Parameter(Mandatory = $true)]$Offer)
    $quota = [int64]([SimFast]::Decimal((Get-SimValue -Map (Get-SimIpo).quota -Key ([string]$Offer.exchange) -Default 0)))
    $limit = [int64]([SimFast]::Decimal((Get-SimValue -Map $Offer -Key 'limit' -Default $quota)))
    $unit = Get-SimIpoUnit -Offer $Offer
    return [int64]([Math]::Floor([Math]::Min($quota, $limit) / $unit) * $unit)
}

function Test-SimIpoSubscribed {
    <#
    .SYNOPSIS
    True when the code was already subscribed today.
    #>
    param([Parameter(Mandatory = $true)][string]$Code)
    foreach ($s in (Get-SimIpo).subscriptions) { if ([string]$s.code -eq $Code) { return $true } }
    return $false
}

function Get-SimIpoText {
    <#
    .SYNOPSIS
    The IPO page's grid as the copy command writes it: one row per offer, with 可申购数量 for this account.
    #>
    $rows = [System.Collections.ArrayList]::new()
    foreach ($o in (Get-SimIpo).offers) {
        $state = '未申购'
        if (Test-SimIpoSubscribed -Code ([string]$o.code)) { $state = '已申购' }
        [void]$rows.Add(@{
                '证券代码' = [string]$o.code; '证券名称' = [string]$o.name; '发行价' = (Format-SimDecimal $o.price 2)
                '可申购数量' = (Get-SimIpoMax -Offer $o); '申购上限' = [int64]([SimFast]::Decimal((Get-SimValue -Map $o -Key 'limit' -Default 0)))
                '交易市场' = $script:SimExchangeNames[[string]$o.exchange]; '申购状态' = $state
            })
    }
    return (Join-SimGridText -Columns $script:SimIpoColumns -Rows $rows.ToArray())
}

function New-SimIpoPage {
    <#
    .SYNOPSIS
    The 新股申购 page: code Edit 1032, price Edit 1033, amount Edit 1034, name Static 1036, max Static 1018, 申购
    Button 1006, and the offers grid.
    #>
    param([Parameter(Mandatory = $true)][int64]$Dialog)
    foreach ($id in @($script:ID_CODE, $script:ID_PRICE, $script:ID_AMOUNT)) { [void](New-SimWindow -Parent $Dialog -ClassName 'Edit' -ControlId $id) }
    [void](New-SimWindow -Parent $Dialog -ClassName 'Static' -ControlId $script:ID_NAME)
    [void](New-SimWindow -Parent $Dialog -ClassName 'Static' -ControlId $script:ID_MAX_BUY)
    [void](New-SimWindow -Parent $Dialog -ClassName 'Button' -ControlId $script:ID_SUBMIT -Text $script:SimIpoTexts.SubmitText)
    New-SimGrid -Dialog $Dialog
}

function Update-SimIpoForm {
    <#
    .SYNOPSIS
    WM_SETTEXT on the IPO page: a new code empties the name and max labels; they fill (with the issue price) after
    labelFillMs when the code is one of today's offers.
    #>
    param([Parameter(Mandatory = $true)]$Window, [Parameter(Mandatory = $true)][int64]$Dialog)
    if ($Window.ControlId -ne $script:ID_CODE) { return }
    [SimFast]::SetControlText($Dialog, $script:ID_NAME, '')
    [SimFast]::SetControlText($Dialog, $script:ID_MAX_BUY, '')
    Add-SimEvent -Kind 'fillIpo' -DelayMs (Get-SimDelayMs 'labelFillMs') -Data @{ Dialog = $Dialog; Code = [string]$Window.Text }
}

function Update-SimIpoLabels {
    <#
    .SYNOPSIS
    The offer's data arrived: name, issue price (when the price edit is empty) and the maximum quantity.
    #>
    param([Parameter(Mandatory = $true)][int64]$Dialog, [AllowEmptyString()][string]$Code)
    if ($null -eq (Get-SimWindowRecord -Id $Dialog)) { return }
    if ((Get-SimControlText -Page $Dialog -ControlId $script:ID_CODE) -ne $Code) { return }
    $o = Get-SimIpoOffer -Code $Code
    if ($null -eq $o) { return }
    [SimFast]::SetControlText($Dialog, $script:ID_NAME, ([string]$o.name))
    if ((Get-SimControlText -Page $Dialog -ControlId $script:ID_PRICE).Trim() -eq '') {
        [SimFast]::SetControlText($Dialog, $script:ID_PRICE, (Format-SimDecimal $o.price 2))
    }
    [SimFast]::SetControlText($Dialog, $script:ID_MAX_BUY, ([string](Get-SimIpoMax -Offer $o)))
}

function Submit-SimIpo {
    <#
    .SYNOPSIS
    Checks and records one subscription like the client: market phase, offer, already subscribed, quota, price,
    amount. Saves. Returns @{ Ok; Text; ContractNo }.
    #>
    param([Parameter(Mandatory = $true)][string]$Code, [AllowEmptyString()][string]$PriceText, [AllowEmptyString()][string]$AmountText)
    $t = $script:SimIpoTexts
    $phase = [string][SimFast]::Setting('marketPhase', 'open')
    if ($phase -eq 'closed') { return @{ Ok = $false; Text = $script:SimTexts.MarketClosed; ContractNo = $null } }
    if ($phase -eq 'clearing') { return @{ Ok = $false; Text = $script:SimTexts.Clearing; ContractNo = $null } }
    $o = Get-SimIpoOffer -Code $Code
    if ($null -eq $o) { return @{ Ok = $false; Text = ($t.NotOffered -f $Code); ContractNo = $null } }
    if (Test-SimIpoSubscribed -Code $Code) { return @{ Ok = $false; Text = ($t.Already -f $Code); ContractNo = $null } }
    $max = Get-SimIpoMax -Offer $o
    if ($max -le 0) { return @{ Ok = $false; Text = $t.NoQuota; ContractNo = $null } }
    $price = ConvertTo-SimPrice -Text $PriceText
    $issue = [SimFast]::Decimal($o.price)
    if ($null -eq $price -or $price -ne $issue) { return @{ Ok = $false; Text = ($t.BadPrice -f (Format-SimDecimal $issue 2)); ContractNo = $null } }
    $unit = Get-SimIpoUnit -Offer $o
    $amountText = $AmountText.Trim()
    if (-not ($amountText -match '^\d{1,10}$') -or [int64]$amountText -le 0 -or [int64]$amountText % $unit -ne 0 -or [int64]$amountText -gt $max) {
        return @{ Ok = $false; Text = ($t.BadAmount -f $unit, $max); ContractNo = $null }
    }
    $a = $script:SimState.account
    $no = [string]$a.nextContractNo
    $a.nextContractNo = [string]([int64]$no + 1)
    [void](Get-SimIpo).subscriptions.Add([ordered]@{
            code = $Code; amount = [int64]$amountText; contractNo = $no
            time = (Get-Date).ToString('HH:mm:ss', [System.Globalization.CultureInfo]::InvariantCulture)
        })
    Save-SimState
    return @{ Ok = $true; Text = ($t.Ok -f $no); ContractNo = $no }
}

function Submit-SimIpoForm {
    <#
    .SYNOPSIS
    A click on the IPO page's 申购 button: subscribes the form's code, price and amount; the 提示 popup (success or
    refusal) opens after popupMs. Returns $true when the button was the IPO page's.
    #>
    param([Parameter(Mandatory = $true)]$Window)
    $page = [SimFast]::PageOf($Window.Id)
    if ($null -eq $page -or $page.PageId -ne $script:PAGE_IPO) { return $false }
    $server = Pop-SimServerPopup   # SimMessages.ps1: a pending server-side popup comes instead of the result
    if ($null -ne $server -and -not $server.Places) { Add-SimInfoPopup -Text $server.Text; return $true }
    $r = Submit-SimIpo -Code (Get-SimControlText -Page $page.Dialog -ControlId $script:ID_CODE).Trim() `
        -PriceText (Get-SimControlText -Page $page.Dialog -ControlId $script:ID_PRICE) `
        -AmountText (Get-SimControlText -Page $page.Dialog -ControlId $script:ID_AMOUNT)
    $text = $r.Text
    if ($null -ne $server) { $text = $server.Text }
    Add-SimEvent -Kind 'popup' -DelayMs (Get-SimDelayMs 'popupMs') -Data @{ Title = $script:SimTexts.InfoTitle; Text = $text; Kind = 'info'; Form = $null }
    return $true
}

function Add-SimRefresh {
    <#
    .SYNOPSIS
    The refresh command reached the client: counts it in client.refreshCount (tests read it), reconnects the broker
    link (SimBrokerLink.ps1) and saves.
    #>
    $c = $script:SimState.client
    Step-SimBrokerLinkOnRefresh
    $c['refreshCount'] = [int64](Get-SimValue -Map $c -Key 'refreshCount' -Default 0) + 1
    Save-SimState
}
