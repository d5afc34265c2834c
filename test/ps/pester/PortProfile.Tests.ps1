# PortProfile.Tests.ps1 - the worker measured from the inside (PortProfile.ps1): every function a window port exports
# gets a timed copy, its own text with the clock around the body, bound to the port module; calls through it are
# counted and timed per function and return what the port function returns.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../../ps/ThsWorker/ThsWorker.psd1') -Force
    $script:state = Join-Path ([System.IO.Path]::GetTempPath()) ('ths-pester-' + [Guid]::NewGuid().ToString('N') + '.json')
    Initialize-ThsWorker -Backend Sim -SimState $script:state
    # The parameter names of a script block's param block, in order.
    function Get-ParamNames($Block) {
        $p = $Block.Ast.ParamBlock
        if ($null -eq $p -and $Block.Ast -is [System.Management.Automation.Language.FunctionDefinitionAst]) { $p = $Block.Ast.Body.ParamBlock }
        if ($null -eq $p) { return @() }
        return @($p.Parameters | ForEach-Object { $_.Name.VariablePath.UserPath })
    }
}

AfterAll {
    Remove-Module ThsWorker -ErrorAction SilentlyContinue
    Remove-Module ThsPort.Win32 -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $script:state -Force -ErrorAction SilentlyContinue
}

Describe 'New-ThsTimedPortFunction' {
    It 'makes a timed copy of every function <Port> exports, bound to that module, with the same parameters' -TestCases @(
        @{ Port = 'ThsPort.Sim' }, @{ Port = 'ThsPort.Win32' }
    ) {
        param($Port)
        # The simulated port as the worker loaded it; the Win32 port's functions load on any OS (its user32 types are
        # compiled only when it starts).
        if ($Port -eq 'ThsPort.Sim') { $module = InModuleScope ThsWorker { Assert-ThsPort; $script:ThsPortModule } }
        else { $module = Import-Module (Join-Path $PSScriptRoot ('../../../ps/' + $Port + '/' + $Port + '.psd1')) -PassThru }
        $module.Name | Should -BeExactly $Port
        $functions = @($module.ExportedFunctions.Values)
        $functions.Count | Should -BeGreaterThan 20
        foreach ($fn in $functions) {
            $timed = InModuleScope ThsWorker -Parameters @{ M = $module; F = $fn } { param($M, $F) New-ThsTimedPortFunction -PortModule $M -Function $F }
            $timed.Module.Name | Should -BeExactly $Port -Because $fn.Name
            (Get-ParamNames $timed) | Should -Be (Get-ParamNames $fn.ScriptBlock) -Because $fn.Name
            $timed.ToString() | Should -Match ([regex]::Escape("By['" + $fn.Name + "']"))
        }
    }

    It 'refuses, by name, a port function with a process block' {
        $odd = New-Module -Name ThsOddPort -ScriptBlock { function Get-PortOdd { param($X) process { $X } } } 
        { InModuleScope ThsWorker -Parameters @{ M = $odd; F = $odd.ExportedFunctions['Get-PortOdd'] } { param($M, $F) New-ThsTimedPortFunction -PortModule $M -Function $F } } |
            Should -Throw -ExpectedMessage '*Get-PortOdd*'
    }
}

Describe 'Enable-ThsPortProfile' {
    It 'counts and times each port call by function, and a call returns what the port function returns' {
        $direct = InModuleScope ThsWorker { Assert-ThsPort; $main = [int64](Get-ThsMainWindow).Handle; @{ Main = $main; Info = (& $script:ThsPortModule.ExportedFunctions['Get-PortWindowInfo'] -Handle $main) } }
        InModuleScope ThsWorker { Enable-ThsPortProfile -PortModule $script:ThsPortModule; Reset-ThsPortProfile }
        $r = InModuleScope ThsWorker -Parameters @{ H = $direct.Main } {
            param($H)
            $a = Get-PortWindowInfo -Handle $H
            $b = Get-PortWindowInfo -Handle $H
            $p = Get-ThsPortProfile -TotalMs 0
            @{ Info = $a; Again = $b; Profile = $p; Command = (Get-Command Get-PortWindowInfo) }
        }
        $r.Command.ScriptBlock.Module.Name | Should -BeExactly 'ThsPort.Sim'
        $r.Profile.calls['Get-PortWindowInfo'] | Should -Be 2
        $r.Profile.portCalls | Should -Be 2
        $r.Profile.callMs['Get-PortWindowInfo'] | Should -BeGreaterThan 0
        $r.Profile.portMs | Should -BeGreaterOrEqual $r.Profile.callMs['Get-PortWindowInfo']
        (ConvertTo-Json $r.Info -Compress) | Should -BeExactly (ConvertTo-Json $direct.Info -Compress)
        $r.Info.Exists | Should -BeTrue
    }

    It 'times a whole request: a buy reply adds up its port calls per function, the order form filled among them' {
        InModuleScope ThsWorker { Enable-ThsPortProfile -PortModule $script:ThsPortModule }
        $reply = Invoke-ThsRequest -Line '{"id":1,"cmd":"order","args":{"side":"buy","code":"600160","price":"23.00","amount":100}}'
        $reply.ok | Should -BeTrue
        $d = $reply.debug
        ($d.calls.Values | Measure-Object -Sum).Sum | Should -Be $d.portCalls
        $d.calls['Set-PortText'] | Should -BeGreaterThan 0
        ($d.portMs + $d.waitMs + $d.ownMs) | Should -BeGreaterOrEqual ($d.workerMs - 0.01)
    }
}
