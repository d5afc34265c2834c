#!/usr/bin/env bash
# setup.sh - builds the Wine test bench into .tools/win32: the Wine prefix, a Windows .NET runtime assembled from
# NuGet runtime packs, PowerShell's Windows files, the PowerShell host (ths-pshost.exe) and the xiadan double.
# Idempotent: each step is skipped when its stamp (keyed by a hash of its inputs) is present.
# Usage: rig/win32/setup.sh [--quiet] [--check]   (--check: exit 0 when wine + mingw are there, 2 when not)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

QUIET=0
CHECK_ONLY=0
for a in "$@"; do
    case "$a" in
        --quiet) QUIET=1 ;;
        --check) CHECK_ONLY=1 ;;
        *) echo "setup.sh: unknown option $a" >&2; exit 64 ;;
    esac
done

log() { if [ "$QUIET" = 0 ]; then echo "win32 setup: $*" >&2; fi; }
die() { echo "win32 setup: $*" >&2; exit 1; }

APT_PACKAGES="wine wine64 libwine gcc-mingw-w64-x86-64"

have_tools() { command -v wine >/dev/null && command -v wineserver >/dev/null && command -v winepath >/dev/null \
    && command -v x86_64-w64-mingw32-gcc >/dev/null; }

# --- 1. wine + mingw ---------------------------------------------------------------------------------------------
if ! have_tools; then
    if [ "$CHECK_ONLY" = 1 ]; then exit 2; fi
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "installing $APT_PACKAGES"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $APT_PACKAGES >&2
    else
        die "Wine and mingw-w64 are missing. Install them (Debian/Ubuntu): sudo apt-get install -y --no-install-recommends $APT_PACKAGES"
    fi
    have_tools || die "still missing after install: wine, wineserver, winepath or x86_64-w64-mingw32-gcc"
fi
if [ "$CHECK_ONLY" = 1 ]; then exit 0; fi
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is needed to assemble the Windows runtime and build the host"

mkdir -p "$THS_WIN32_DIR" "$THS_STAMP_DIR" "$THS_WIN32_DIR/build"

hash_of() { cat "$@" | sha256sum | cut -c1-16; }
stamp_ok() { [ -f "$THS_STAMP_DIR/$1.$2" ]; }
stamp_set() { rm -f "$THS_STAMP_DIR/$1".*; touch "$THS_STAMP_DIR/$1.$2"; }

# --- 2. the prefix -----------------------------------------------------------------------------------------------
PREFIX_KEY=$(echo "prefix-v1 $(timeout "$THS_WINE_CMD_TIMEOUT_S" wine --version 2>/dev/null)" | sha256sum | cut -c1-16)
if stamp_ok prefix "$PREFIX_KEY" && [ -f "$THS_WINE_PREFIX/system.reg" ]; then
    log "prefix ok"
else
    log "creating the Wine prefix $THS_WINE_PREFIX"
    timeout "$THS_WINESERVER_WAIT_S" wineserver -k 2>/dev/null || true
    rm -rf "$THS_WINE_PREFIX"
    mkdir -p "$THS_WINE_PREFIX"
    # mscoree= only here: with it, every .NET program fails to load System.Runtime.
    WINEDLLOVERRIDES="mscoree,mshtml=" timeout "$THS_WINEBOOT_TIMEOUT_S" wineboot -i >/dev/null 2>&1 \
        || die "wineboot -i failed or took over $THS_WINEBOOT_TIMEOUT_S s"
    timeout "$THS_WINESERVER_WAIT_S" wineserver -w || die "wineserver -w did not return in $THS_WINESERVER_WAIT_S s"
    reg() { WINEDLLOVERRIDES="mshtml=" timeout "$THS_WINE_CMD_TIMEOUT_S" wine reg add "$@" /f >/dev/null 2>&1; }
    reg 'HKCU\Software\Wine\WineDbg' /v ShowCrashDialog /t REG_DWORD /d 0 || die "reg add ShowCrashDialog failed"
    reg 'HKCU\Software\Wine\Drivers' /v Graphics /t REG_SZ /d null || die "reg add Graphics=null failed"
    # Only matters when someone switches to an X server: without a window manager every hide waits 2 s.
    reg 'HKCU\Software\Wine\X11 Driver' /v Managed /t REG_SZ /d N || die "reg add Managed=N failed"
    timeout "$THS_WINESERVER_WAIT_S" wineserver -w || die "wineserver -w did not return in $THS_WINESERVER_WAIT_S s"
    stamp_set prefix "$PREFIX_KEY"
fi

# --- 3. NuGet packs: the Windows runtime, the apphost, PowerShell's Windows files ---------------------------------
PACKS_DIR="$THS_WIN32_DIR/build/packs"
PACKS_KEY=$(echo "packs-v1 $THS_DOTNET_VERSION $THS_PS_VERSION" | sha256sum | cut -c1-16)
NUGET_ROOT="${NUGET_PACKAGES:-$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')}"
NUGET_ROOT="${NUGET_ROOT%/}"
if stamp_ok packs "$PACKS_KEY" && [ -d "$THS_DOTNET_DIR/shared/Microsoft.WindowsDesktop.App/$THS_DOTNET_VERSION" ] \
    && [ -f "$THS_PSWIN_DIR/System.Management.Automation.dll" ]; then
    log "runtime + PowerShell files ok"
else
    log "restoring runtime packs $THS_DOTNET_VERSION and PowerShell $THS_PS_VERSION"
    mkdir -p "$PACKS_DIR"
    cat > "$PACKS_DIR/packs.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Microsoft.NETCore.App.Runtime.win-x64" Version="[$THS_DOTNET_VERSION]" />
    <PackageDownload Include="Microsoft.NETCore.App.Host.win-x64" Version="[$THS_DOTNET_VERSION]" />
    <PackageDownload Include="Microsoft.WindowsDesktop.App.Runtime.win-x64" Version="[$THS_DOTNET_VERSION]" />
    <PackageDownload Include="PowerShell" Version="[$THS_PS_VERSION]" />
  </ItemGroup>
</Project>
EOF
    dotnet restore "$PACKS_DIR/packs.csproj" --nologo -v quiet >&2 || die "dotnet restore of the runtime packs failed"
    core="$NUGET_ROOT/microsoft.netcore.app.runtime.win-x64/$THS_DOTNET_VERSION/runtimes/win-x64"
    desk="$NUGET_ROOT/microsoft.windowsdesktop.app.runtime.win-x64/$THS_DOTNET_VERSION/runtimes/win-x64"
    pstool="$NUGET_ROOT/powershell/$THS_PS_VERSION/tools/net10.0/any/win"
    for d in "$core" "$desk" "$pstool"; do [ -d "$d" ] || die "missing after restore: $d"; done

    rm -rf "$THS_DOTNET_DIR"
    mkdir -p "$THS_DOTNET_DIR/host/fxr/$THS_DOTNET_VERSION" \
        "$THS_DOTNET_DIR/shared/Microsoft.NETCore.App/$THS_DOTNET_VERSION" \
        "$THS_DOTNET_DIR/shared/Microsoft.WindowsDesktop.App/$THS_DOTNET_VERSION"
    cp "$core/native/hostfxr.dll" "$THS_DOTNET_DIR/host/fxr/$THS_DOTNET_VERSION/"
    cp -r "$core/lib/net10.0/." "$core/native/." "$THS_DOTNET_DIR/shared/Microsoft.NETCore.App/$THS_DOTNET_VERSION/"
    # Keep WindowsDesktop's deps.json + runtimeconfig.json: without them hostfxr says "No frameworks were found".
    cp -r "$desk/lib/net10.0/." "$THS_DOTNET_DIR/shared/Microsoft.WindowsDesktop.App/$THS_DOTNET_VERSION/"
    if [ -d "$desk/native" ]; then
        cp -r "$desk/native/." "$THS_DOTNET_DIR/shared/Microsoft.WindowsDesktop.App/$THS_DOTNET_VERSION/"
    fi

    rm -rf "$THS_PSWIN_DIR"
    mkdir -p "$THS_PSWIN_DIR"
    cp -r "$pstool/." "$THS_PSWIN_DIR/"
    # The runtimes/win*/ DLLs flat beside System.Management.Automation.dll (win first, then win-x64 over it).
    for rid in win win-x64; do
        if [ -d "$pstool/runtimes/$rid" ]; then
            find "$pstool/runtimes/$rid" -type f -name '*.dll' -exec cp -f {} "$THS_PSWIN_DIR/" \;
        fi
    done
    stamp_set packs "$PACKS_KEY"
    rm -f "$THS_STAMP_DIR"/host.*   # the host lives in the PowerShell folder: rebuild it
fi

# --- 4. the PowerShell host ------------------------------------------------------------------------------------------
HOST_KEY=$(hash_of "$THS_WIN32_SRC/host/PsHost.cs" "$THS_WIN32_SRC/host/PsHost.csproj" <(echo "$THS_DOTNET_VERSION"))
if stamp_ok host "$HOST_KEY" && [ -f "$THS_PSHOST_EXE" ]; then
    log "host ok"
else
    log "building ths-pshost.exe"
    hb="$THS_WIN32_DIR/build/host"
    rm -rf "$hb"
    mkdir -p "$hb"
    cp "$THS_WIN32_SRC/host/PsHost.cs" "$THS_WIN32_SRC/host/PsHost.csproj" "$hb/"
    dotnet build "$hb/PsHost.csproj" -c Release --nologo -v quiet -o "$hb/out" -p:PsWinDir="$THS_PSWIN_DIR" \
        -p:RuntimeFrameworkVersion="$THS_DOTNET_VERSION" >&2 || die "building the host failed"
    cp "$hb/out/ths-pshost.exe" "$hb/out/ths-pshost.dll" "$THS_PSWIN_DIR/"
    # Both frameworks: without Microsoft.WindowsDesktop.App, PowerShell.Create() hangs forever under Wine.
    cat > "$THS_PSWIN_DIR/ths-pshost.runtimeconfig.json" <<EOF
{
  "runtimeOptions": {
    "tfm": "net10.0",
    "frameworks": [
      { "name": "Microsoft.NETCore.App", "version": "$THS_DOTNET_VERSION" },
      { "name": "Microsoft.WindowsDesktop.App", "version": "$THS_DOTNET_VERSION" }
    ],
    "configProperties": {
      "System.Globalization.Invariant": false,
      "System.Runtime.Serialization.EnableUnsafeBinaryFormatterSerialization": false
    }
  }
}
EOF
    stamp_set host "$HOST_KEY"
fi

# --- 5. the xiadan double --------------------------------------------------------------------------------------------
DOUBLE_SRC="$THS_WIN32_SRC/double/xiadan_double.c"
DOUBLE_KEY=$(hash_of "$DOUBLE_SRC")
if stamp_ok double "$DOUBLE_KEY" && [ -f "$THS_DOUBLE_EXE" ]; then
    log "double ok"
else
    log "building xiadan_double.exe"
    mkdir -p "$(dirname "$THS_DOUBLE_EXE")"
    x86_64-w64-mingw32-gcc -O2 -Wall -Wextra -municode -o "$THS_DOUBLE_EXE" "$DOUBLE_SRC" \
        -luser32 -lgdi32 -lcomctl32 || die "building the double failed"
    stamp_set double "$DOUBLE_KEY"
fi

log "ready: $THS_WIN32_DIR"
