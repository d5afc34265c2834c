# Dispatcher.ps1 - the one table of protocol commands (docs/PROTOCOL.md "Commands"): each command's name, what it needs
# before its work (its prologue) and how its args reach the function that does it. Get-ThsCommandNames and the ready
# line's `commands` read this table; Invoke-ThsCommand dispatches through it; Enter-ThsCommand is the prologue.

# Prologue levels, cumulative: none < port (the window port is up) < window (the trading window is found; throws
# client_not_found / client_elevated) < drain (and leftover popups are closed, what they said is kept).
$script:ThsPrologueLevels = @{ none = 0; port = 1; window = 2; drain = 3 }

$script:ThsCommands = [ordered]@{
    ping          = @{ Prologue = 'none'; Run = { param($a) [ordered]@{ pong = $true; pid = $PID } } }
    status        = @{ Prologue = 'port'; Run = { param($a) Get-ThsStatus } }
    balance       = @{ Prologue = 'drain'; Run = {
            param($a)
            $b = Get-ThsBalance
            $entries = [System.Collections.ArrayList]::new()
            foreach ($k in $b.Keys) { [void]$entries.Add(@($k, $b[$k])) }
            [ordered]@{ entries = $entries.ToArray() }
        }
    }
    credit_securities = @{ Prologue = 'drain'; Run = { param($a) $p = Get-ThsCreditGrid -Kind securities; [ordered]@{ columns = $p.Columns; rows = $p.Rows } } }
    credit_debts  = @{ Prologue = 'drain'; Run = { param($a) $p = Get-ThsCreditGrid -Kind debts; [ordered]@{ columns = $p.Columns; rows = $p.Rows } } }
    credit_balance = @{ Prologue = 'drain'; Run = {
            param($a)
            $b = Get-ThsCreditBalance   # Credit.ps1: 查询资产 of a credit account
            $entries = [System.Collections.ArrayList]::new()
            foreach ($k in $b.Keys) { [void]$entries.Add(@($k, $b[$k])) }
            [ordered]@{ entries = $entries.ToArray() }
        }
    }
    position      = @{ Prologue = 'drain'; Run = { param($a) $p = Get-ThsPosition; [ordered]@{ columns = $p.Columns; rows = $p.Rows; read = $p.Read } } }
    orders        = @{ Prologue = 'drain'; Run = {
            param($a)
            $only = Get-ThsColumnsArg -ArgsObject $a -Name 'only' -Command 'orders'   # the journal's snapshot: 合同编号, 证券代码
            $p = Get-ThsTodayOrders -Only $only
            [ordered]@{ columns = $p.Columns; rows = $p.Rows }
        }
    }
    trades        = @{ Prologue = 'drain'; Run = { param($a) $p = Get-ThsTodayTrades; [ordered]@{ columns = $p.Columns; rows = $p.Rows } } }
    order         = @{ Prologue = 'drain'; Run = {
            param($a)
            $side = [string](Get-ThsArg $a 'side' '')
            if ($side -ne 'buy' -and $side -ne 'sell') { throw (New-ThsError -Code 'bad_request' -Message 'order: side must be buy or sell') }
            $sideName = 'Sell'
            if ($side -eq 'buy') { $sideName = 'Buy' }
            $order = @{
                Side      = $sideName
                Code      = [string](Get-ThsArg $a 'code' '')
                Exchange  = [string](Get-ThsArg $a 'exchange' '')
                Price     = [string](Get-ThsArg $a 'price' '')
                Amount    = [string](Get-ThsArg $a 'amount' '')
                PriceType = [string](Get-ThsArg $a 'priceType' '')
                Credit    = [string](Get-ThsArg $a 'credit' '')
                AcceptWarnings = [string[]]@(Get-ThsArg $a 'acceptWarnings' @())
            }
            Invoke-ThsBound -Command 'order' -Body { Invoke-ThsOrder @order }
        }
    }
    repo          = @{ Prologue = 'drain'; Run = {
            param($a)
            $repo = @{
                Code = [string](Get-ThsArg $a 'code' ''); Exchange = [string](Get-ThsArg $a 'exchange' '')
                Rate = [string](Get-ThsArg $a 'rate' ''); Units = [int64](Get-ThsArg $a 'units' 0)
                AcceptWarnings = [string[]]@(Get-ThsArg $a 'acceptWarnings' @())
            }
            Invoke-ThsBound -Command 'repo' -Body { Invoke-ThsRepo @repo }
        }
    }
    direct_repay  = @{ Prologue = 'drain'; Run = {
            param($a)
            $repay = @{ Money = [string](Get-ThsArg $a 'money' '') }
            Invoke-ThsBound -Command 'direct_repay' -Body { Invoke-ThsDirectRepay @repay }   # CreditRepay.ps1
        }
    }
    direct_return = @{ Prologue = 'drain'; Run = {
            param($a)
            $return = @{ Code = [string](Get-ThsArg $a 'code' ''); Amount = [string](Get-ThsArg $a 'amount' '') }
            Invoke-ThsBound -Command 'direct_return' -Body { Invoke-ThsDirectReturn @return }
        }
    }
    cancel        = @{ Prologue = 'drain'; Run = {
            param($a)
            $cancel = @{ EntrustNo = [string](Get-ThsArg $a 'entrustNo' ''); Scope = [string](Get-ThsArg $a 'scope' '') }
            Invoke-ThsBound -Command 'cancel' -Body { Invoke-ThsCancel @cancel }
        }
    }
    ipo           = @{ Prologue = 'drain'; Run = { param($a) $p = Get-ThsIpoOffers; [ordered]@{ columns = $p.Columns; rows = $p.Rows; read = $p.Read } } }
    ipo_subscribe = @{ Prologue = 'drain'; Run = { param($a) Invoke-ThsIpoSubscribe -Code ([string](Get-ThsArg $a 'code' '')) } }
    refresh       = @{ Prologue = 'drain'; Run = { param($a) Invoke-ThsRefresh -Trigger ([string](Get-ThsArg $a 'trigger' 'request')) } }
    sim           = @{ Prologue = 'port'; Run = { param($a) Invoke-ThsSimControl -ArgsObject $a } }
    # --discover (Clients.ps1): every trading window; which account one shows; this worker moved to another process.
    clients       = @{ Prologue = 'port'; Run = { param($a) [ordered]@{ clients = (Get-ThsClients) } } }
    identify      = @{ Prologue = 'port'; Run = { param($a) Get-ThsClientIdentity -ProcessId ([int64](Get-ThsArg $a 'pid' 0)) } }
    bind          = @{ Prologue = 'none'; Run = { param($a) Set-ThsClientBinding -ProcessId ([int64](Get-ThsArg $a 'pid' 0)) } }
}

function Get-ThsCommandNames {
    <#
    .SYNOPSIS
    The protocol commands this worker handles, sorted (the dispatcher's own table; the ready line announces them).
    .EXAMPLE
    Import-Module ./ps/ThsWorker/ThsWorker.psd1; Get-ThsCommandNames
    #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param()
    $names = [System.Collections.Generic.List[string]]::new()
    foreach ($k in $script:ThsCommands.Keys) { $names.Add([string]$k) }
    $names.Sort([System.StringComparer]::Ordinal)
    return $names.ToArray()
}

function Invoke-ThsCommand {
    <#
    .SYNOPSIS
    Runs one protocol command and returns its result object (throws a ThsError on failure; bad_request for an unknown
    command).
    #>
    param([Parameter(Mandatory = $true)][AllowEmptyString()][string]$Cmd, $ArgsObject)
    if (-not $script:ThsCommands.Contains($Cmd)) { throw (New-ThsError -Code 'bad_request' -Message ('unknown command: ' + $Cmd)) }
    return (& $script:ThsCommands[$Cmd].Run $ArgsObject)
}

function Invoke-ThsBound {
    <#
    .SYNOPSIS
    Runs a call whose parameters come from a request's args: a parameter the function refuses (validation, binding) is
    bad_request naming the command.
    #>
    param([Parameter(Mandatory = $true)][string]$Command, [Parameter(Mandatory = $true)][scriptblock]$Body)
    try {
        return (& $Body)
    } catch [System.Management.Automation.ParameterBindingException] {
        throw (New-ThsError -Code 'bad_request' -Message ($Command + ': ' + $_.Exception.Message))
    }
}

function Enter-ThsCommand {
    <#
    .SYNOPSIS
    The command prologue: what a command needs before its work, as its table entry says (port up; the trading window
    found; leftover popups closed). Every worker function starts with it, so direct calls get it too.
    Returns @{ Main = the main window or $null; Drained = what the closed popups said }.
    #>
    param([Parameter(Mandatory = $true)][string]$Name)
    if (-not $script:ThsCommands.Contains($Name)) { throw ('Enter-ThsCommand: no command ' + $Name + ' in the table') }
    $level = $script:ThsPrologueLevels[$script:ThsCommands[$Name].Prologue]
    $ctx = @{ Main = $null; Drained = @() }
    if ($level -ge 1) { Assert-ThsPort }
    if ($level -ge 2) { $ctx.Main = Get-ThsMainWindow }
    if ($level -ge 2) { Assert-ThsBrokerLink -Name $Name -Main $ctx.Main }   # BrokerLink.ps1: reads and effects only
    if ($level -ge 3) { $ctx.Drained = Clear-ThsPopups -ProcessId $ctx.Main.ProcessId }
    return $ctx
}
