# SimCreditPages.ps1 - a credit client's windows: tab 1001 and menu tree 513 with its items, the credit order pages
# (担保品买入 / 担保品卖出, 融资买入, 融券卖出, 买券还券, 卖券还款: the buy / sell page's controls and a caption) and
# 查询资产 (caption / value Statics). Its rules: SimCredit.ps1. Dot-sourced by ../ThsSimClient.psm1.

# 查询资产's captions, in the page's order (each a Static followed by its value Static).
$script:SimCreditFields = @('资金余额', '可用资金', '融券卖出资金', '总市值', '总资产', '融资负债', '融券负债', '总负债', '净资产', '可用保证金', '维持担保比例')
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
    $market = Add-SimTreeItem -Tree $tree -Text '市价委托'
    [void](Add-SimTreeItem -Tree $tree -Parent $market -Text '融资买入')   # not simulated: shows no page
    [void](Add-SimTreeItem -Tree $tree -Text '撤单[F3]' -PageId $script:PAGE_CANCEL)
    $query = Add-SimTreeItem -Tree $tree -Text '查询[F4]'
    [void](Add-SimTreeItem -Tree $tree -Parent $query -Text '查询资产' -PageId ([int]$script:CREDIT_PAGES.assets.Key))
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
    [void](New-SimWindow -Parent $Dialog -ClassName 'Static' -ControlId $script:ID_STATIC -Text $page.Name)
    if ($page.Side -ne '') { New-SimTradePage -Dialog $Dialog -PageId $PageId; return }   # SimPages.ps1
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
    for ($i = 0; $i -lt $script:SimCreditFields.Count; $i++) { Set-SimControlText -Page $Dialog -ControlId ($script:SimCreditValueIdBase + $i) -Text '' }
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
        Set-SimControlText -Page $Dialog -ControlId ($script:SimCreditValueIdBase + $i) -Text ([string]$figures[$script:SimCreditFields[$i]])
    }
}

