# SimStateFile.Tests.ps1 - the simulated client's state file (SimStateFile.ps1): written whole after every change, read
# back equal; orders and trades are serialized once and their text reused by later writes until a value changes.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../../ps/ThsSimClient/ThsSimClient.psd1') -Force
    $script:statePath = Join-Path ([System.IO.Path]::GetTempPath()) ('ths-pester-' + [Guid]::NewGuid().ToString('N') + '.json')
    Initialize-SimClient -StatePath $script:statePath -SamplePath (Join-Path $PSScriptRoot '../../../ps/sim/sample-state.json')

    # Replaces today's orders and trades with rows of these statuses (contract numbers 4025982700 + i).
    function Set-Rows([string[]]$Statuses, [int]$Trades) {
        InModuleScope ThsSimClient -Parameters @{ S = $Statuses; T = $Trades } {
            param($S, $T)
            $script:SimState.orders = New-Object System.Collections.ArrayList
            $script:SimState.trades = New-Object System.Collections.ArrayList
            for ($i = 0; $i -lt $S.Count; $i++) {
                $filled = 0
                if ($S[$i] -eq 'filled') { $filled = 100 }
                [void]$script:SimState.orders.Add([ordered]@{
                        contractNo = [string](4025982700 + $i); date = '20261207'; time = '10:00:0' + $i; code = '600160'; name = '巨化股份'
                        side = 'buy'; price = '23.00'; amount = 100; filled = $filled; avgPrice = '0.00'; status = $S[$i]; exchange = 'SH'
                        shareholder = 'A123456789'; frozenCash = '0.00'; priceType = 'limit'
                    })
            }
            for ($i = 0; $i -lt $T; $i++) {
                [void]$script:SimState.trades.Add([ordered]@{ contractNo = [string](4025982700 + $i); tradeNo = [string](9000 + $i); orderTime = '10:00:00'; time = '10:00:01'; code = '600160'; name = '巨化股份'; side = 'buy'; price = '23.00'; amount = 100; value = '2300.00' })
            }
        }
    }
    function Read-File { InModuleScope ThsSimClient -Parameters @{ P = $script:statePath } { param($P) Read-SimStateFile -Path $P } }
    function Get-Memory { InModuleScope ThsSimClient { $script:SimState } }
    # Rows whose text is kept: in a list's leading run of final rows, or by themselves.
    function Get-Cached { InModuleScope ThsSimClient { $n = $script:SimRowJson.Count; foreach ($p in $script:SimRowPrefix.Values) { $n += $p.Rows.Length }; $n } }
}

AfterAll {
    Remove-Module ThsSimClient -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $script:statePath -ErrorAction SilentlyContinue
}

Describe 'Save-SimState / Read-SimStateFile' {
    It 'writes a state that reads back equal to the one in memory, open and final rows alike, write after write' {
        Set-Rows @('filled', 'reported', 'cancelled', 'partial', 'partlyCancelled') 2
        foreach ($round in 1, 2) {
            Save-SimState
            $back = Read-File
            (ConvertTo-Json -InputObject $back -Depth 12 -Compress) | Should -BeExactly (ConvertTo-Json -InputObject (Get-Memory) -Depth 12 -Compress) -Because "write $round"
        }
        @((Read-File).orders).Count | Should -Be 5
        (Read-File).orders[0]['name'] | Should -BeExactly '巨化股份'
        Get-Cached | Should -Be 7   # 5 orders (the first in the leading run, the rest by their values) + 2 trades
    }

    It 'writes an open order as it is at each write, and its final state once it fills' {
        Set-Rows @('reported') 0
        Save-SimState
        (Read-File).orders[0]['filled'] | Should -Be 0
        InModuleScope ThsSimClient { $o = $script:SimState.orders[0]; $o.filled = 40; $o.status = 'partial' }
        Save-SimState
        (Read-File).orders[0]['filled'] | Should -Be 40
        InModuleScope ThsSimClient { $o = $script:SimState.orders[0]; $o.filled = 100; $o.status = 'filled' }
        Save-SimState
        Save-SimState
        (Read-File).orders[0]['status'] | Should -BeExactly 'filled'
        (Read-File).orders[0]['filled'] | Should -Be 100
    }

    It 'serializes a final order once: a later write reuses its text (the model never changes a final order)' {
        Set-Rows @('cancelled', 'reported') 0
        Save-SimState
        InModuleScope ThsSimClient { $script:SimState.orders[0].name = 'changed'; $script:SimState.orders[1].name = 'changed' }
        Save-SimState
        (Read-File).orders[0]['name'] | Should -BeExactly '巨化股份'
        (Read-File).orders[1]['name'] | Should -BeExactly 'changed'
    }

    It 'reuses the text of an open order while its values are equal, and writes it again when one changes, in value or type' {
        Set-Rows @('reported', 'reported') 0
        Save-SimState
        $first = InModuleScope ThsSimClient { $script:SimRowJson[$script:SimState.orders[1]][1] }
        Save-SimState
        $again = InModuleScope ThsSimClient { $script:SimRowJson[$script:SimState.orders[1]][1] }
        [object]::ReferenceEquals($first, $again) | Should -BeTrue -Because 'the second write took the kept text'
        InModuleScope ThsSimClient { $script:SimState.orders[1].filled = 30 }
        Save-SimState
        (Read-File).orders[1]['filled'] | Should -Be 30
        InModuleScope ThsSimClient { $script:SimState.orders[1].filled = '30' }   # same text, another type
        Save-SimState
        (Read-File).orders[1]['filled'] | Should -BeOfType [string]
        (Read-File).orders[0]['filled'] | Should -Be 0
    }

    It 'keeps no text for a row holding a dictionary: a change inside it reaches the file' {
        Set-Rows @('reported') 0
        InModuleScope ThsSimClient { $script:SimState.orders[0].extra = [ordered]@{ note = 'a' } }
        Save-SimState
        Get-Cached | Should -Be 0
        InModuleScope ThsSimClient { $script:SimState.orders[0].extra.note = 'b' }
        Save-SimState
        (Read-File).orders[0]['extra']['note'] | Should -BeExactly 'b'
    }

    It 'keeps only the rows still in the state: rows of a replaced list are let go' {
        Set-Rows @('filled', 'filled', 'filled') 3
        Save-SimState
        Get-Cached | Should -Be 6
        Set-Rows @('filled') 0
        Save-SimState
        Get-Cached | Should -Be 1
        @((Read-File).orders).Count | Should -Be 1
        @((Read-File).trades).Count | Should -Be 0
    }
}
