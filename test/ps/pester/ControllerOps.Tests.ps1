# ControllerOps.Tests.ps1 - the Win32 rig's controller (rig/win32/SimController.ps1, loaded without its loop) turns the
# model's windows into the double's ops so that a window appears with its children, as a real dialog does: played in
# order, no op leaves a visible window whose children the model has but the double has not created yet (another
# process polling for a popup would find it without its text or buttons), and the last op leaves every window as the
# model has it.

BeforeAll {
    $script:state = Join-Path ([System.IO.Path]::GetTempPath()) ('ths-pester-' + [Guid]::NewGuid().ToString('N') + '.json')
    . (Join-Path $PSScriptRoot '../../../rig/win32/SimController.ps1') -StatePath $script:state
    Import-Module (Join-Path $PSScriptRoot '../../../ps/ThsSimClient/ThsSimClient.psd1') -Force
    Initialize-SimClient -StatePath $script:state -SamplePath (Join-Path $PSScriptRoot '../../../ps/sim/sample-state.json') | Out-Null
    Step-SimClient
    Initialize-CtrlShown
    $script:screen = @{}   # what the double would show after the ops played so far: id -> @{ Parent; Visible }

    # Plays ops on $script:screen; after each, every window on screen (it and its parents visible) has all the children
    # the model gives it. Returns the violations, 'op N: window W on screen without child C'.
    function Invoke-ScreenOps {
        param([object[]]$Ops)
        $children = @{}
        foreach ($w in @(Get-SimWindows)) {
            $p = [int64]$w.Parent
            if (-not $children.ContainsKey($p)) { $children[$p] = New-Object System.Collections.ArrayList }
            [void]$children[$p].Add([int64]$w.Id)
        }
        $bad = New-Object System.Collections.ArrayList
        $n = 0
        foreach ($op in $Ops) {
            $n++
            switch ($op.op) {
                'create' { $script:screen[[int64]$op.id] = @{ Parent = [int64]$op.parent; Visible = [bool]$op.visible } }
                'show' { $script:screen[[int64]$op.id].Visible = [bool]$op.visible }
                'destroy' {
                    $gone = @([int64]$op.id)
                    for ($i = 0; $i -lt $gone.Count; $i++) {
                        foreach ($k in @($script:screen.Keys)) { if ($script:screen[$k].Parent -eq $gone[$i]) { $gone += $k } }
                    }
                    foreach ($k in $gone) { $script:screen.Remove($k) }
                }
            }
            foreach ($id in @($script:screen.Keys)) {
                $on = $true
                $cur = $id
                while ($cur -ne 0) {
                    $s = $script:screen[$cur]
                    if ($null -eq $s -or -not $s.Visible) { $on = $false; break }
                    $cur = $s.Parent
                }
                if (-not $on -or -not $children.ContainsKey($id)) { continue }
                foreach ($c in $children[$id]) {
                    if (-not $script:screen.ContainsKey($c)) { [void]$bad.Add(('op {0}: window {1} on screen without child {2}' -f $n, $id, $c)) }
                }
            }
        }
        return , $bad.ToArray()
    }

    # Every model window is on the screen, visible as the model has it.
    function Assert-ScreenIsModel {
        $model = @(Get-SimWindows)
        $script:screen.Count | Should -Be $model.Count
        foreach ($w in $model) { $script:screen[[int64]$w.Id].Visible | Should -Be ([bool]$w.Visible) -Because ('window ' + $w.Id) }
    }
}

AfterAll {
    Remove-Module ThsSimClient -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $script:state -Force -ErrorAction SilentlyContinue
}

Describe 'Get-CtrlOps: a window appears with its children' {
    It 'builds the initial tree so that no visible window lacks a child at any op, and ends as the model' {
        $ops = Get-CtrlOps
        @($ops | Where-Object { $_.op -eq 'create' }).Count | Should -Be @(Get-SimWindows).Count
        Invoke-ScreenOps $ops | Should -BeNullOrEmpty
        Assert-ScreenIsModel
    }

    It 'shows a popup opened over the shown tree only after its title, text and button exist' {
        $popup = & (Get-Module ThsSimClient) { Show-SimPopup -Title '提示' -Text '您的买入委托已成功提交' }
        $ops = Get-CtrlOps
        $create = @($ops | Where-Object { $_.op -eq 'create' })
        $create.Count | Should -Be 4   # the popup, its title, its text, its 确定
        @($create | ForEach-Object { [bool]$_.visible }) | Should -Not -Contain $true
        Invoke-ScreenOps $ops | Should -BeNullOrEmpty
        $script:screen[[int64]$popup].Visible | Should -BeTrue
        Assert-ScreenIsModel
    }

    It 'adds nothing when the model has not changed' {
        (Get-CtrlOps).Count | Should -Be 0
    }
}
