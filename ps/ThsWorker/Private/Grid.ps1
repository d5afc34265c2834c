# Grid.ps1 - reads a CVirtualGridCtrl through the copy command (0xE122) and the clipboard; parses its TSV by header.

# Header aliases across broker builds -> the name we report.
$script:ThsColumnAliases = @{
    '当前持仓' = '股票余额'
    '证券数量' = '股票余额'
    '可用数量' = '可用余额'
    '可卖数量' = '可用余额'
    '浮动盈亏' = '参考盈亏'
    '最新市值' = '参考市值'
    '委托编号' = '合同编号'
    '参考成本价' = '成本价'
    '摊薄成本价' = '成本价'
}

# Columns reported as integers / as numbers; every other column stays a string (codes keep their leading zeros).
$script:ThsIntegerColumns = @('股票余额', '可用余额', '冻结数量', '实际数量', '当日买入', '当日卖出', '委托数量', '成交数量', '撤单数量', '申购数量', '可申购数量')
$script:ThsNumberColumns = @('成本价', '市价', '市值', '盈亏', '参考盈亏', '参考市值', '盈亏比例(%)', '仓位占比(%)', '当日盈亏', '委托价格', '成交均价', '成交价格', '成交金额', '发行价')

function Find-ThsGrid {
    <#
    .SYNOPSIS
    The page's visible grid (class CVirtualGridCtrl, id 1047 preferred), or throws control_not_found.
    #>
    param([Parameter(Mandatory = $true)]$Page)
    $any = $null
    foreach ($w in $Page.Controls) {
        if ($w.ClassName -eq $script:GRID_CLASS -and $w.Visible) {
            if ($w.ControlId -eq $script:ID_GRID) { return [int64]$w.Handle }
            if ($null -eq $any) { $any = [int64]$w.Handle }
        }
    }
    if ($null -ne $any) { return $any }
    throw (New-ThsError -Code 'control_not_found' -Message '页面上没有找到表格控件（CVirtualGridCtrl，id 1047）：客户端版本可能不同。')
}

function ConvertFrom-ThsGridText {
    <#
    .SYNOPSIS
    Parses the grid's tab-separated text (header row first) into rows keyed by column name, with aliases applied
    and numeric columns typed. Returns @{ Columns; Rows }.
    #>
    param([Parameter(Mandatory = $true)][AllowEmptyString()][string]$Text)
    $lines = @($Text -split "`r?`n" | Where-Object { $_.Trim() -ne '' })
    if ($lines.Count -eq 0) { return @{ Columns = @(); Rows = @() } }
    $columns = New-Object System.Collections.ArrayList
    foreach ($h in ($lines[0] -split "`t")) {
        $name = $h.Trim()
        if ($script:ThsColumnAliases.ContainsKey($name)) { $name = $script:ThsColumnAliases[$name] }
        [void]$columns.Add($name)
    }
    $rows = New-Object System.Collections.ArrayList
    for ($i = 1; $i -lt $lines.Count; $i++) {
        $cells = $lines[$i] -split "`t"
        $row = [ordered]@{}
        for ($c = 0; $c -lt $columns.Count; $c++) {
            $name = $columns[$c]
            if (-not $name -or $row.Contains($name)) { continue }
            $cell = ''
            if ($c -lt $cells.Count) { $cell = $cells[$c].Trim() }
            $row[$name] = ConvertFrom-ThsCell -Column $name -Cell $cell
        }
        [void]$rows.Add($row)
    }
    return @{ Columns = $columns.ToArray(); Rows = $rows.ToArray() }
}

function ConvertFrom-ThsCell {
    <#
    .SYNOPSIS
    Types one cell by its column: integer, decimal number, or string (Excel-style ="..." wrappers removed).
    #>
    param([string]$Column, [AllowEmptyString()][string]$Cell)
    if ($Cell -match '^="(.*)"$') { $Cell = $Matches[1] }
    $inv = [System.Globalization.CultureInfo]::InvariantCulture
    $d = [decimal]0
    $isNumber = [decimal]::TryParse(($Cell -replace ',', ''), [System.Globalization.NumberStyles]::Number, $inv, [ref]$d)
    if ($script:ThsIntegerColumns -contains $Column) {
        if ($isNumber) { return [int64][decimal]::Truncate($d) }
        return [int64]0
    }
    if ($script:ThsNumberColumns -contains $Column) {
        if ($isNumber) { return $d }
        return $null
    }
    return $Cell
}
