# SimAccount.ps1 - the simulated account's business rules: quotes, fees, order checks, placement, fills, funds, grids.
# Dot-sourced by ../ThsSimClient.psm1; reads and changes $script:SimState and saves it after every change.

# Every text the simulated client shows, in one place. {0}, {1}... are filled with invariant-culture strings.
# Seen on real clients: PriceLimit, NoShares, MarketClosed, Clearing, BuyOk / SellOk. The others are invented.
$script:SimTexts = @{
    MarketClosed   = '当前时间不允许委托'
    Clearing       = '系统正在清算中，请稍后重试！'
    NoCode         = '请输入证券代码。'
    UnknownCode    = '证券代码[{0}]不存在，请重新输入。'
    BadPrice       = '委托价格不正确，请重新输入。'
    PriceDecimals  = '委托价格的小数位数不能超过{0}位，请重新输入。'
    PriceLimit     = '提交失败：[{0}:{1}]超过涨跌限制。{2}-{3}。'
    BadAmount      = '委托数量不正确，请重新输入。'
    BuyLot         = '买入数量必须为100股的整数倍。'
    BuyMinStar     = '科创板股票买入数量不能少于200股。'
    BuyMinBeijing  = '北交所股票买入数量不能少于100股。'
    BondLot        = '债券委托数量必须为10张的整数倍。'
    RepoLot        = '逆回购委托数量必须为1000元的整数倍。'
    RepoBuy        = '证券代码[{0}]为逆回购品种，只能卖出（融出资金）。'
    NoShares       = '委托失败，可交易股数为0'
    TooManyShares  = '委托失败，委托数量超过可交易股数，可交易股数为{0}'
    SellLot        = '卖出数量必须为100股的整数倍，零股须一次性卖出。'
    SellMinStar    = '科创板股票卖出数量不能少于200股，余额不足200股时须一次性卖出。'
    NoFunds        = '委托失败，可用资金不足。'
    BuyOk          = '您的买入委托已成功提交，合同编号：{0}。'
    SellOk         = '您的卖出委托已成功提交，合同编号：{0}。'
    ConfirmTitle   = '委托确认'
    ConfirmBody    = "股东代码：{0}`r`n证券代码：{1}`r`n证券名称：{2}`r`n买卖方向：{3}`r`n委托价格：{4}`r`n委托数量：{5}`r`n`r`n您是否确认以上{3}委托？"
    InfoTitle      = '提示'
    # The client's own warnings (是 / 否, before the confirmation), off by default: client.warnPriceDeviationPct and
    # client.riskWarnings. Invented texts, worded like the real client's questions.
    WarningTitle   = '提示信息'
    PriceDeviation = '委托价格{0}偏离最新价{1}达{2}%，超过{3}%的提示幅度，是否继续委托？'
    RiskWarning    = '{0}({1})为风险警示股票，买入前请了解相关风险。是否继续买入？'
    Delisting      = '{0}({1})已进入退市整理期，买入前请了解相关风险。是否继续买入？'
}
$script:SimExchangeNames = @{ SH = '上海Ａ股'; SZ = '深圳Ａ股'; BJ = '北京Ａ股' }
$script:SimStatusNames = @{ reported = '已报'; partial = '部成'; filled = '已成'; cancelled = '已撤'; partlyCancelled = '部撤' }

function Get-SimQuote {
    <#
    .SYNOPSIS
    The quote of a code (state.quotes[code]) or $null when the client does not know the code.
    #>
    param([AllowEmptyString()][string]$Code)
    if (-not $Code -or -not $script:SimState.quotes.Contains($Code)) { return $null }
    return $script:SimState.quotes[$Code]
}

function Get-SimCodeExchange {
    <#
    .SYNOPSIS
    SH / SZ / BJ for a code: the quote's exchange, else guessed from the code's first digits.
    #>
    param([Parameter(Mandatory = $true)][string]$Code)
    $q = Get-SimQuote -Code $Code
    if ($null -ne $q -and $q.Contains('exchange')) { return [string]$q.exchange }
    if ($Code -match '^(4|8|92)') { return 'BJ' }
    if ($Code -match '^(5|6|9)') { return 'SH' }
    return 'SZ'
}

function Get-SimFees {
    <#
    .SYNOPSIS
    Fees of a trade: commission (with minimum), stamp duty (sells), transfer fee; each rounded to 0.01.
    #>
    param([ValidateSet('buy', 'sell')][string]$Side, [decimal]$Price, [int64]$Amount, [string]$Code = '')
    $f = $script:SimState.fees
    $value = $Price * $Amount
    $r = [System.MidpointRounding]::AwayFromZero
    $commission = [decimal]::Round($value * [SimFast]::Decimal($f.commissionRate), 2, $r)
    $min = [SimFast]::Decimal($f.commissionMin)
    if ($commission -lt $min) { $commission = $min }
    $stamp = [decimal]0
    if ($Side -eq 'sell' -and (Get-SimPriceDecimals -Code $Code) -eq 2) { $stamp = [decimal]::Round($value * [SimFast]::Decimal($f.stampDutyRate), 2, $r) }
    $transfer = [decimal]::Round($value * [SimFast]::Decimal($f.transferFeeRate), 2, $r)
    return ($commission + $stamp + $transfer)
}

function Get-SimMaxBuy {
    <#
    .SYNOPSIS
    Most shares the available cash buys at Price, fees included, in the code's lots (0 when below the minimum).
    #>
    param([Parameter(Mandatory = $true)][string]$Code, [Parameter(Mandatory = $true)][decimal]$Price)
    if ($Price -le 0) { return [int64]0 }
    $available = [SimFast]::Decimal($script:SimState.account.available)
    $rule = Get-SimLotRule -Code $Code
    $rate = [SimFast]::Decimal($script:SimState.fees.commissionRate)
    $n = [int64][decimal]::Floor($available / ($Price * (1 + $rate)) / $rule.Step) * $rule.Step
    # Start the search lower where no more can be afforded: a buy costs at least value x (1 + commission + transfer
    # rates) - 0.01 (each fee rounded to 0.01), so above that bound the loop below would only step down one lot at a
    # time (thousands of Get-SimFees calls on a large account). Same lot grid, same answer.
    $transferRate = [SimFast]::Decimal($script:SimState.fees.transferFeeRate)
    $bound = [int64][decimal]::Floor(($available + [decimal]0.01) / ($Price * (1 + $rate + $transferRate)) / $rule.Step) * $rule.Step
    if ($bound -lt $n) { $n = $bound }
    while ($n -gt 0 -and ($Price * $n + (Get-SimFees -Side buy -Price $Price -Amount $n -Code $Code)) -gt $available) { $n -= $rule.Step }
    if ($n -lt $rule.Min) { return [int64]0 }
    return $n
}

function Get-SimPosition {
    <#
    .SYNOPSIS
    The position of a code (state.positions[code]) or $null.
    #>
    param([Parameter(Mandatory = $true)][string]$Code)
    if (-not $script:SimState.positions.Contains($Code)) { return $null }
    return $script:SimState.positions[$Code]
}

function Get-SimMaxSell {
    <#
    .SYNOPSIS
    Shares of a code that can be sold now (the position's available shares; bought today ones are not). A credit
    account's 担保品卖出 (Kind collateralSell) sells collateral only: not the financed shares (those are 卖券还款's).
    #>
    param([Parameter(Mandatory = $true)][string]$Code, [string]$Kind = '')
    if (Test-SimRepo -Code $Code) {
        # A repo is lent from cash: whole 1000 CNY, in the client's unit.
        $rule = Get-SimLotRule -Code $Code
        $available = [SimFast]::Decimal($script:SimState.account.available)
        return ([int64][decimal]::Floor($available / ((Get-SimRepoUnit) * $rule.Step)) * $rule.Step)
    }
    $p = Get-SimPosition -Code $Code
    if ($null -eq $p) { return [int64]0 }
    if ($Kind -eq 'collateralSell') { return [Math]::Max([int64]0, [Math]::Min([int64]$p.available, [int64]$p.total - (Get-SimFinancedHeld -Code $Code))) }   # SimCredit.ps1
    return [int64]$p.available
}

function Test-SimOrder {
    <#
    .SYNOPSIS
    Checks an order form like the client does, in the client's order. Returns @{ Error = text or $null; Price; Amount;
    Quote; Fees }.
    .PARAMETER Form
    @{ Side = 'buy'|'sell'; Code; PriceText; AmountText; ExchangeText } as read from the page at the click.
    #>
    param([Parameter(Mandatory = $true)]$Form)
    $t = $script:SimTexts
    $r = @{ Error = $null; Price = [decimal]0; Amount = [int64]0; Quote = $null; Fees = [decimal]0; Market = $null; FreezePrice = [decimal]0 }
    $phase = [string][SimFast]::Setting('marketPhase', 'open')
    if ($phase -eq 'closed') { $r.Error = $t.MarketClosed; return $r }
    if ($phase -eq 'clearing') { $r.Error = $t.Clearing; return $r }
    $code = $Form.Code.Trim()
    if (-not $code) { $r.Error = $t.NoCode; return $r }
    $q = Get-SimQuote -Code $code
    $exchangeName = $null
    if ($null -ne $q) { $exchangeName = $script:SimExchangeNames[[string]$q.exchange] }
    if ($null -eq $q -or ($Form.ExchangeText -and $Form.ExchangeText -ne $exchangeName)) {
        $r.Error = ($t.UnknownCode -f $code); return $r
    }
    $r.Quote = $q
    $market = Get-SimMarketRule -Form $Form -Code $code -Quote $q   # SimMatching.ps1: $null for a limit order
    if ($null -ne $market -and $null -ne $market.Error) { $r.Error = $market.Error; return $r }
    $r.Market = $market
    $price = ConvertTo-SimPrice -Text $Form.PriceText
    if ($null -ne $market -and -not $market.Star) { $price = [SimFast]::Decimal($q.last) }  # the price edit is not used
    if ($null -eq $price) { $r.Error = $t.BadPrice; return $r }
    $decimals = Get-SimPriceDecimals -Code $code
    $scale = [decimal][Math]::Pow(10, $decimals)
    if ($price * $scale -ne [decimal]::Floor($price * $scale)) { $r.Error = ($t.PriceDecimals -f $decimals); return $r }
    $r.Price = $price
    $up = [SimFast]::Decimal($q.limitUp)
    $down = [SimFast]::Decimal($q.limitDown)
    if ($price -gt $up -or $price -lt $down) {
        $r.Error = ($t.PriceLimit -f $code, (Format-SimDecimal $price 3), (Format-SimDecimal $up $decimals), (Format-SimDecimal $down $decimals))
        return $r
    }
    $amountText = $Form.AmountText.Trim()
    if (-not ($amountText -match '^\d{1,10}$') -or [int64]$amountText -le 0) { $r.Error = $t.BadAmount; return $r }
    $amount = [int64]$amountText
    $r.Amount = $amount
    $rule = Get-SimLotRule -Code $code
    $kind = ''
    if ($Form.ContainsKey('Credit') -and $null -ne $Form.Credit) { $kind = [string]$Form.Credit }
    if ($kind -eq 'shortSell') {   # SimCredit.ps1: borrowed shares, no position needed
        $r.Error = Test-SimCreditOrder -Kind $kind -Code $code -Amount $amount -Price $price -Cost 0
        if ($null -eq $r.Error) { $r.Fees = Get-SimFees -Side sell -Price $price -Amount $amount -Code $code }
        return $r
    }
    if ($rule.Board -eq 'repo') {
        if ($Form.Side -eq 'buy') { $r.Error = ($t.RepoBuy -f $code); return $r }
        if ($amount % $rule.Step -ne 0) { $r.Error = $t.RepoLot; return $r }
        if ($amount * (Get-SimRepoUnit) -gt [SimFast]::Decimal($script:SimState.account.available)) { $r.Error = $t.NoFunds }
        return $r   # no fee at placement (the interest and fee settle at maturity, outside this simulation)
    }
    if ($Form.Side -eq 'buy') {
        if ($rule.Board -eq 'star' -and $amount -lt $rule.Min) { $r.Error = $t.BuyMinStar; return $r }
        if ($rule.Board -eq 'bj' -and $amount -lt $rule.Min) { $r.Error = $t.BuyMinBeijing; return $r }
        if ($rule.Board -eq 'bond' -and $amount % $rule.Step -ne 0) { $r.Error = $t.BondLot; return $r }
        if ($amount % $rule.Step -ne 0) { $r.Error = $t.BuyLot; return $r }
        $r.FreezePrice = Get-SimFreezePrice -Price $price -Market $market -Quote $q
        $r.Fees = Get-SimFees -Side buy -Price $r.FreezePrice -Amount $amount -Code $code
        if ($kind -eq 'marginBuy' -or $kind -eq 'buyToCover') {   # SimCredit.ps1: margin, or 融券卖出资金 first
            $r.Error = Test-SimCreditOrder -Kind $kind -Code $code -Amount $amount -Price $r.FreezePrice -Cost ($r.FreezePrice * $amount + $r.Fees)
            return $r
        }
        if ($r.FreezePrice * $amount + $r.Fees -gt [SimFast]::Decimal($script:SimState.account.available)) { $r.Error = $t.NoFunds }
        return $r
    }
    $canSell = Get-SimMaxSell -Code $code -Kind $kind
    if ($canSell -eq 0) { $r.Error = $t.NoShares; return $r }
    if ($amount -gt $canSell) { $r.Error = ($t.TooManyShares -f $canSell); return $r }
    if ($amount -ne $canSell) {
        $lotText = $t.SellLot
        if ($rule.Board -eq 'bond') { $lotText = $t.BondLot }
        if ($rule.Board -ne 'main' -and $amount -lt $rule.Min) {
            if ($rule.Board -eq 'star') { $r.Error = $t.SellMinStar } else { $r.Error = $lotText }
            return $r
        }
        if ($amount % $rule.Step -ne 0) { $r.Error = $lotText; return $r }
    }
    $r.Fees = Get-SimFees -Side sell -Price $price -Amount $amount -Code $code
    return $r
}

function Submit-SimOrder {
    <#
    .SYNOPSIS
    Checks and places an order: contract number, order row, cash or shares frozen, immediate fill when the limit
    reaches the last price. Saves the state. Returns @{ Ok; Text; ContractNo }.
    #>
    param([Parameter(Mandatory = $true)]$Form)
    $check = Test-SimOrder -Form $Form
    if ($null -ne $check.Error) { return @{ Ok = $false; Text = $check.Error; ContractNo = $null } }
    $a = $script:SimState.account
    $code = $Form.Code.Trim()
    $no = [string]$a.nextContractNo
    $a.nextContractNo = [string]([int64]$no + 1)
    $now = Get-Date
    $inv = [System.Globalization.CultureInfo]::InvariantCulture
    $exchange = [string]$check.Quote.exchange
    $priceType = 'limit'
    if ($null -ne $check.Market) { $priceType = $check.Market.Type }
    $order = [ordered]@{
        contractNo = $no; date = $now.ToString('yyyyMMdd', $inv); time = $now.ToString('HH:mm:ss', $inv)
        code = $code; name = [string]$check.Quote.name; side = $Form.Side; price = (Format-SimDecimal $check.Price (Get-SimPriceDecimals -Code $code))
        amount = $check.Amount; filled = 0; avgPrice = '0.00'; status = 'reported'; exchange = $exchange
        shareholder = [string](Get-SimValue -Map $a.shareholders -Key $exchange -Default ''); frozenCash = '0.00'
        priceType = $priceType
    }
    $kind = ''
    if ($Form.ContainsKey('Credit') -and $null -ne $Form.Credit) { $kind = [string]$Form.Credit }
    if ($kind -ne '') { $order.credit = $kind }
    if ($kind -ne '' -and (Add-SimCreditFreeze -Order $order -Kind $kind -Cost ($check.FreezePrice * $check.Amount + $check.Fees))) {
        # SimCreditFills.ps1: margin, borrowed shares or 融券卖出资金 held instead of the plain freeze
    } elseif ($Form.Side -eq 'buy' -or (Test-SimRepo -Code $code)) {
        $freeze = $check.FreezePrice * $check.Amount + $check.Fees
        if (Test-SimRepo -Code $code) { $freeze = $check.Amount * (Get-SimRepoUnit) }   # the cash lent
        $order.frozenCash = Format-SimDecimal $freeze 2
        $a.available = Format-SimDecimal ([SimFast]::Decimal($a.available) - $freeze) 2
        $a.frozen = Format-SimDecimal ([SimFast]::Decimal($a.frozen) + $freeze) 2
    } else {
        $p = Get-SimPosition -Code $code
        $p.available = [int64]$p.available - $check.Amount
        $p.frozen = [int64]$p.frozen + $check.Amount
    }
    [void]$script:SimState.orders.Add($order)
    Invoke-SimPlacementMatch -Order $order -Market $check.Market   # SimMatching.ps1
    Update-SimWithdrawable
    Save-SimState
    $text = $script:SimTexts.SellOk
    if ($Form.Side -eq 'buy') { $text = $script:SimTexts.BuyOk }
    return @{ Ok = $true; Text = ($text -f $no); ContractNo = $no }
}

function Update-SimWithdrawable {
    <#
    .SYNOPSIS
    Keeps 可取金额 within 可用金额 (sale proceeds are not withdrawable the same day).
    #>
    $a = $script:SimState.account
    if ([SimFast]::Decimal($a.withdrawable) -gt [SimFast]::Decimal($a.available)) { $a.withdrawable = Format-SimDecimal $a.available 2 }
}
