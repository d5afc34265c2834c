#!/usr/bin/env bash
# wine-powershell.sh - a `pwsh` for the bridge's --powershell that runs the script in Windows PowerShell 7 under Wine
# (the .tools/win32 bench from setup.sh: ths-pshost.exe over a Windows .NET runtime, in its own prefix).
# Accepts pwsh-style arguments: [-NoProfile] [-NonInteractive] [-ExecutionPolicy X] -File <script.ps1> [args...]
# Linux paths (the script, and any script argument that is an existing absolute path or whose parameter name ends in
# Path / State / Sample / File / Dir) become Windows paths (winepath -w).
# stdout carries only what the script writes; Wine's own noise goes to stderr.
# The script runs as this process (exec): killing it ends the Windows program, but Wine's helper processes
# (wineserver, services.exe, explorer.exe ...) stay for the prefix: the caller ends them with
#   WINEPREFIX=<.tools/win32/prefix> wineserver -k
# after its last Wine program (rig/win32/bench.ts does this in its cleanup).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

if [ ! -f "$THS_PSHOST_EXE" ] || [ ! -d "$THS_WINE_PREFIX" ]; then
    echo "wine-powershell: the Wine bench is not built: run rig/win32/setup.sh" >&2
    exit 127
fi

to_win() {
    local p
    p=$(timeout "$THS_WINE_CMD_TIMEOUT_S" winepath -w "$1" 2>/dev/null) || { echo "$1"; return; }
    echo "$p"
}

script=""
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        -NoProfile|-noprofile|-NonInteractive|-noninteractive|-NoLogo|-nologo) shift ;;
        -ExecutionPolicy|-executionpolicy|-ep) shift 2 ;;   # the host always runs with Bypass
        -File|-file|-f) script="$2"; shift 2; break ;;
        -Command|-command|-c)
            echo "wine-powershell: only -File is supported" >&2; exit 64 ;;
        *) script="$1"; shift; break ;;
    esac
done
[ -n "$script" ] || { echo "wine-powershell: no script (-File path.ps1)" >&2; exit 64; }
[ -f "$script" ] || { echo "wine-powershell: script not found: $script" >&2; exit 64; }

prev=""
for a in "$@"; do
    shopt -s nocasematch
    if [[ "$a" == /* && -e "$a" ]] || [[ "$a" == /* && "$prev" =~ ^-.*(path|state|sample|file|dir)$ ]]; then
        args+=("$(to_win "$a")")
    else
        args+=("$a")
    fi
    shopt -u nocasematch
    prev="$a"
done

DOTNET_ROOT="$(to_win "$THS_DOTNET_DIR")"
export DOTNET_ROOT
export WINEDLLOVERRIDES="mshtml="
# .NET's W^X double mapping breaks under Wine 8: the finalizer of PowerShell's dynamic methods dies with
# "Internal CLR error (0x80131506) at DynamicResolver+DestroyScout.Finalize" seconds into a run. Off here only.
export DOTNET_EnableWriteXorExecute=0
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
# Wine writes `fixme`/`err` lines and "Read access denied for device" to the process's stderr: they stay there.
exec wine "$THS_PSHOST_EXE" "$(to_win "$script")" "${args[@]}"
