# Orders.ps1 - places an order on the buy / sell page (or a credit page): fill, verify, click, answer the popups,
# parse the result. The form's fields (exchange, price type, price mode): OrderForm.ps1.

function Invoke-ThsOrder {
    <#
    .SYNOPSIS
    Places a buy or sell order through the client's buy / sell page and returns the client's answer.
    .DESCRIPTION
    Drains leftover popups, shows the page with WM_COMMAND, sets code / price (only when given) / amount with
    WM_SETTEXT and reads each back (typed with WM_CHAR when a field does not read back, or when the client did not hear
    the code: the stock-name label stays empty; still no name: stock_not_recognised, nothing clicked), for a limit
    order turns the price-mode label 1400 back to limit when the client switched it to market (price_mode_stuck when
    it stays), clicks submit with a posted BM_CLICK, answers 委托确认 with 是 only when it shows
    the side, code, price (when given) and quantity typed, answers the client's warnings 否 unless their kind is in
    -AcceptWarnings, reads and closes the result popup. Returns success, the client's text and the contract number.
    A refusal is a result with success = $false and refusal = its code: client_rejected (the client's text, by the
    popup table docs/popups.md), confirmation_mismatch or client_warning (answered 否: nothing placed; warning = the
    kind). Thrown with submitted set: outcome_unknown (no result popup, or a text the table does not know),
    broker_forward_failed / broker_begin_failed / broker_send_failed (a server-side popup).
    .PARAMETER Price
    Decimal text such as 21.21; empty = leave the client's default price (the field is cleared so the client fills it).
    For a STAR (688/689) market order it is the protection price; other market orders do not use it.
    .PARAMETER PriceType
    Empty for a limit order, or a market-order type of combo 1541 (对手方最优价格, 最优五档成交剩余撤销, ...).
    .PARAMETER Amount
    Shares as digits, or 'max' for the client's maximum quantity label.
    .PARAMETER AcceptWarnings
    Warning kinds of the popup table (price_deviation, risk_warning_stock, delisting ...) to answer 是: the risk
    config's accept_warnings. Empty: every warning is answered 否.
    .EXAMPLE
    . ./ps/ThsAutomation.ps1 -Backend Sim; Invoke-ThsOrder -Side Buy -Code 600160 -Price 21.21 -Amount 100
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][ValidateSet('Buy', 'Sell')][string]$Side,
        [Parameter(Mandatory = $true)][ValidatePattern('^\d{6}$')][string]$Code,
        [ValidateSet('', 'SH', 'SZ', 'BJ')][string]$Exchange = '',
        [AllowEmptyString()][ValidatePattern('^$|^\d{1,7}(\.\d{1,3})?$')][string]$Price = '',
        [Parameter(Mandatory = $true)][ValidatePattern('^(max|[1-9]\d{0,9})$')][string]$Amount,
        [AllowEmptyString()][ValidateScript({ Test-ThsPriceTypeName -Name $_ })][string]$PriceType = '',
        [AllowEmptyCollection()][ValidateScript({ Test-ThsAcceptWarnings -Kinds $_ })][string[]]$AcceptWarnings = @(),
        # A credit account's order page (TreePages.ps1): marginBuy 融资买入, shortSell 融券卖出, buyToCover 买券还券,
        # sellToRepay 卖券还款, collateralBuy / collateralSell 担保品买入 / 卖出 (what a plain buy / sell is on a credit
        # client); its side must be -Side. On a cash account's client: not_credit_account.
        [ValidateSet('', 'collateralBuy', 'collateralSell', 'marginBuy', 'shortSell', 'buyToCover', 'sellToRepay')][string]$Credit = '',
        # A reverse repo (Invoke-ThsRepo, with -Amount max): RepoUnits x 1,000 CNY typed in the client's unit, told from
        # the max label against RepoCash (the available cash read before).
        [int64]$RepoUnits = 0,
        [AllowEmptyString()][string]$RepoCash = ''
    )
    $ctx = Enter-ThsCommand -Name 'order'
    $isBuy = ($Side -eq 'Buy')
    $main = $ctx.Main
    $drained = [System.Collections.ArrayList]::new()
    foreach ($d in $ctx.Drained) { [void]$drained.Add($d) }

    $pageId = $script:PAGE_SELL
    $maxId = $script:ID_MAX_SELL
    $sideText = '卖出'
    if ($isBuy) { $pageId = $script:PAGE_BUY; $maxId = $script:ID_MAX_BUY; $sideText = '买入' }
    # A credit client (menu tree 513) has no plain buy / sell page: a plain order is its 担保品买入 / 卖出.
    $creditKind = $Credit
    if (-not $creditKind -and (Get-ThsCreditTreeCached -Main ([int64]$main.Handle)) -ne 0) { $creditKind = 'collateralSell'; if ($isBuy) { $creditKind = 'collateralBuy' } }
    if ($creditKind) {
        $spec = $script:CREDIT_PAGES[$creditKind]
        if ([string]$spec.Side -ne $Side.ToLowerInvariant()) {
            throw (New-ThsError -Code 'bad_request' -Message ('order: credit ' + $creditKind + ' is a ' + [string]$spec.Side + ', not a ' + $Side.ToLowerInvariant()))
        }
        # A market margin buy has a page of its own (市价委托 -> 融资买入); no other credit order is a market one.
        $pageKind = $creditKind
        if ($PriceType) {
            if ($creditKind -ne 'marginBuy') {
                throw (New-ThsError -Code 'invalid_price_type' -Message ('信用账户的“' + [string]@($script:CREDIT_PAGES[$creditKind].Path)[-1] + '”只有限价委托：市价委托只有融资买入（市价委托 → 融资买入，/margin_buy 带 price_type）。没有下单。'))
            }
            $pageKind = 'marginBuyMarket'
        }
        $page = Switch-ThsCreditPage -Kind $pageKind   # TreePages.ps1
    } else {
        $page = Switch-ThsPage -PageId $pageId
    }
    $codeH = Get-ThsRequiredControl -Page $page -ControlId $script:ID_CODE -What '证券代码'
    $priceH = Get-ThsRequiredControl -Page $page -ControlId $script:ID_PRICE -What '委托价格'
    $amountH = Get-ThsRequiredControl -Page $page -ControlId $script:ID_AMOUNT -What '委托数量'
    $submitH = Get-ThsRequiredControl -Page $page -ControlId $script:ID_SUBMIT -What ($sideText + '按钮')
    $nameH = Get-ThsRequiredControl -Page $page -ControlId $script:ID_NAME -What '证券名称'
    $maxH = 0
    $maxCtl = Find-ThsControl -Controls $page.Controls -ControlId $maxId
    if ($null -ne $maxCtl) { $maxH = [int64]$maxCtl.Handle }
    if ($Amount -eq 'max' -and $maxH -eq 0) {
        throw (New-ThsError -Code 'control_not_found' -Message ('页面上没有找到最大可' + $sideText + '数量标签（id ' + $maxId + '），无法按 max 下单。'))
    }

    # Start from a clean form: no stale code, price or amount from an earlier order can reach this one. The code is
    # verified by the stock-name label (Set-ThsCodeField: typed with WM_CHAR when WM_SETTEXT went unheard, else
    # stock_not_recognised). When that switched this worker to typing, the form is cleared again typed, so that the
    # client too forgets the earlier price and amount, and the code is typed once more.
    $typedBefore = [bool]$script:ThsTypeInput
    Clear-ThsOrderForm -CodeHandle $codeH -PriceHandle $priceH -AmountHandle $amountH -NameHandle $nameH -MaxHandle $maxH
    $name = Set-ThsCodeField -CodeHandle $codeH -NameHandle $nameH -Code $Code
    if ($script:ThsTypeInput -and -not $typedBefore) {
        Clear-ThsOrderForm -CodeHandle $codeH -PriceHandle $priceH -AmountHandle $amountH -NameHandle $nameH -MaxHandle $maxH
        $name = Set-ThsCodeField -CodeHandle $codeH -NameHandle $nameH -Code $Code
    }
    # The name showed: the page is complete. Optional controls missed by the first look (a page half built) are found now.
    Update-ThsPageControls -Page $page -ControlIds @($script:ID_EXCHANGE, $script:ID_PRICE_MODE, $script:ID_PRICE_TYPE)
    Select-ThsExchange -Page $page -Exchange $Exchange
    Select-ThsPriceType -Page $page -PriceType $PriceType
    if (-not $PriceType) { Confirm-ThsLimitPriceMode -Page $page }   # label 1400: a remembered market mode is undone
    if ($PriceType -and -not ($Code -match '^68[89]')) { $Price = '' }  # a market order's price is the market's

    if ($Price) {
        if ($maxH -ne 0) { [void](Set-PortText -Handle $maxH -Text '') }
        Set-ThsField -Handle $priceH -Text $Price -What '委托价格' -Typed:$script:ThsTypeInput
    }
    $quantity = $Amount
    if ($Amount -eq 'max') {
        $maxText = Wait-ThsLabel -Handle $maxH
        if ($null -eq $maxText -or -not ($maxText -match '(\d+)')) {
            throw (New-ThsError -Code 'label_timeout' -Message ('最大可' + $sideText + '数量标签在 ' + $script:LABEL_FILL_TIMEOUT_MS + ' ms 内没有显示数值。'))
        }
        $quantity = $Matches[1]
        if ([int64]$quantity -eq 0) {
            throw (New-ThsError -Code 'max_quantity_zero' -Message ('客户端显示 ' + $Code + ' 的最大可' + $sideText + '数量为 0，没有下单。'))
        }
    }
    $repo = $null
    if ($RepoUnits -gt 0) {
        $repo = Resolve-ThsRepoQuantity -Units $RepoUnits -Cash $RepoCash -MaxQuantity ([int64]$quantity)   # Repo.ps1
        $quantity = [string]$repo.clientAmount
    }
    Set-ThsField -Handle $amountH -Text $quantity -What '委托数量' -Typed:$script:ThsTypeInput

    # A late quote can overwrite a field after we set it, and switch label 1400 to the mode the client remembers for the
    # code after we looked (the name can show first): check the mode again, then every field, right before the click.
    if (-not $PriceType) { Confirm-ThsLimitPriceMode -Page $page }
    $expect = @(@{ H = $codeH; T = $Code; W = '证券代码' }, @{ H = $amountH; T = $quantity; W = '委托数量' })
    if ($Price) { $expect += @{ H = $priceH; T = $Price; W = '委托价格' } }
    # One batch read first (one port call); only when a field changed are they read and set again one by one, in
    # order, as a field set again can make the client rewrite the ones after it (a code set again refills the price).
    $now = Get-PortTexts -Handles ([int64[]]@(foreach ($e in $expect) { $e.H }))
    $allSet = $true
    for ($i = 0; $i -lt $expect.Count; $i++) { if ($null -eq $now[$i] -or $now[$i] -ne $expect[$i].T) { $allSet = $false } }
    if (-not $allSet) {
        foreach ($e in $expect) {
            if ((Get-ThsText -Handle $e.H) -ne $e.T) { Set-ThsField -Handle $e.H -Text $e.T -What $e.W -Typed:$script:ThsTypeInput }
        }
    }

    # What 委托确认 must show: the quantity typed (after amount=max too); the price only of a limit order that gave one.
    $expectPrice = ''
    if (-not $PriceType) { $expectPrice = $Price }
    $creditName = ''
    if ($creditKind) { $creditName = [string]@($script:CREDIT_PAGES[$creditKind].Path)[-1] }
    $confirm = @{ Side = $Side.ToLowerInvariant(); Code = $Code; Price = $expectPrice; Amount = $quantity; Credit = $creditName }
    $popup = Invoke-ThsSubmit -Button $submitH -ProcessId $main.ProcessId -What ($sideText + '委托') -Action $Side.ToLowerInvariant() -Expect $confirm -AcceptWarnings $AcceptWarnings
    foreach ($d in (Clear-ThsPopups -ProcessId $main.ProcessId)) { [void]$drained.Add($d) }

    $answer = [ordered]@{
        success       = $popup.Success
        message       = $popup.Text
        entrustNo     = $popup.EntrustNo
        title         = $popup.Title
        side          = $Side.ToLowerInvariant()
        code          = $Code
        name          = $name
        price         = $Price
        priceType     = $PriceType
        amount        = [int64]$quantity
        confirmations = $popup.Confirmations
        warnings      = $popup.Warnings
        drained       = $drained.ToArray()
    }
    if ($null -ne $repo) { $answer['repo'] = $repo }
    if ($creditKind) { $answer['credit'] = $creditKind }
    if ($popup.Refusal) { $answer['refusal'] = $popup.Refusal }
    if ($popup.Warning) { $answer['warning'] = $popup.Warning }
    return $answer
}
