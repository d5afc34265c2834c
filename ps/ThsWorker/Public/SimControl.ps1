# SimControl.ps1 - the worker command `sim`: controls of the simulated market that only exist with -Backend Sim
# (a quote moves, so resting orders fill). Loaded with every backend; with Win32 it refuses with sim_only (there the
# simulated model, if any, lives in the Win32 double's controller, not in this worker).

function Invoke-ThsSimControl {
    <#
    .SYNOPSIS
    Runs one simulated-market control: action 'quote' moves a code's last price (and optionally its limits and its
    liquidity per move) through Set-SimQuote, which fills the open orders the price reaches.
    .DESCRIPTION
    Returns the quote as it now is and the fills this move caused (contract number, shares, price). Throws sim_only
    on the Win32 backend and invalid_stock_code for a code the simulated client has no quote for.
    .EXAMPLE
    . ./ps/ThsAutomation.ps1 -Backend Sim; Invoke-ThsSimControl -ArgsObject ([pscustomobject]@{ action = 'quote'; code = '600160'; last = '21.20' })
    #>
    [CmdletBinding()]
    param($ArgsObject)
    if ($script:ThsOptions.Backend -ne 'sim') {
        throw (New-ThsError -Code 'sim_only' -Message '只有模拟客户端（--backend sim）才能移动行情：真实客户端的行情来自交易所；Wine 下的 Win32 替身客户端的模型在它的控制器里，不在工作进程中。')
    }
    $action = [string](Get-ThsArg $ArgsObject 'action' 'quote')
    if ($action -ne 'quote') { throw (New-ThsError -Code 'bad_request' -Message ('sim: unknown action ' + $action)) }
    $code = [string](Get-ThsArg $ArgsObject 'code' '')
    $last = [string](Get-ThsArg $ArgsObject 'last' '')
    if (-not ($code -match '^\d{6}$') -or -not ($last -match '^\d{1,7}(\.\d{1,3})?$')) {
        throw (New-ThsError -Code 'bad_request' -Message 'sim quote: code (6 digits) and last (a price) are required')
    }
    [void](Enter-ThsCommand -Name 'sim')
    $state = Get-SimState
    if (-not $state.quotes.Contains($code)) {
        throw (New-ThsError -Code 'invalid_stock_code' -Message ('模拟客户端没有 ' + $code + ' 的行情：只能移动状态文件 quotes 里已有的证券。'))
    }
    $tradesBefore = @($state.trades).Count
    $limitUp = [string](Get-ThsArg $ArgsObject 'limitUp' '')
    $limitDown = [string](Get-ThsArg $ArgsObject 'limitDown' '')
    $liquidity = [string](Get-ThsArg $ArgsObject 'liquidity' '')
    Set-SimQuote -Code $code -Last $last -LimitUp $limitUp -LimitDown $limitDown -Liquidity $liquidity
    $fills = [System.Collections.ArrayList]::new()
    $trades = @($state.trades)
    for ($i = $tradesBefore; $i -lt $trades.Count; $i++) {
        $t = $trades[$i]
        [void]$fills.Add([ordered]@{ entrustNo = [string]$t.contractNo; amount = [int64]$t.amount; price = [string]$t.price })
    }
    $q = $state.quotes[$code]
    return [ordered]@{
        code      = $code
        last      = [string]$q.last
        limitUp   = [string]$q.limitUp
        limitDown = [string]$q.limitDown
        liquidity = [int64](Get-SimValue -Map $q -Key 'liquidity' -Default 0)
        fills     = $fills.ToArray()
    }
}
