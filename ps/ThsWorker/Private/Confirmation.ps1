# Confirmation.ps1 - a question dialog read: a 委托确认's fields parsed and compared with what was asked
# (Test-ThsConfirmation), a warning told by the popup table (Get-ThsWarningKind) and its 是 / 否 buttons (Get-ThsQuestion).

# Labels of a confirmation's fields as builds word them. A label must start the text or follow a space or a
# punctuation mark, so 最新价格 is never read as 价格; several fields may share a line.
$script:ThsConfirmLabels = @{
    Code   = '证券代码|股票代码|代码'
    Side   = '买卖方向|买卖类别|操作类别|交易方向|委托方向|委托类别|操作|方向'
    Price  = '委托价格|申报价格|买入价格|卖出价格|价格'
    Amount = '委托数量|申报数量|买入数量|卖出数量|还券数量|数量'
    Money  = '还款金额'   # 直接还款's confirmation (assumed wording, docs/credit.md)
}
# Labels of the fields a confirmation shows besides those it is checked by: their values (a name such as ST澄星)
# are data, not a warning. Any other "label：text" (风险提示：…) stays free text and is classified.
$script:ThsConfirmInfoLabels = '证券名称|股票名称|名称|股东账号|股东帐号|股东代码|资金账号|资金帐号|交易市场|市场|委托方式|报价方式|价格类型|委托金额|预估金额|金额|合同编号'

function Get-ThsConfirmField {
    <#
    .SYNOPSIS
    The value after the first of a field's labels in a confirmation's text (label, ： or :, value), or $null.
    #>
    param([AllowEmptyString()][string]$Text, [Parameter(Mandatory = $true)][string]$Labels, [Parameter(Mandatory = $true)][string]$Value)
    $m = [regex]::Match($Text, '(?:^|[\s，,；;。])(?:' + $Labels + ')\s*[：:]\s*' + $Value)
    if (-not $m.Success) { return $null }
    return $m.Groups[1].Value
}

function ConvertFrom-ThsConfirmText {
    <#
    .SYNOPSIS
    The fields a confirmation shows: @{ Code; Side = buy | sell | $null; Price; Amount (digits, no separators);
    EntrustNos (撤单确认's 合同编号 list); Count (N 笔) }; a field it does not show is $null (EntrustNos empty).
    #>
    param([AllowEmptyString()][string]$Text)
    $l = $script:ThsConfirmLabels
    $f = @{ Code = $null; Side = $null; SideText = $null; Price = $null; Amount = $null; EntrustNos = @(); Count = $null }
    $f.Code = Get-ThsConfirmField -Text $Text -Labels $l.Code -Value '([0-9]{6})(?![0-9])'
    $side = Get-ThsConfirmField -Text $Text -Labels $l.Side -Value '([^\s，,；;。]+)'
    if ($null -eq $side -and $Text -match '确认以上\s*(买入|卖出)') { $side = $Matches[1] }
    if ($null -ne $side) {
        $f.SideText = $side
        if ($side.Contains('买') -and -not $side.Contains('卖')) { $f.Side = 'buy' }
        if ($side.Contains('卖') -and -not $side.Contains('买')) { $f.Side = 'sell' }
    }
    $f.Price = Get-ThsConfirmField -Text $Text -Labels $l.Price -Value '([0-9]+(?:\.[0-9]+)?)'
    $amount = Get-ThsConfirmField -Text $Text -Labels $l.Amount -Value '([0-9][0-9,]*)'
    if ($null -ne $amount) { $f.Amount = $amount -replace ',', '' }
    $nos = [regex]::Match($Text, '合同编号\s*[：:]\s*([A-Za-z0-9]+(?:\s*[,，、]\s*[A-Za-z0-9]+)*)')
    if ($nos.Success) { $f.EntrustNos = @($nos.Groups[1].Value -split '\s*[,，、]\s*' | Where-Object { $_ }) }
    if ($Text -match '(\d+)\s*笔') { $f.Count = [int]$Matches[1] }
    return $f
}

function Test-ThsConfirmation {
    <#
    .SYNOPSIS
    Compares a confirmation's text with what was asked; returns what differs or could not be read (empty: it matches).
    .PARAMETER Expect
    An order: @{ Side = buy | sell | '' (not compared); Code; Price ('' = not compared: the client's default price or a
    market order); Amount (the quantity typed); Credit (optional: the credit page's name, 融资买入 ..., or '' for a plain
    page: a confirmation naming another credit page differs) }. A cancel: @{ EntrustNos = the contract numbers being cancelled;
    Code = '' or the one order's code }: the numbers (as a set) and the count, where shown, must be those, and it must
    show at least one of them. A 直接还款: @{ Money = the amount typed }: its 还款金额 must be that amount. A 直接还券 is
    an order without side and price: @{ Side = ''; Code; Price = ''; Amount }.
    #>
    param([AllowEmptyString()][string]$Text, [Parameter(Mandatory = $true)]$Expect)
    $f = ConvertFrom-ThsConfirmText -Text $Text
    $diff = [System.Collections.ArrayList]::new()
    if ($Expect.Contains('Money')) {
        $inv = [System.Globalization.CultureInfo]::InvariantCulture
        $money = Get-ThsConfirmField -Text $Text -Labels $script:ThsConfirmLabels.Money -Value '([0-9][0-9,]*(?:\.[0-9]+)?)'
        if ($null -eq $money) { [void]$diff.Add('确认框里没有读到还款金额') }
        elseif ([decimal]::Parse(($money -replace ',', ''), $inv) -ne [decimal]::Parse([string]$Expect.Money, $inv)) { [void]$diff.Add('还款金额：确认框 ' + $money + '，请求 ' + $Expect.Money) }
        return , $diff.ToArray()
    }
    if ($Expect.Contains('EntrustNos')) {
        $want = @($Expect.EntrustNos | Sort-Object)
        $got = @($f.EntrustNos | Sort-Object)
        if ($got.Count -eq 0 -and $null -eq $f.Count) { [void]$diff.Add('确认框里没有读到合同编号或笔数') }
        if ($got.Count -gt 0 -and ($got -join ',') -ne ($want -join ',')) { [void]$diff.Add('合同编号：确认框 ' + ($got -join '、') + '，要撤的是 ' + ($want -join '、')) }
        if ($null -ne $f.Count -and $f.Count -ne $want.Count) { [void]$diff.Add('笔数：确认框 ' + $f.Count + '，要撤 ' + $want.Count) }
        if ($null -ne $f.Code -and $Expect.Code -and $f.Code -ne $Expect.Code) { [void]$diff.Add('证券代码：确认框 ' + $f.Code + '，要撤的是 ' + $Expect.Code) }
        return , $diff.ToArray()
    }
    $sideZh = @{ buy = '买入'; sell = '卖出' }
    if ($null -eq $f.Code) { [void]$diff.Add('确认框里没有读到证券代码') } elseif ($f.Code -ne $Expect.Code) { [void]$diff.Add('证券代码：确认框 ' + $f.Code + '，请求 ' + $Expect.Code) }
    if ($Expect.Side) {
        if ($null -eq $f.Side) { [void]$diff.Add('确认框里没有读到买卖方向') } elseif ($f.Side -ne $Expect.Side) { [void]$diff.Add('买卖方向：确认框 ' + $sideZh[$f.Side] + '，请求 ' + $sideZh[$Expect.Side]) }
    }
    # A credit page's order (Credit: the page's name, '' for a plain page): a confirmation naming another credit page
    # (融资买入 where 担保品买入 was asked, or any on a plain order) is another order.
    if ($Expect.Contains('Credit') -and $null -ne $f.SideText) {
        foreach ($kind in $script:CREDIT_PAGES.Keys) {
            $name = [string]@($script:CREDIT_PAGES[$kind].Path)[-1]
            if ([string]$script:CREDIT_PAGES[$kind].Side -ne '' -and $name -ne $Expect.Credit -and $f.SideText.Contains($name)) {
                $asked = $Expect.Credit
                if (-not $asked) { $asked = $sideZh[$Expect.Side] }
                [void]$diff.Add('委托类别：确认框 ' + $f.SideText + '，请求 ' + $asked)
                break
            }
        }
    }
    if ($Expect.Price) {
        $inv = [System.Globalization.CultureInfo]::InvariantCulture
        if ($null -eq $f.Price) { [void]$diff.Add('确认框里没有读到委托价格') }
        elseif ([decimal]::Parse($f.Price, $inv) -ne [decimal]::Parse([string]$Expect.Price, $inv)) { [void]$diff.Add('委托价格：确认框 ' + $f.Price + '，请求 ' + $Expect.Price) }
    }
    if ($null -eq $f.Amount) { [void]$diff.Add('确认框里没有读到委托数量') } elseif ([int64]$f.Amount -ne [int64]$Expect.Amount) { [void]$diff.Add('委托数量：确认框 ' + $f.Amount + '，请求 ' + $Expect.Amount) }
    return , $diff.ToArray()
}

function Get-ThsWarningKind {
    <#
    .SYNOPSIS
    The popup table's warning kind whose pattern matches a text (first in the table's order), or $null.
    #>
    param([AllowEmptyString()][string]$Text)
    foreach ($w in @($script:ThsPopupTable.warnings)) { if ([regex]::IsMatch($Text, [string]$w.match)) { return [string]$w.kind } }
    return $null
}

function Get-ThsConfirmFreeText {
    <#
    .SYNOPSIS
    A confirmation's text without its known fields (label, ： or :, value up to a space or a punctuation mark): what
    is left is what the client says besides the order, and is checked for warnings.
    #>
    param([AllowEmptyString()][string]$Text)
    $l = $script:ThsConfirmLabels
    $labels = @($l.Code, $l.Side, $l.Price, $l.Amount, $l.Money, $script:ThsConfirmInfoLabels) -join '|'
    return [regex]::Replace($Text, '(^|[\s，,；;。])(?:' + $labels + ')\s*[：:][ \t]*[^\s，,；;。]*', '$1')
}

function Get-ThsQuestion {
    <#
    .SYNOPSIS
    What a popup asks: $null for a plain message (one button), else @{ Kind = confirm, a warning kind of the popup table
    or unknown; Yes; No = the button ids that answer it (是 / 否, or 确定 / 取消) }.
    .DESCRIPTION
    A confirmation is a question titled as the action's confirmation (委托确认, 撤单确认 ...: the table's
    confirmations) whose free text (Get-ThsConfirmFreeText: the text without its known fields) has no warning. Any other
    question is a warning: the table's kind its text matches, else unknown.
    #>
    param([Parameter(Mandatory = $true)]$Popup, [Parameter(Mandatory = $true)][string]$Action)
    $b = @($Popup.Buttons)
    $yes = 0; $no = 0
    if ($b -contains $script:ID_BTN_YES) {
        $yes = $script:ID_BTN_YES
        if ($b -contains $script:ID_BTN_NO) { $no = $script:ID_BTN_NO } elseif ($b -contains $script:ID_BTN_CANCEL) { $no = $script:ID_BTN_CANCEL }
    } elseif (($b -contains $script:ID_BTN_OK) -and (($b -contains $script:ID_BTN_CANCEL) -or ($b -contains $script:ID_BTN_NO))) {
        $yes = $script:ID_BTN_OK
        if ($b -contains $script:ID_BTN_NO) { $no = $script:ID_BTN_NO } else { $no = $script:ID_BTN_CANCEL }
    }
    if ($yes -eq 0) { return $null }
    $isConfirm = $false
    foreach ($t in @($script:ThsPopupTable.confirmations.$Action)) { if ($Popup.Title.Contains([string]$t)) { $isConfirm = $true } }
    if ($isConfirm) {
        $free = Get-ThsConfirmFreeText -Text $Popup.Text
        $kind = Get-ThsWarningKind -Text $free
        if ($null -eq $kind) { $kind = 'confirm' }
    } else {
        $kind = Get-ThsWarningKind -Text ($Popup.Title + "`n" + $Popup.Text)
        if ($null -eq $kind) { $kind = [string]$script:ThsPopupTable.unknownWarning.kind }
    }
    return @{ Kind = $kind; Yes = $yes; No = $no }
}
