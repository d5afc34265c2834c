# Fields.ps1 - sets the order form's fields and checks the client heard them: WM_SETTEXT read back, else typed with
# WM_CHAR (builds that ignore WM_SETTEXT), and the stock name label as the tell that the code was taken.

# Typed input (2025–2026 builds): an edit can show a WM_SETTEXT text that the client never hears (no change
# notification), so the order form keeps its old value. WM_CHAR is what a keyboard sends and is always heard.
# ThsTypeInput: once the code needed typing, this client does not hear WM_SETTEXT: every later field is typed
# (the code's name label is the only tell there is; a price or amount shows no sign of being unheard).
$script:ThsTypeInput = $false
$script:ThsTypedFieldCount = 0   # fields typed with WM_CHAR since the worker started (Get-ThsTypedInputInfo)

function Get-ThsTypedInputInfo {
    <#
    .SYNOPSIS
    @{ typeInput; typedFields }: whether fields are typed with WM_CHAR now, and how many were since the start.
    #>
    return [ordered]@{ typeInput = [bool]$script:ThsTypeInput; typedFields = [int]$script:ThsTypedFieldCount }
}

function Test-ThsFieldReads {
    <#
    .SYNOPSIS
    Polls an edit's text until it equals Text (FIELD_VERIFY_TIMEOUT_MS): $true, or $false with the last text read
    in -Last ([ref]).
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle, [Parameter(Mandatory = $true)][AllowEmptyString()][string]$Text, [ref]$Last)
    $deadline = New-ThsDeadline -Milliseconds $script:FIELD_VERIFY_TIMEOUT_MS
    while ($true) {
        $now = Get-ThsText -Handle $Handle
        if ($null -ne $Last) { $Last.Value = $now }
        if ($now -eq $Text) { return $true }
        if (Test-ThsDeadlinePassed $deadline) { return $false }
        Wait-ThsTick -Deadline $deadline
    }
}

function Send-ThsFieldMessage {
    <#
    .SYNOPSIS
    One synchronous message to an edit (Send-PortMessage); throws client_not_responding when the client is hung.
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle, [Parameter(Mandatory = $true)][int]$Message, [int64]$WParam = 0, [int64]$LParam = 0, [string]$What)
    $sent = Send-PortMessage -Handle $Handle -Message $Message -WParam $WParam -LParam $LParam
    if ($sent.TimedOut) {
        throw (New-ThsError -Code 'client_not_responding' -Message ('输入' + $What + '时交易客户端 ' + $script:PORT_SEND_TIMEOUT_MS + ' ms 内没有响应：请检查客户端。'))
    }
}

function Send-ThsTypedText {
    <#
    .SYNOPSIS
    Types Text into an edit as a keyboard would: select all (EM_SETSEL 0, -1) and backspace, then one WM_CHAR per
    character. Returns nothing; the caller reads back. Counts the field in Get-ThsTypedInputInfo.
    .DESCRIPTION
    WM_CHAR raises the client's change notification, which a WM_SETTEXT does not on some 2025–2026 builds. When the
    select-all + backspace leaves text behind (a build without select-all), WM_SETTEXT '' empties what is shown.
    .EXAMPLE
    Send-ThsTypedText -Handle $codeH -Text '600160' -What '证券代码'
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle, [Parameter(Mandatory = $true)][AllowEmptyString()][string]$Text, [string]$What)
    if ($Text.Length -gt $script:TYPED_MAX_CHARS) {
        throw (New-ThsError -Code 'field_rejected' -Message ($What + '的内容长于 ' + $script:TYPED_MAX_CHARS + ' 个字符，无法逐字输入。'))
    }
    Send-ThsFieldMessage -Handle $Handle -Message $script:EM_SETSEL -WParam 0 -LParam (-1) -What $What
    Send-ThsFieldMessage -Handle $Handle -Message $script:WM_CHAR -WParam $script:CHAR_BACKSPACE -What $What
    if ((Get-ThsText -Handle $Handle) -ne '') { [void](Set-PortText -Handle $Handle -Text '') }
    foreach ($ch in $Text.ToCharArray()) {
        Send-ThsFieldMessage -Handle $Handle -Message $script:WM_CHAR -WParam ([int64][int][char]$ch) -What $What
    }
    $script:ThsTypedFieldCount++
}

function Set-ThsField {
    <#
    .SYNOPSIS
    Sets an edit and reads it back: WM_SETTEXT, or typed with WM_CHAR (-Typed, or when the WM_SETTEXT did not read
    back). Throws field_rejected when the typed text does not read back either: nothing is submitted then.
    .EXAMPLE
    Set-ThsField -Handle $priceH -Text '21.21' -What '委托价格'
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle, [Parameter(Mandatory = $true)][AllowEmptyString()][string]$Text, [string]$What, [switch]$Typed)
    $now = ''
    if (-not $Typed) {
        $ok = Set-PortText -Handle $Handle -Text $Text
        if (-not $ok) {
            throw (New-ThsError -Code 'client_not_responding' -Message ('设置' + $What + '时交易客户端没有响应：请检查客户端。'))
        }
        if (Test-ThsFieldReads -Handle $Handle -Text $Text -Last ([ref]$now)) { return }
        Write-ThsLog -Level 'warn' -Message ($What + ' did not take WM_SETTEXT (reads "' + $now + '"); typing it with WM_CHAR')
    }
    Send-ThsTypedText -Handle $Handle -Text $Text -What $What
    if (Test-ThsFieldReads -Handle $Handle -Text $Text -Last ([ref]$now)) { return }
    throw (New-ThsError -Code 'field_rejected' -Message ($What + '输入框没有接受输入（WM_SETTEXT 和逐字 WM_CHAR 都试过，写入“' + $Text + '”，读回“' + $now + '”）：此客户端版本可能不同，没有下单。'))
}

function Set-ThsCodeField {
    <#
    .SYNOPSIS
    Sets the code edit and waits for the stock-name label (1036) to fill: the tell that the client heard the code.
    Returns the name shown. An empty label after WM_SETTEXT: the code is typed with WM_CHAR once (and every later
    field of this worker is typed); still empty: throws stock_not_recognised. Nothing is clicked here.
    .EXAMPLE
    $name = Set-ThsCodeField -CodeHandle $codeH -NameHandle $nameH -Code '600160'
    #>
    param([Parameter(Mandatory = $true)][int64]$CodeHandle, [Parameter(Mandatory = $true)][int64]$NameHandle, [Parameter(Mandatory = $true)][string]$Code)
    Set-ThsField -Handle $CodeHandle -Text $Code -What '证券代码' -Typed:$script:ThsTypeInput
    $name = Wait-ThsLabel -Handle $NameHandle
    if ($null -ne $name) { return $name }
    Write-ThsLog -Level 'warn' -Message ('no name shown for ' + $Code + '; typing the code with WM_CHAR')
    [void](Set-PortText -Handle $NameHandle -Text '')
    Set-ThsField -Handle $CodeHandle -Text $Code -What '证券代码' -Typed
    $name = Wait-ThsLabel -Handle $NameHandle
    if ($null -eq $name) {
        throw (New-ThsError -Code 'stock_not_recognised' -Message ('输入证券代码 ' + $Code + ' 后（WM_SETTEXT 和逐字 WM_CHAR 各一次）' + $script:LABEL_FILL_TIMEOUT_MS + ' ms 内没有显示证券名称：客户端没有识别这个代码（代码可能不存在，或客户端没有收到输入），没有下单。'))
    }
    if (-not $script:ThsTypeInput) {
        $script:ThsTypeInput = $true
        Write-ThsLog -Level 'warn' -Message 'the client heard the code only when typed: every field is typed with WM_CHAR from now on'
    }
    return $name
}
