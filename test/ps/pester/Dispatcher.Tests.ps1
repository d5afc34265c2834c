# Dispatcher.Tests.ps1 - the one command table: the names it announces, how it dispatches, the prologue each command
# gets, and the request loop's submitted flag.

BeforeAll {
    $script:Repo = Join-Path $PSScriptRoot '../../..'
    Import-Module (Join-Path $script:Repo 'ps/ThsWorker/ThsWorker.psd1') -Force
    Initialize-ThsWorker -Backend Sim -SimState (Join-Path ([System.IO.Path]::GetTempPath()) ('ths-pester-' + [Guid]::NewGuid().ToString('N') + '.json'))
}

AfterAll { Remove-Module ThsWorker -ErrorAction SilentlyContinue }

Describe 'Get-ThsCommandNames' {
    It 'lists the table''s commands, sorted, as strings' {
        $names = @(Get-ThsCommandNames)
        $table = @(InModuleScope ThsWorker { @($script:ThsCommands.Keys) })
        $names | Should -Be @($table | Sort-Object -CaseSensitive)
        $names | Should -Be @($names | Sort-Object -CaseSensitive)
        $names | Should -Contain 'order'
        $names | Should -Contain 'repo'
        $names | Should -Contain 'credit_balance'
        $names | Should -Contain 'direct_repay'
        $names | Should -Contain 'direct_return'
        $names | Should -Contain 'identify'
        $names.Count | Should -Be 21
    }

    It 'equals the command table of docs/PROTOCOL.md' {
        $doc = Get-Content -Raw -Encoding UTF8 -LiteralPath (Join-Path $script:Repo 'docs/PROTOCOL.md')
        $section = $doc.Substring($doc.IndexOf('## Commands'))
        $section = $section.Substring(0, $section.IndexOf("`n## ", 5))
        $documented = @([regex]::Matches($section, '(?m)^\| `([a-z_]+)` \|') | ForEach-Object { $_.Groups[1].Value } | Sort-Object)
        @(Get-ThsCommandNames) | Should -Be $documented
    }

    It 'gives every entry a known prologue and a Run script block' {
        InModuleScope ThsWorker {
            foreach ($name in $script:ThsCommands.Keys) {
                $e = $script:ThsCommands[$name]
                $script:ThsPrologueLevels.ContainsKey($e.Prologue) | Should -BeTrue -Because $name
                $e.Run | Should -BeOfType [scriptblock]
            }
        }
    }
}

Describe 'Invoke-ThsCommand' {
    It 'answers an unknown command with bad_request naming it' {
        $reply = Invoke-ThsRequest -Line '{"id":3,"cmd":"teleport"}'
        $reply.ok | Should -BeFalse
        $reply.error.code | Should -Be 'bad_request'
        $reply.error.message | Should -Match 'teleport'
        $reply.error.submitted | Should -BeFalse
    }

    It 'runs ping without touching the port (prologue none)' {
        Mock -ModuleName ThsWorker Assert-ThsPort { throw 'the port must not be asked for' }
        $reply = Invoke-ThsRequest -Line '{"id":"p","cmd":"ping"}'
        $reply.ok | Should -BeTrue
        $reply.result.pong | Should -BeTrue
        Should -Invoke -ModuleName ThsWorker Assert-ThsPort -Times 0 -Exactly
    }

    It 'orders with only: rows carry just those columns, the same values as a full read, the whole header in columns' {
        $placed = Invoke-ThsRequest -Line '{"id":5,"cmd":"order","args":{"side":"buy","code":"600160","price":"23.00","amount":100}}'
        $placed.ok | Should -BeTrue -Because ($placed | ConvertTo-Json -Depth 6 -Compress)
        $full = Invoke-ThsRequest -Line '{"id":6,"cmd":"orders","args":{}}'
        $some = Invoke-ThsRequest -Line '{"id":7,"cmd":"orders","args":{"only":["合同编号","证券代码"]}}'
        $some.ok | Should -BeTrue
        @($some.result.columns) | Should -Be @($full.result.columns)
        @($full.result.columns).Count | Should -BeGreaterThan 5
        @($some.result.rows).Count | Should -Be @($full.result.rows).Count
        $last = @($some.result.rows)[-1]
        @($last.Keys) | Should -Be @('证券代码', '合同编号')
        $last['合同编号'] | Should -BeExactly $placed.result.entrustNo
        $last['证券代码'] | Should -BeExactly '600160'
        @($full.result.rows)[-1]['合同编号'] | Should -BeExactly $placed.result.entrustNo
    }

    It 'orders: refuses an only that is not a non-empty array of column names, naming the argument' -TestCases @(
        @{ Only = '"合同编号"' }, @{ Only = '[]' }, @{ Only = '[1]' }, @{ Only = '[" "]' }, @{ Only = '{"a":"合同编号"}' }
    ) {
        $reply = Invoke-ThsRequest -Line ('{"id":8,"cmd":"orders","args":{"only":' + $Only + '}}')
        $reply.ok | Should -BeFalse
        $reply.error.code | Should -Be 'bad_request'
        $reply.error.message | Should -Match '^orders: only must be a non-empty array of column names'
    }

    It 'turns a refused parameter into bad_request naming the command' {
        $reply = Invoke-ThsRequest -Line '{"id":4,"cmd":"order","args":{"side":"buy","code":"12","amount":100}}'
        $reply.error.code | Should -Be 'bad_request'
        $reply.error.message | Should -Match '^order: '
    }
}

Describe 'Enter-ThsCommand (the prologue)' {
    BeforeEach {
        Mock -ModuleName ThsWorker Assert-ThsPort { }
        Mock -ModuleName ThsWorker Get-ThsMainWindow { @{ Handle = [int64]10; ProcessId = 42 } }
        Mock -ModuleName ThsWorker Clear-ThsPopups { , @([ordered]@{ title = '提示'; text = 'left over'; closed = $true }) }
        Mock -ModuleName ThsWorker Assert-ThsBrokerLink { }
    }

    It 'checks the broker link for reads and effects, never for refresh' {
        foreach ($n in @('balance', 'order', 'cancel', 'refresh')) { InModuleScope ThsWorker -Parameters @{ Name = $n } { param($Name) [void](Enter-ThsCommand -Name $Name) } }
        Should -Invoke -ModuleName ThsWorker Assert-ThsBrokerLink -Times 4 -Exactly
        InModuleScope ThsWorker { $script:ThsBrokerLinkCommands } | Should -Not -Contain 'refresh'
        InModuleScope ThsWorker { $script:ThsBrokerLinkCommands } | Should -Contain 'order'
    }

    It 'does port, window and drain for an order, and hands over what was drained' {
        $ctx = InModuleScope ThsWorker { Enter-ThsCommand -Name 'order' }
        $ctx.Main.ProcessId | Should -Be 42
        @($ctx.Drained).Count | Should -Be 1
        @($ctx.Drained)[0].text | Should -Be 'left over'
        Should -Invoke -ModuleName ThsWorker Clear-ThsPopups -Times 1 -Exactly -ParameterFilter { $ProcessId -eq 42 }
    }

    It 'only brings the port up for status and sim' -TestCases @(@{ Name = 'status' }, @{ Name = 'sim' }) {
        $ctx = InModuleScope ThsWorker -Parameters @{ Name = $Name } { param($Name) Enter-ThsCommand -Name $Name }
        $ctx.Main | Should -BeNullOrEmpty
        Should -Invoke -ModuleName ThsWorker Assert-ThsPort -Times 1 -Exactly
        Should -Invoke -ModuleName ThsWorker Get-ThsMainWindow -Times 0 -Exactly
    }

    It 'refuses a name that is not in the table' {
        { InModuleScope ThsWorker { Enter-ThsCommand -Name 'nope' } } | Should -Throw '*no command nope*'
    }
}

Describe 'Invoke-ThsRequest' {
    It 'reports any failure after submitting as submitted, and resets for the next request' {
        Mock -ModuleName ThsWorker Get-ThsBalance {
            InModuleScope ThsWorker { Write-ThsEvent -Event 'submitting' }
            throw 'boom'
        }
        $reply = Invoke-ThsRequest -Line '{"id":5,"cmd":"balance"}'
        $reply.error.code | Should -Be 'internal'
        $reply.error.submitted | Should -BeTrue
        $next = Invoke-ThsRequest -Line '{"id":6,"cmd":"nope"}'
        $next.error.submitted | Should -BeFalse
    }

    It 'answers a line that is not JSON with bad_request and a null id' {
        $reply = Invoke-ThsRequest -Line 'not json'
        $reply.id | Should -BeNullOrEmpty
        $reply.error.code | Should -Be 'bad_request'
    }
}

Describe 'Assert-ThsBrokerLink (BrokerLink.ps1)' {
    BeforeEach {
        Mock -ModuleName ThsWorker Find-ThsStatusBar { [int64]77 }
        Mock -ModuleName ThsWorker Send-PortMessage { @{ Ok = $true; Result = 0; TimedOut = $false } }
    }

    It 'down: sends the refresh command once, then throws broker_disconnected naming 断开 and the server' {
        Mock -ModuleName ThsWorker Get-PortStatusBarTexts { , [string[]]@('', '断开', 'mncg7') }
        $caught = InModuleScope ThsWorker {
            $keep = $script:BROKER_RECONNECT_TIMEOUT_MS
            $script:BROKER_RECONNECT_TIMEOUT_MS = 50
            try { Assert-ThsBrokerLink -Name 'balance' -Main @{ Handle = [int64]10 }; $null } catch { $_ } finally { $script:BROKER_RECONNECT_TIMEOUT_MS = $keep }
        }
        $caught.Exception.Data['ThsCode'] | Should -Be 'broker_disconnected'
        $caught.Exception.Data['ThsSubmitted'] | Should -BeFalse
        $caught.Exception.Message | Should -Match '断开'
        $caught.Exception.Message | Should -Match 'mncg7'
        Should -Invoke -ModuleName ThsWorker Send-PortMessage -Times 1 -Exactly -ParameterFilter { $WParam -eq 32790 }
    }

    It 'unknown (no status bar): passes without a refresh and reports unknown' {
        Mock -ModuleName ThsWorker Find-ThsStatusBar { [int64]0 }
        $r = InModuleScope ThsWorker { Assert-ThsBrokerLink -Name 'order' -Main @{ Handle = [int64]10 }; Add-ThsBrokerLinkFact -Result ([ordered]@{ ok = 1 }) }
        $r.brokerLink.state | Should -Be 'unknown'
        Should -Invoke -ModuleName ThsWorker Send-PortMessage -Times 0 -Exactly
    }
}
