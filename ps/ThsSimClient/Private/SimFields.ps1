# SimFields.ps1 - the order form's edits: WM_SETTEXT (shown, and heard unless unheardSetTextIds), typed WM_CHAR and
# EM_SETSEL, and the labels (name, quote, max quantity) the heard code and price fill. Dot-sourced by ../ThsSimClient.psm1.

# Typed characters (WM_CHAR, CHAR_BACKSPACE, EM_SETSEL from ../../xiadan-ui.psd1): WM_CHAR carries one UTF-16 code in
# wParam; EM_SETSEL (wParam 0, lParam -1) selects all of an edit, so the next WM_CHAR replaces the selection.

function Receive-SimSetText {
    <#
    .SYNOPSIS
    WM_SETTEXT: sets the text (unless the id is in ignoreSetTextIds); the client hears it (the code and price edits
    react) unless the id is in unheardSetTextIds: then only the shown text changes and the client keeps what it heard.
    #>
    param([Parameter(Mandatory = $true)]$Window, [AllowEmptyString()][string]$Text)
    $isControl = ([int64]$Window.Parent -ne 0)
    if ($Window.ContainsKey('SelectAll')) { $Window.SelectAll = $false }
    $ignored = @([SimFast]::Setting('ignoreSetTextIds', @()))
    if ($isControl -and $ignored -contains [int]$Window.ControlId) { return 1 }
    $unheard = @([SimFast]::Setting('unheardSetTextIds', @()))
    if ($isControl -and $unheard -contains [int]$Window.ControlId) {
        $heard = [SimFast]::HeardText($Window.Id)
        Set-SimWindowText -Id $Window.Id -Text $Text
        $Window.Heard = $heard   # no change notification: the client's copy stays as it was
        return 1
    }
    Set-SimWindowText -Id $Window.Id -Text $Text
    Update-SimHeardEdit -Window $Window
    return 1
}

function Receive-SimChar {
    <#
    .SYNOPSIS
    WM_CHAR to an edit: one typed character at the end of the text, or replacing it all after a select-all (EM_SETSEL
    0, -1); 0x08 deletes the last character (or the selection); other control characters do nothing. Typing is
    always heard (ignoreSetTextIds and unheardSetTextIds concern WM_SETTEXT only): the client takes the whole text and
    reacts as to a heard WM_SETTEXT. Other windows ignore it (0).
    #>
    param([Parameter(Mandatory = $true)]$Window, [Parameter(Mandatory = $true)][int]$Code)
    if ($Window.ClassName -ne 'Edit') { return 0 }
    $text = [string]$Window.Text
    $all = ($Window.ContainsKey('SelectAll') -and $Window.SelectAll)
    if ($Code -ne $script:CHAR_BACKSPACE -and $Code -lt 0x20) { return 0 }
    if ($all) { $text = '' }
    if ($Code -eq $script:CHAR_BACKSPACE) {
        if (-not $all -and $text.Length -gt 0) { $text = $text.Substring(0, $text.Length - 1) }
    } else {
        $text = $text + [string][char]$Code
    }
    $Window.SelectAll = $false
    Set-SimWindowText -Id $Window.Id -Text $text
    Update-SimHeardEdit -Window $Window
    return 0
}

function Receive-SimSelect {
    <#
    .SYNOPSIS
    EM_SETSEL to an edit: 0, -1 (or an end at or past the text) selects all; anything else puts the caret at the end.
    #>
    param([Parameter(Mandatory = $true)]$Window, [int64]$Start, [int64]$End)
    if ($Window.ClassName -ne 'Edit') { return 0 }
    $len = ([string]$Window.Text).Length
    $Window.SelectAll = ($Start -eq 0 -and ($End -eq -1 -or $End -eq 0xFFFFFFFF -or $End -ge $len))
    return 0
}

function Update-SimHeardEdit {
    <#
    .SYNOPSIS
    The client heard an edit change (its change notification): the IPO form, the code and the price edits react.
    #>
    param([Parameter(Mandatory = $true)]$Window)
    $Window.Remove('Heard')   # heard = shown
    $page = [SimFast]::PageOf($Window.Id)
    if ($null -ne $page -and $page.PageId -eq $script:PAGE_IPO) { Update-SimIpoForm -Window $Window -Dialog $page.Dialog; return }   # SimIpo.ps1
    if ($null -ne $page -and $Window.ControlId -eq $script:ID_CODE -and (Get-SimRepayForm -PageId $page.PageId) -eq 'return') {
        Update-SimReturnCode -Dialog $page.Dialog -Code ([string]$Window.Text)   # SimCreditRepay.ps1: 直接还券's name label
        return
    }
    if ($null -eq $page -or -not [SimFast]::TradePage($page.PageId)) { return }
    if ($Window.ControlId -eq $script:ID_CODE) {
        Update-SimCodeTyped -PageId $page.PageId -Dialog $page.Dialog -Code ([string]$Window.Text)
    } elseif ($Window.ControlId -eq $script:ID_PRICE) {
        (Get-SimForm -PageId $page.PageId).PriceByClient = $false
        [SimFast]::SetControlText($page.Dialog, (Get-SimMaxLabelId -PageId $page.PageId), '')
        Add-SimEvent -Kind 'fillMax' -DelayMs (Get-SimDelayMs 'labelFillMs') -Data @{ PageId = $page.PageId }
    } elseif ($Window.ControlId -eq $script:ID_AMOUNT -and [string]$Window.Text -ne '' -and [SimFast]::Setting('priceModeLate', $false) -eq $true) {
        # fault injection: the remembered mode comes late, once the amount is entered (the name showed long before)
        Update-SimRememberedPriceMode -PageId $page.PageId -Code ([SimFast]::ControlHeardText($page.Dialog, $script:ID_CODE))
    }
}

function Get-SimMaxLabelId {
    <#
    .SYNOPSIS
    The max-quantity label of a trade page: 1018 (buy) or 1038 (sell).
    #>
    param([Parameter(Mandatory = $true)][int]$PageId)
    if ([SimFast]::BuyPage($PageId)) { return $script:ID_MAX_BUY }
    return $script:ID_MAX_SELL
}

function Update-SimCodeTyped {
    <#
    .SYNOPSIS
    A new code: the quote labels empty at once, the quote arrives after labelFillMs (6-digit codes).
    #>
    param([int]$PageId, [int64]$Dialog, [AllowEmptyString()][string]$Code)
    if ([SimFast]::Setting('optionalControlsLate', $false) -eq $true) { Add-SimTradePageOptionals -Dialog $Dialog -PageId $PageId }   # SimPages.ps1
    [SimFast]::SetControlText($Dialog, $script:ID_NAME, '')
    [SimFast]::SetControlText($Dialog, (Get-SimMaxLabelId -PageId $PageId), '')
    foreach ($id in @($script:ID_LAST, $script:ID_LIMIT_UP, $script:ID_LIMIT_DOWN)) { [SimFast]::SetControlText($Dialog, $id, '-') }
    $form = Get-SimForm -PageId $PageId
    if ($form.PriceByClient) {
        [SimFast]::SetControlText($Dialog, $script:ID_PRICE, '')
        $form.PriceByClient = $false
    }
    if ($Code -match '^\d{6}$') {
        Add-SimEvent -Kind 'fillQuote' -DelayMs (Get-SimDelayMs 'labelFillMs') -Data @{ PageId = $PageId; Code = $Code }
    }
}

function Update-SimQuoteLabels {
    <#
    .SYNOPSIS
    The quote arrived: name, last / 涨停 / 跌停, exchange combo, default price (defaultPrice = last, when the price edit
    is empty or the client filled it) and the max quantity. An unknown code leaves the name empty and '-' labels.
    #>
    param([int]$PageId, [string]$Code)
    if (-not $script:SimPageDialogs.ContainsKey($PageId)) { return }
    $dialog = [int64]$script:SimPageDialogs[$PageId]
    if ([SimFast]::ControlHeardText($dialog, $script:ID_CODE) -ne $Code) { return }  # the code changed since
    $q = Get-SimQuote -Code $Code
    if ($null -eq $q) { return }
    if ([SimFast]::Setting('priceModeLate', $false) -ne $true) {
        Update-SimRememberedPriceMode -PageId $PageId -Code $Code   # before the name: once the name shows, the mode has switched
    }
    if ([SimFast]::Setting('nameLabelNeverFills', $false) -ne $true) {   # fault injection: the name stays empty
        [SimFast]::SetControlText($dialog, $script:ID_NAME, ([string]$q.name))
    }
    $decimals = Get-SimPriceDecimals -Code $Code   # SimInstruments.ps1: 3 for funds, bonds and repos
    [SimFast]::SetControlText($dialog, $script:ID_LAST, (Format-SimDecimal $q.last $decimals))
    [SimFast]::SetControlText($dialog, $script:ID_LIMIT_UP, (Format-SimDecimal $q.limitUp $decimals))
    [SimFast]::SetControlText($dialog, $script:ID_LIMIT_DOWN, (Format-SimDecimal $q.limitDown $decimals))
    [SimFast]::SetControlText($dialog, $script:ID_EXCHANGE, $script:SimExchangeNames[[string]$q.exchange])
    $form = Get-SimForm -PageId $PageId
    $priceText = [SimFast]::ControlHeardText($dialog, $script:ID_PRICE)
    if ([SimFast]::Setting('defaultPrice', 'last') -eq 'last' -and ($priceText -eq '' -or $form.PriceByClient)) {
        [SimFast]::SetControlText($dialog, $script:ID_PRICE, (Format-SimDecimal $q.last $decimals))
        $form.PriceByClient = $true
    }
    Update-SimMaxLabel -PageId $PageId
}

function Update-SimMaxLabel {
    <#
    .SYNOPSIS
    Fills the max-quantity label: cash / (price x (1 + commission)) in lots (buy), available shares (sell).
    #>
    param([int]$PageId)
    if (-not $script:SimPageDialogs.ContainsKey($PageId)) { return }
    $dialog = [int64]$script:SimPageDialogs[$PageId]
    $labelId = Get-SimMaxLabelId -PageId $PageId
    $code = [SimFast]::ControlHeardText($dialog, $script:ID_CODE).Trim()
    $q = Get-SimQuote -Code $code
    if ($null -eq $q) { [SimFast]::SetControlText($dialog, $labelId, ''); return }
    $credit = Get-SimCreditPage -PageId $PageId   # SimCredit.ps1
    if ($null -ne $credit -and @('marginBuy', 'shortSell', 'buyToCover') -contains $credit.Kind) {
        $price = ConvertTo-SimPrice -Text ([SimFast]::ControlHeardText($dialog, $script:ID_PRICE))
        if ($null -eq $price) { $price = [SimFast]::Decimal($q.last) }
        $max = Get-SimCreditMax -Kind $credit.Kind -Code $code -Price $price
    } elseif ([SimFast]::BuyPage($PageId)) {
        $price = ConvertTo-SimPrice -Text ([SimFast]::ControlHeardText($dialog, $script:ID_PRICE))
        if ($null -eq $price) { $price = [SimFast]::Decimal($q.last) }
        $type = (Get-SimControlText -Page $dialog -ControlId $script:ID_PRICE_TYPE).Trim()
        if ($type -and $type -ne $script:SimLimitTypeName -and $code -notmatch '^68[89]') { $price = [SimFast]::Decimal($q.limitUp) }  # a market buy freezes at limit-up
        $max = Get-SimMaxBuy -Code $code -Price $price
    } else {
        $kind = ''
        if ($null -ne $credit) { $kind = [string]$credit.Kind }
        $max = Get-SimMaxSell -Code $code -Kind $kind
    }
    [SimFast]::SetControlText($dialog, $labelId, ([string]$max))
}

# Limit / market toggle, label 1400 (THS-UI-FACTS "Limit / market toggle"). Limit mode shows 买入价格 / 卖出价格 (the
# real texts); market mode shows 市价委托 (invented: the real text is not known). A click reaches the page as WM_COMMAND
# STN_CLICKED from the label (a Static with SS_NOTIFY) and toggles the mode, unless client.priceModeToggleIgnored (the
# server did not take it). With client.rememberPriceMode the client keeps the mode of the last order per code in
# client.priceModeMemory and switches to it when that code's quote arrives (with client.priceModeLate, a fault
# injection, only once the amount is entered: after the name showed and the worker looked). In market mode a submit places a market
# order even when combo 1541 shows 限价委托 (Get-SimMarketRule, SimMatching.ps1); the combo is not changed by the mode.
$script:SimPriceModeMarketText = '市价委托'

function Get-SimPriceModeText {
    <#
    .SYNOPSIS
    The text of label 1400 for a page and mode: 买入价格 / 卖出价格 (limit) or 市价委托 (market, invented).
    #>
    param([Parameter(Mandatory = $true)][int]$PageId, [Parameter(Mandatory = $true)][ValidateSet('limit', 'market')][string]$Mode)
    if ($Mode -eq 'market') { return $script:SimPriceModeMarketText }
    if ([SimFast]::BuyPage($PageId)) { return '买入价格' }
    return '卖出价格'
}

function Get-SimPriceMode {
    <#
    .SYNOPSIS
    The price mode of a trade page: 'limit' (the start) or 'market'.
    #>
    param([Parameter(Mandatory = $true)][int]$PageId)
    $form = Get-SimForm -PageId $PageId
    if (-not $form.ContainsKey('PriceMode')) { $form.PriceMode = 'limit' }
    return [string]$form.PriceMode
}

function Set-SimPriceMode {
    <#
    .SYNOPSIS
    Puts a trade page in a price mode and shows it on label 1400.
    #>
    param([Parameter(Mandatory = $true)][int]$PageId, [Parameter(Mandatory = $true)][ValidateSet('limit', 'market')][string]$Mode)
    (Get-SimForm -PageId $PageId).PriceMode = $Mode
    if (-not $script:SimPageDialogs.ContainsKey($PageId)) { return }
    [SimFast]::SetControlText(([int64]$script:SimPageDialogs[$PageId]), $script:ID_PRICE_MODE, (Get-SimPriceModeText -PageId $PageId -Mode $Mode))
}

function Receive-SimPriceModeClick {
    <#
    .SYNOPSIS
    WM_COMMAND 1400 (STN_CLICKED) to a trade page: toggles limit / market, unless client.priceModeToggleIgnored or a
    popup is open (modal). Other windows: nothing.
    #>
    param([Parameter(Mandatory = $true)]$Window)
    $page = [SimFast]::PageOf($Window.Id)
    if ($null -eq $page -or $page.Dialog -ne [int64]$Window.Id -or -not [SimFast]::TradePage($page.PageId)) { return 0 }
    if ((Find-SimControl -Root $page.Dialog -ControlId $script:ID_PRICE_MODE) -eq 0 -or $script:SimPopups.Count -gt 0) { return 0 }
    if ([SimFast]::Setting('priceModeToggleIgnored', $false) -eq $true) { return 0 }
    $mode = 'market'
    if ((Get-SimPriceMode -PageId $page.PageId) -eq 'market') { $mode = 'limit' }
    Set-SimPriceMode -PageId $page.PageId -Mode $mode
    return 0
}

function Update-SimRememberedPriceMode {
    <#
    .SYNOPSIS
    rememberPriceMode: a code's quote arrived; the page switches to the mode remembered for the code (none: stays).
    #>
    param([Parameter(Mandatory = $true)][int]$PageId, [Parameter(Mandatory = $true)][string]$Code)
    if ([SimFast]::Setting('rememberPriceMode', $false) -ne $true) { return }
    $mode = [string](Get-SimValue -Map ([SimFast]::Setting('priceModeMemory', $null)) -Key $Code -Default '')
    if ($mode -eq 'limit' -or $mode -eq 'market') { Set-SimPriceMode -PageId $PageId -Mode $mode }
}

function Save-SimRememberedPriceMode {
    <#
    .SYNOPSIS
    rememberPriceMode: an order was placed; the client remembers its mode for the code (the caller saves the state).
    #>
    param([Parameter(Mandatory = $true)][string]$Code, [Parameter(Mandatory = $true)][ValidateSet('limit', 'market')][string]$Mode)
    if ([SimFast]::Setting('rememberPriceMode', $false) -ne $true) { return }
    $client = $script:SimState.client
    if (-not $client.Contains('priceModeMemory') -or $null -eq $client.priceModeMemory) { $client.priceModeMemory = [ordered]@{} }
    $client.priceModeMemory[$Code] = $Mode
}
