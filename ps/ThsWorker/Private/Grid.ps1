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
$script:ThsIntegerColumns = @('股票余额', '可用余额', '冻结数量', '实际数量', '当日买入', '当日卖出', '委托数量', '成交数量', '撤单数量', '申购数量', '可申购数量', '可融券数量', '负债数量')
$script:ThsNumberColumns = @('成本价', '市价', '市值', '盈亏', '参考盈亏', '参考市值', '盈亏比例(%)', '仓位占比(%)', '当日盈亏', '委托价格', '成交均价', '成交价格', '成交金额', '发行价', '融资保证金比例', '融券保证金比例', '折算率', '负债金额', '当前市值')

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
    .DESCRIPTION
    A cell's Excel-style ="..." wrapper is removed (codes keep their leading zeros). An integer column's cell becomes
    [int64] (truncated; 0 when it is not a number), a number column's [decimal] ($null when it is not a number), thousands
    separators ignored; any other cell stays text. Each column's kind is decided once per grid and the rules applied
    inline: a function call per cell cost ~100 us, most of a position read's own time.
    With -Only, rows carry only those columns (named as reported, aliases applied) while Columns still lists the whole
    header: the page check needs it. The journal's snapshot before each order reads two columns of today's orders, so
    its cost no longer grows with every column of every order of the day.
    .EXAMPLE
    (ConvertFrom-ThsGridText -Text $text -Only 合同编号, 证券代码).Rows
    #>
    param([Parameter(Mandatory = $true)][AllowEmptyString()][string]$Text, [string[]]$Only = $null)
    $lines = [System.Collections.Generic.List[string]]::new()
    foreach ($l in $Text.Split([char]10)) {
        $t = $l.TrimEnd([char]13)
        if ($t.Trim() -ne '') { $lines.Add($t) }
    }
    if ($lines.Count -eq 0) { return @{ Columns = @(); Rows = @() } }
    $columns = [System.Collections.ArrayList]::new()
    foreach ($h in $lines[0].Split([char]9)) {
        $name = $h.Trim()
        if ($script:ThsColumnAliases.ContainsKey($name)) { $name = $script:ThsColumnAliases[$name] }
        [void]$columns.Add($name)
    }
    # Per column: -1 skipped (no name, or a name already taken by an earlier column), 0 text, 1 integer, 2 number.
    $kinds = [int[]]::new($columns.Count)
    $taken = @{}
    for ($c = 0; $c -lt $columns.Count; $c++) {
        $name = $columns[$c]
        if (-not $name -or $taken.ContainsKey($name)) { $kinds[$c] = -1; continue }
        $taken[$name] = $true
        if ($null -ne $Only -and -not ($Only -contains $name)) { $kinds[$c] = -1; continue }
        if ($script:ThsIntegerColumns -contains $name) { $kinds[$c] = 1 }
        elseif ($script:ThsNumberColumns -contains $name) { $kinds[$c] = 2 }
    }
    $inv = [System.Globalization.CultureInfo]::InvariantCulture
    $style = [System.Globalization.NumberStyles]::Number
    $kept = [System.Collections.Generic.List[int]]::new()
    for ($c = 0; $c -lt $columns.Count; $c++) { if ($kinds[$c] -ge 0) { $kept.Add($c) } }
    $rows = [System.Collections.ArrayList]::new()
    for ($i = 1; $i -lt $lines.Count; $i++) {
        $cells = $lines[$i].Split([char]9)
        $row = [ordered]@{}
        foreach ($c in $kept) {
            $kind = $kinds[$c]
            $cell = ''
            if ($c -lt $cells.Length) { $cell = $cells[$c].Trim() }
            # Excel-style ="..." (codes keep their leading zeros)
            if ($cell.Length -ge 3 -and $cell.StartsWith('="', [System.StringComparison]::Ordinal) -and $cell.EndsWith('"', [System.StringComparison]::Ordinal)) {
                $cell = $cell.Substring(2, $cell.Length - 3)
            }
            if ($kind -eq 0) {
                $row[$columns[$c]] = $cell
                continue
            }
            $d = [decimal]0
            $isNumber = [decimal]::TryParse($cell.Replace(',', ''), $style, $inv, [ref]$d)
            if ($kind -eq 1) {
                if ($isNumber) { $row[$columns[$c]] = [int64][decimal]::Truncate($d) } else { $row[$columns[$c]] = [int64]0 }
            } elseif ($isNumber) {
                $row[$columns[$c]] = $d
            } else {
                $row[$columns[$c]] = $null
            }
        }
        [void]$rows.Add($row)
    }
    return @{ Columns = $columns.ToArray(); Rows = $rows.ToArray() }
}

