# SimCreditPages.ps1 - a credit client's windows: tab 1001 and menu tree 513 with its items, the credit order pages
# (担保品买入 / 担保品卖出, 融资买入, 融券卖出, 买券还券, 卖券还款: the buy / sell page's controls and a caption),
# 查询资产 (caption / value Statics) and the 直接还款 / 直接还券 pages (SimCreditRepay.ps1). Its rules: SimCredit.ps1.
# Dot-sourced by ../ThsSimClient.psm1.

# 查询资产's captions, in the page's order (each a Static followed by its value Static): ps/xiadan-ui.psd1.
$script:SimCreditFields = $script:CREDIT_ASSET_FIELDS
$script:SimCreditValueIdBase = 2200   # invented ids of the value Statics (the worker reads by caption)

function Add-SimCreditWindows {
    <#
    .SYNOPSIS
    The credit client's frame children: tab CCustomTabCtrl 1001 and menu tree 513 with its items (CREDIT_PAGES'
    paths; 市价委托 -> 融资买入 and 撤单 / 当日委托 / 当日成交 / 资金股票 as the client's tree has them, the last ones
    showing the plain pages).
    #>
    [void](New-SimWindow -Parent $script:SimMainId -ClassName $script:CREDIT_TAB_CLASS -ControlId $script:ID_CREDIT_TAB)
    $tree = New-SimWindow -Parent $script:SimMainId -ClassName 'SysTreeView32' -ControlId $script:ID_CREDIT_TREE
    $limit = Add-SimTreeItem -Tree $tree -Text '限价委托'
    foreach ($kind in @('collateralBuy', 'collateralSell', 'marginBuy', 'shortSell', 'buyToCover', 'sellToRepay')) {
        $p = $script:CREDIT_PAGES[$kind]
        [void](Add-SimTreeItem -Tree $tree -Parent $limit -Text ([string]@($p.Path)[-1]) -PageId ([int]$p.Key))
    }
    $market = Add-SimTreeItem -Tree $tree -Text ([string]@($script:CREDIT_PAGES.marginBuyMarket.Path)[0])
    [void](Add-SimTreeItem -Tree $tree -Parent $market -Text ([string]@($script:CREDIT_PAGES.marginBuyMarket.Path)[-1]) -PageId ([int]$script:CREDIT_PAGES.marginBuyMarket.Key))
    # 直接还款 / 直接还券 (SimCreditRepay.ps1); client.creditRepayItems = $false (fault injection): a tree without them.
    if ([SimFast]::Setting('creditRepayItems', $true) -ne $false) {
        $repay = Add-SimTreeItem -Tree $tree -Text ([string]@($script:CREDIT_PAGES.directRepay.Path)[0])
        foreach ($kind in @('directRepay', 'directReturn')) {
            $p = $script:CREDIT_PAGES[$kind]
            [void](Add-SimTreeItem -Tree $tree -Parent $repay -Text ([string]@($p.Path)[-1]) -PageId ([int]$p.Key))
        }
    }
    [void](Add-SimTreeItem -Tree $tree -Text '撤单[F3]' -PageId $script:PAGE_CANCEL)
    $query = Add-SimTreeItem -Tree $tree -Text '查询[F4]'
    [void](Add-SimTreeItem -Tree $tree -Parent $query -Text '查询资产' -PageId ([int]$script:CREDIT_PAGES.assets.Key))
    [void](Add-SimTreeItem -Tree $tree -Parent $query -Text '标的证券' -PageId ([int]$script:CREDIT_PAGES.securities.Key))
    [void](Add-SimTreeItem -Tree $tree -Parent $query -Text '负债明细' -PageId ([int]$script:CREDIT_PAGES.debts.Key))
    [void](Add-SimTreeItem -Tree $tree -Parent $query -Text '资金股票' -PageId $script:PAGE_FUNDS)
    [void](Add-SimTreeItem -Tree $tree -Parent $query -Text '当日委托' -PageId $script:PAGE_ORDERS)
    [void](Add-SimTreeItem -Tree $tree -Parent $query -Text '当日成交' -PageId $script:PAGE_TRADES)
}

function New-SimCreditPage {
    <#
    .SYNOPSIS
    A credit page's controls under its dialog: an order page is the buy or sell page's controls with a caption Static
    (IDC_STATIC) showing the item's text; 查询资产 is that caption and a caption / value Static pair per field.
    #>
    param([Parameter(Mandatory = $true)][int64]$Dialog, [Parameter(Mandatory = $true)][int]$PageId)
    $page = Get-SimCreditPage -PageId $PageId
    # client.creditCaptions = $false (fault injection): pages without their caption, which the worker must refuse.
    if ([SimFast]::Setting('creditCaptions', $true) -ne $false) { [void](New-SimWindow -Parent $Dialog -ClassName 'Static' -ControlId $script:ID_STATIC -Text $page.Name) }
    if ($page.Side -ne '') { New-SimTradePage -Dialog $Dialog -PageId $PageId; return }   # SimPages.ps1
    if ($page.Grid) { New-SimGrid -Dialog $Dialog; return }
    if ($page.Form -ne '') { New-SimRepayPage -Dialog $Dialog -Form $page.Form; return }   # SimCreditRepay.ps1
    for ($i = 0; $i -lt $script:SimCreditFields.Count; $i++) {
        [void](New-SimWindow -Parent $Dialog -ClassName 'Static' -ControlId $script:ID_STATIC -Text $script:SimCreditFields[$i])
        [void](New-SimWindow -Parent $Dialog -ClassName 'Static' -ControlId ($script:SimCreditValueIdBase + $i))
    }
}

function Reset-SimCreditLabels {
    <#
    .SYNOPSIS
    查询资产 shown: its values empty, filled after labelFillMs (the client queries on show, like the funds page).
    #>
    param([Parameter(Mandatory = $true)][int64]$Dialog)
    for ($i = 0; $i -lt $script:SimCreditFields.Count; $i++) { [SimFast]::SetControlText($Dialog, ($script:SimCreditValueIdBase + $i), '') }
    Add-SimEvent -Kind 'fillCredit' -DelayMs (Get-SimDelayMs 'labelFillMs') -Data @{ Dialog = $Dialog }
}

function Update-SimCreditLabels {
    <#
    .SYNOPSIS
    Fills 查询资产's values from the account (Get-SimCreditFigures).
    #>
    param([Parameter(Mandatory = $true)][int64]$Dialog)
    $figures = Get-SimCreditFigures
    for ($i = 0; $i -lt $script:SimCreditFields.Count; $i++) {
        [SimFast]::SetControlText($Dialog, ($script:SimCreditValueIdBase + $i), ([string]$figures[$script:SimCreditFields[$i]]))
    }
}

# The grids of 标的证券 and 负债明细 (invented columns: the real pages' are not known).
$script:SimSecurityColumns = @('证券代码', '证券名称', '融资标的', '融资保证金比例', '融券标的', '融券保证金比例', '可融券数量', '折算率')
$script:SimDebtColumns = @('证券代码', '证券名称', '负债类型', '负债数量', '负债金额', '当前市值')

function Get-SimCreditGridText {
    <#
    .SYNOPSIS
    A credit grid page's text: 标的证券 (every code the account can finance, short or pledge with a quote: whether it
    is a 融资 / 融券 标的, the ratios, the shares that can be borrowed, its 折算率), or 负债明细 (one row per financed
    or shorted code: 融资 with its amount, 融券 with the short amount, the shares and their value at the last price).
    #>
    param([Parameter(Mandatory = $true)][int]$PageId)
    $c = $script:SimState.credit
    $rows = [System.Collections.ArrayList]::new()
    if ($PageId -eq [int]$script:CREDIT_PAGES.securities.Key) {
        $codes = [System.Collections.Generic.List[string]]::new()
        foreach ($k in @(@($c.marginable) + @($c.shortable.Keys) + @($c.collateralRates.Keys))) { if (-not $codes.Contains([string]$k)) { $codes.Add([string]$k) } }
        $codes.Sort([System.StringComparer]::Ordinal)
        foreach ($code in $codes) {
            $q = Get-SimQuote -Code $code
            if ($null -eq $q) { continue }
            $lendable = Get-SimLendable -Code $code
            $yes = @{ $true = '是'; $false = '否' }
            [void]$rows.Add(@{
                    '证券代码' = $code; '证券名称' = [string]$q.name; '融资标的' = $yes[(Test-SimMarginable -Code $code)]
                    '融资保证金比例' = (Format-SimDecimal $c.marginRatio 2); '融券标的' = $yes[($lendable -ge 0)]
                    '融券保证金比例' = (Format-SimDecimal $c.shortMarginRatio 2); '可融券数量' = [Math]::Max([int64]0, $lendable)
                    '折算率' = (Format-SimDecimal (Get-SimCollateralRate -Code $code) 2)
                })
        }
        return (Join-SimGridText -Columns $script:SimSecurityColumns -Rows $rows.ToArray())
    }
    foreach ($debt in @(@{ Map = $c.finance; Kind = '融资' }, @{ Map = $c.shorts; Kind = '融券' })) {
        foreach ($code in @($debt.Map.Keys | Sort-Object)) {
            $shares = Get-SimDebtShares -Map $debt.Map -Code $code
            $name = ''
            $q = Get-SimQuote -Code $code
            if ($null -ne $q) { $name = [string]$q.name }
            [void]$rows.Add(@{
                    '证券代码' = [string]$code; '证券名称' = $name; '负债类型' = $debt.Kind; '负债数量' = $shares
                    '负债金额' = (Format-SimDecimal $debt.Map[$code].amount 2); '当前市值' = (Format-SimDecimal ($shares * (Get-SimLastPrice -Code $code)) 2)
                })
        }
    }
    return (Join-SimGridText -Columns $script:SimDebtColumns -Rows $rows.ToArray())
}
