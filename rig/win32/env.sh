# env.sh - the Wine test bench's locations, versions and bounds; sourced by setup.sh and wine-powershell.sh.
# Everything built lives under .tools/win32 (gitignored through .tools/). Override the folder with THS_WIN32_DIR.

THS_WIN32_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
THS_ROOT="$(cd "$THS_WIN32_SRC/../.." && pwd)"
THS_WIN32_DIR="${THS_WIN32_DIR:-$THS_ROOT/.tools/win32}"

THS_WINE_PREFIX="$THS_WIN32_DIR/prefix"
THS_DOTNET_DIR="$THS_WIN32_DIR/dotnet"          # a Windows DOTNET_ROOT (host/fxr, shared/...)
THS_PSWIN_DIR="$THS_WIN32_DIR/pwsh"             # PowerShell's Windows files + ths-pshost.exe
THS_DOUBLE_EXE="$THS_WIN32_DIR/double/xiadan_double.exe"
THS_PSHOST_EXE="$THS_PSWIN_DIR/ths-pshost.exe"
THS_STAMP_DIR="$THS_WIN32_DIR/stamps"

THS_DOTNET_VERSION="${THS_DOTNET_VERSION:-10.0.12}"   # the runtime packs NuGet serves here (nuget.tsv)
THS_PS_VERSION="${THS_PS_VERSION:-7.6.9}"             # the PowerShell global tool package

# Bounds (seconds) for every wine / wineserver call.
THS_WINEBOOT_TIMEOUT_S=180   # prefix creation: 7-12 s measured; slow disks take longer
THS_WINE_CMD_TIMEOUT_S=60    # reg add, winepath: well under a second each once the server runs
THS_WINESERVER_WAIT_S=60     # wineserver -w after wineboot

export WINEPREFIX="$THS_WINE_PREFIX"
export WINEARCH=win64
export WINEDEBUG=-all
