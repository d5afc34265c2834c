# Exports.Tests.ps1 - each module exports nothing but its manifest's FunctionsToExport (the same list its .psm1 gives
# Export-ModuleMember), no variables, aliases or cmdlets; the ports export the same list; the worker's version is
# package.json's.

BeforeDiscovery {
    $script:Modules = @(
        @{ Name = 'ThsWorker' }, @{ Name = 'ThsPort.Win32' }, @{ Name = 'ThsPort.Sim' }, @{ Name = 'ThsSimClient' }
    )
}

BeforeAll {
    $script:Repo = Join-Path $PSScriptRoot '../../..'
    function Get-ManifestPath([string]$Name) { return (Join-Path $script:Repo ('ps/' + $Name + '/' + $Name + '.psd1')) }
    function Get-ExportModuleMemberList([string]$Name) {
        $tokens = $null; $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $script:Repo ('ps/' + $Name + '/' + $Name + '.psm1')), [ref]$tokens, [ref]$errors)
        $calls = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -eq 'Export-ModuleMember' }, $true))
        $names = @($calls | ForEach-Object { $_.FindAll({ param($n) $n -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $n.Parent -isnot [System.Management.Automation.Language.CommandAst] }, $true) } | ForEach-Object { $_.Value })
        return @($names | Sort-Object)
    }
}

Describe 'module <Name>' -ForEach $script:Modules {
    BeforeAll {
        $manifestPath = Get-ManifestPath $Name
        $manifest = Import-PowerShellDataFile -Path $manifestPath
        $before = @(Get-ChildItem function: | ForEach-Object { $_.Name })
        $module = Import-Module $manifestPath -Force -PassThru
        $added = @(Get-ChildItem function: | Where-Object { $before -notcontains $_.Name } | ForEach-Object { $_.Name } | Sort-Object)
    }
    AfterAll { Remove-Module $module -ErrorAction SilentlyContinue }

    It 'exports exactly the manifest''s FunctionsToExport, and so does its Export-ModuleMember' {
        $listed = @($manifest.FunctionsToExport | Sort-Object)
        $listed.Count | Should -BeGreaterThan 5
        @($module.ExportedFunctions.Keys | Sort-Object) | Should -Be $listed
        Get-ExportModuleMemberList $Name | Should -Be $listed
        $added | Should -Be $listed
    }

    It 'exports no variables, aliases or cmdlets, and the manifest says so' {
        $module.ExportedVariables.Count | Should -Be 0
        $module.ExportedAliases.Count | Should -Be 0
        $module.ExportedCmdlets.Count | Should -Be 0
        @($manifest.VariablesToExport).Count | Should -Be 0
        @($manifest.AliasesToExport).Count | Should -Be 0
        @($manifest.CmdletsToExport).Count | Should -Be 0
    }

    It 'runs on Windows PowerShell 5.1 and PowerShell 7 (manifest)' {
        $manifest.PowerShellVersion | Should -Be '5.1'
        @($manifest.CompatiblePSEditions) | Should -Be @('Desktop', 'Core')
    }
}

Describe 'the contracts between the modules' {
    It 'gives both ports the same export list' {
        $win32 = Import-PowerShellDataFile -Path (Get-ManifestPath 'ThsPort.Win32')
        $sim = Import-PowerShellDataFile -Path (Get-ManifestPath 'ThsPort.Sim')
        @($sim.FunctionsToExport | Sort-Object) | Should -Be @($win32.FunctionsToExport | Sort-Object)
    }

    It 'versions the worker as package.json does (the ready line''s scriptVersion)' {
        $package = Get-Content -Raw -LiteralPath (Join-Path $script:Repo 'package.json') | ConvertFrom-Json
        (Import-PowerShellDataFile -Path (Get-ManifestPath 'ThsWorker')).ModuleVersion | Should -Be $package.version
        Import-Module (Get-ManifestPath 'ThsWorker') -Force
        InModuleScope ThsWorker { $script:THS_SCRIPT_VERSION } | Should -Be $package.version
        Remove-Module ThsWorker
    }

    It 'never lets a module name the entry script in its code, or dot-source a file of another folder' {
        $offenders = New-Object System.Collections.Generic.List[string]
        foreach ($f in Get-ChildItem -LiteralPath (Join-Path $script:Repo 'ps') -Recurse -Include '*.ps1', '*.psm1' | Where-Object { $_.Name -ne 'ThsAutomation.ps1' }) {
            $tokens = $null; $errors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseFile($f.FullName, [ref]$tokens, [ref]$errors)
            foreach ($tk in $tokens) {
                if ($tk.Kind -ne 'Comment' -and $tk.Text -match 'ThsAutomation') { $offenders.Add($f.Name + ': names ThsAutomation (line ' + $tk.Extent.StartLineNumber + ')') }
            }
            foreach ($c in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and [string]$n.InvocationOperator -eq 'Dot' }, $true)) {
                if ($c.CommandElements[0].Extent.Text -match '\.\.[\\/]') { $offenders.Add($f.Name + ': dot-sources ' + $c.CommandElements[0].Extent.Text) }
            }
        }
        @($offenders) | Should -BeNullOrEmpty
    }
}
