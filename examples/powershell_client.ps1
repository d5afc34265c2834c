#requires -Version 5.1
<#
.SYNOPSIS
    ths-http-trader 的 Invoke-RestMethod 示例：读资金和持仓，带幂等键下一笔买入（或卖出），显示回答。
    An Invoke-RestMethod example for ths-http-trader: reads /balance and /position, places one order with an
    idempotency key and shows the answer.

.DESCRIPTION
    Windows PowerShell 5.1 和 PowerShell 7 都能运行。委托带 Idempotency-Key 请求头（当天有效，docs/journal.md）：
    连接断开、没有收到回答时，用同一个键重试（最多 MaxAttempts 次），服务绝不会因此多下一笔。
    回答 504 outcome_unknown（已点击提交但没有等到结果）时不重试、更不换新键：脚本告诉你去客户端的「当日委托」
    和状态页 / GET /journal/{id} 核对，退出码 3。

    Runs on Windows PowerShell 5.1 and PowerShell 7. The order carries an Idempotency-Key header (valid for the trading
    day): when the connection drops before an answer, it is retried with the same key (at most MaxAttempts times),
    which never places a second order. A 504 outcome_unknown (submitted, result never seen) is not retried, and never
    with a new key: the script says to check the client's today's orders and the status page / GET /journal/{id}.

    退出码 Exit codes: 0 委托已受理 placed; 1 被拒绝 refused; 2 没有回答 no answer; 3 结果未知 outcome unknown.

.PARAMETER BaseUrl
    服务地址 The server's address, e.g. http://127.0.0.1:8888.

.PARAMETER Token
    访问令牌（服务用 --token-file 时），默认取环境变量 THS_TOKEN；作为 X-Ths-Token 请求头发送，不放进地址。
    The access token when the server has one (default: $env:THS_TOKEN); sent as the X-Ths-Token header, never in a URL.

.EXAMPLE
    powershell -NoProfile -ExecutionPolicy Bypass -File examples\powershell_client.ps1 -StockCode 600160 -Price 21.21 -Amount 100

.EXAMPLE
    pwsh -File examples/powershell_client.ps1 -Side sell -StockCode 600988 -Price 18.50 -Amount 100 -ClientOrderId s1-0001
#>
[CmdletBinding()]
param(
    [ValidateNotNullOrEmpty()][string]$BaseUrl = 'http://127.0.0.1:8888',
    [ValidateSet('buy', 'sell')][string]$Side = 'buy',
    [ValidatePattern('^\d{6}$')][string]$StockCode = '600160',
    [ValidateRange(0.001, 1000000)][decimal]$Price = 21.21,
    [ValidateRange(1, 100000000)][int]$Amount = 100,
    # 1-64 characters A-Z a-z 0-9 _ . - ; a new key for each new order, the same key when retrying that order.
    [ValidatePattern('^[A-Za-z0-9_.-]{1,64}$')][string]$ClientOrderId = ('ps-' + [guid]::NewGuid().ToString('N').Substring(0, 16)),
    [string]$Token = $env:THS_TOKEN,
    [ValidateRange(1, 10)][int]$MaxAttempts = 3,
    # An order may wait for the client for tens of seconds (popups, captchas): well above the server's own order deadline.
    [ValidateRange(5, 600)][int]$TimeoutSec = 90
)

function Invoke-ThsApi {
    <#
    .SYNOPSIS
        One HTTP call: the parsed JSON answer and its status. An HTTP error status is an answer too; no answer throws.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][ValidateSet('Get', 'Post')][string]$Method,
        [Parameter(Mandatory)][string]$Path,
        [hashtable]$Body,
        [hashtable]$Headers = @{}
    )
    $call = @{ Uri = $BaseUrl.TrimEnd('/') + $Path; Method = $Method; Headers = $Headers; TimeoutSec = $TimeoutSec; ErrorAction = 'Stop' }
    if ($null -ne $Body) {
        $call['Body'] = $Body
        $call['ContentType'] = 'application/x-www-form-urlencoded; charset=utf-8'
    }
    try {
        $answer = Invoke-RestMethod @call
        return [pscustomobject]@{ Http = 200; Body = $answer }
    } catch {
        $failure = $_
        # 5.1: a WebException with an HttpWebResponse; 7: an HttpResponseException with an HttpResponseMessage.
        $response = $null
        if ($failure.Exception.PSObject.Properties['Response']) { $response = $failure.Exception.Response }
        if ($null -eq $response) { throw }
        $parsed = $null
        if ($null -ne $failure.ErrorDetails -and $failure.ErrorDetails.Message) {
            try { $parsed = $failure.ErrorDetails.Message | ConvertFrom-Json } catch { $parsed = $null }
        }
        return [pscustomobject]@{ Http = [int]$response.StatusCode; Body = $parsed }
    }
}

function Write-ThsFields {
    <#
    .SYNOPSIS
        Writes the properties of an answer's message as "name: value" lines, indented, to the host.
    #>
    param($Object, [string]$Indent = '  ')
    foreach ($p in $Object.PSObject.Properties) {
        if ($p.Value -is [System.Management.Automation.PSCustomObject]) {
            Write-Host ($Indent + $p.Name + ':')
            Write-ThsFields -Object $p.Value -Indent ($Indent + '  ')
        } else {
            Write-Host ($Indent + $p.Name + ': ' + $p.Value)
        }
    }
}

function Invoke-ThsExample {
    <#
    .SYNOPSIS
        Reads the balance and the positions, places the order, writes what happened to the host; returns the exit code.
    #>
    [CmdletBinding()]
    param()
    Set-StrictMode -Version 3.0
    $ErrorActionPreference = 'Stop'
    $savedEncoding = [Console]::OutputEncoding
    try {
        # Chinese text survives the console and a pipe on 5.1 too (its default is the ANSI code page); a host without
        # a console (the ISE) refuses the change and keeps its own.
        try { [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false } catch { $savedEncoding = $null }
        $auth = @{}
        if ($Token) { $auth['X-Ths-Token'] = $Token }

        $balance = Invoke-ThsApi -Method Get -Path '/balance' -Headers $auth
        if ($balance.Http -ne 200 -or $balance.Body.status -ne 1) { throw ('/balance 失败 failed (HTTP ' + $balance.Http + '): ' + $balance.Body.message) }
        Write-Host '资金 balance:'
        Write-ThsFields -Object $balance.Body.message

        $position = Invoke-ThsApi -Method Get -Path '/position' -Headers $auth
        if ($position.Http -ne 200 -or $position.Body.status -ne 1) { throw ('/position 失败 failed (HTTP ' + $position.Http + '): ' + $position.Body.message) }
        Write-Host '持仓 positions:'
        Write-ThsFields -Object $position.Body.message

        # Invariant culture: 21.21, never "21,21" on a German or French Windows.
        $order = @{ stock_code = $StockCode; price = $Price.ToString([System.Globalization.CultureInfo]::InvariantCulture); amount = $Amount }
        $headers = $auth.Clone()
        $headers['Idempotency-Key'] = $ClientOrderId
        Write-Host ('委托 order: ' + $Side + ' ' + $StockCode + ' ' + $order.price + ' x ' + $Amount + '，幂等键 key ' + $ClientOrderId)
        $answer = $null
        for ($attempt = 1; $attempt -le $MaxAttempts; $attempt++) {
            try {
                $answer = Invoke-ThsApi -Method Post -Path ('/' + $Side) -Body $order -Headers $headers
            } catch {
                $lost = $_
                Write-Host ('没有收到回答 no answer (' + $lost.Exception.Message + ')；用同一个键重试 retrying with the same key (' + $attempt + '/' + $MaxAttempts + ')')
                Start-Sleep -Seconds 2
                continue
            }
            # The first request with this key is still running: ask again with the same key.
            if ($answer.Http -eq 409 -and $null -ne $answer.Body -and $answer.Body.error -eq 'idempotency_in_progress') {
                Start-Sleep -Seconds 2
                continue
            }
            break
        }
        if ($null -eq $answer) {
            Write-Host ('仍然没有回答：不要换新键重下。用同一个键 ' + $ClientOrderId + ' 再运行一次，或查看 ' + $BaseUrl + '/ 的状态页。(no answer: run again with the same key, never a new one)')
            return 2
        }
        $body = $answer.Body
        if ($null -eq $body) { throw ('HTTP ' + $answer.Http + '：回答不是 JSON (the answer is not JSON)') }
        $replayed = ''
        if ($body.PSObject.Properties['replayed']) { $replayed = '（重放：这个键的第一次回答 replayed: the first answer for this key）' }
        if ($body.PSObject.Properties['error'] -and $body.error -eq 'outcome_unknown') {
            $journal = ''
            if ($body.PSObject.Properties['journal_id']) { $journal = [string]$body.journal_id }
            Write-Host ('结果未知 outcome unknown (HTTP ' + $answer.Http + ')' + $replayed + '：' + $body.message)
            Write-Host ('这笔委托可能已经在客户端里。不要换新键重下！先在同花顺「当日委托」里查找，并查看状态页 ' + $BaseUrl + '/ 或 GET ' + $BaseUrl + '/journal/' + $journal + '；对账结论出来后，用同一个键 ' + $ClientOrderId + ' 重试只会得到这个结论。')
            Write-Host ('The order may be in the client. Do not place it again with a new key: check the client''s today''s orders and the status page or /journal/' + $journal + '; retrying with the same key only returns the settlement.')
            return 3
        }
        if ($answer.Http -eq 200 -and $body.status -eq 1) {
            Write-Host ('已受理 placed' + $replayed + '：' + $body.message)
            if ($body.PSObject.Properties['entrust_no']) { Write-Host ('合同编号 entrust_no: ' + $body.entrust_no) }
            return 0
        }
        $code = ''
        if ($body.PSObject.Properties['error']) { $code = ' [' + $body.error + ']' }
        Write-Host ('被拒绝 refused (HTTP ' + $answer.Http + ')' + $code + $replayed + '：' + $body.message)
        return 1
    } catch {
        $failure = $_
        Write-Host ('出错 error: ' + $failure.Exception.Message + '（检查服务是否在运行、地址和令牌是否正确 check that the server runs, its address and the token）')
        return 2
    } finally {
        if ($null -ne $savedEncoding) { [Console]::OutputEncoding = $savedEncoding }
    }
}

# Dot-sourced (". .\powershell_client.ps1") only defines the functions, for trying them one by one.
if ($MyInvocation.InvocationName -ne '.') {
    exit (Invoke-ThsExample)
}
