# Port.Win32.ps1 - the window port over user32 / kernel32 / advapi32 (docs/WINDOW-PORT.md): one primitive = one Win32
# call or one obvious loop. Dot-sourcing only defines the C# source and the functions; Initialize-Port compiles it.
# Handles are [int64] at the PowerShell boundary, IntPtr inside C#. The C# is C# 5 (Windows PowerShell 5.1's compiler).

$script:ThsUser32Source = @'
using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

public delegate bool ThsEnumWindowsProc(IntPtr hWnd, IntPtr lParam);

/// <summary>user32 / kernel32 / advapi32 for the THS window port. Public members take and return long handles.</summary>
public static class ThsUser32
{
    public const uint SMTO_ABORTIFHUNG = 0x0002;
    public const uint GW_OWNER = 4;
    public const uint CF_UNICODETEXT = 13;
    public const uint PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
    public const uint TOKEN_QUERY = 0x0008;
    public const int TokenElevation = 20;
    public const int ERROR_TIMEOUT = 1460;
    public const int CB_ERR = -1;

    // ---- user32 ----
    [DllImport("user32.dll", EntryPoint = "EnumWindows", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool NativeEnumWindows(ThsEnumWindowsProc lpEnumFunc, IntPtr lParam);

    [DllImport("user32.dll", EntryPoint = "EnumChildWindows", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool NativeEnumChildWindows(IntPtr hWndParent, ThsEnumWindowsProc lpEnumFunc, IntPtr lParam);

    [DllImport("user32.dll", EntryPoint = "GetWindowTextLengthW", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern int NativeGetWindowTextLength(IntPtr hWnd);

    [DllImport("user32.dll", EntryPoint = "GetWindowTextW", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern int NativeGetWindowText(IntPtr hWnd, StringBuilder lpString, int nMaxCount);

    [DllImport("user32.dll", EntryPoint = "GetClassNameW", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern int NativeGetClassName(IntPtr hWnd, StringBuilder lpClassName, int nMaxCount);

    [DllImport("user32.dll", EntryPoint = "GetWindowThreadProcessId", SetLastError = true)]
    private static extern uint NativeGetWindowThreadProcessId(IntPtr hWnd, out uint lpdwProcessId);

    [DllImport("user32.dll", EntryPoint = "IsWindowVisible")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool NativeIsWindowVisible(IntPtr hWnd);

    [DllImport("user32.dll", EntryPoint = "IsWindow")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool NativeIsWindow(IntPtr hWnd);

    [DllImport("user32.dll", EntryPoint = "GetWindow", SetLastError = true)]
    private static extern IntPtr NativeGetWindow(IntPtr hWnd, uint uCmd);

    [DllImport("user32.dll", EntryPoint = "GetParent", SetLastError = true)]
    private static extern IntPtr NativeGetParent(IntPtr hWnd);

    [DllImport("user32.dll", EntryPoint = "GetDlgCtrlID", SetLastError = true)]
    private static extern int NativeGetDlgCtrlID(IntPtr hWnd);

    [DllImport("user32.dll", EntryPoint = "GetDlgItem", SetLastError = true)]
    private static extern IntPtr NativeGetDlgItem(IntPtr hDlg, int nIDDlgItem);

    [DllImport("user32.dll", EntryPoint = "SendMessageTimeoutW", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern IntPtr NativeSendMessageTimeout(IntPtr hWnd, uint Msg, IntPtr wParam, IntPtr lParam,
        uint fuFlags, uint uTimeout, out IntPtr lpdwResult);

    [DllImport("user32.dll", EntryPoint = "SendMessageTimeoutW", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern IntPtr NativeSendMessageTimeout(IntPtr hWnd, uint Msg, IntPtr wParam, StringBuilder lParam,
        uint fuFlags, uint uTimeout, out IntPtr lpdwResult);

    [DllImport("user32.dll", EntryPoint = "SendMessageTimeoutW", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern IntPtr NativeSendMessageTimeout(IntPtr hWnd, uint Msg, IntPtr wParam, string lParam,
        uint fuFlags, uint uTimeout, out IntPtr lpdwResult);

    [DllImport("user32.dll", EntryPoint = "PostMessageW", CharSet = CharSet.Unicode, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool NativePostMessage(IntPtr hWnd, uint Msg, IntPtr wParam, IntPtr lParam);

    [DllImport("user32.dll", EntryPoint = "GetClipboardSequenceNumber")]
    private static extern uint NativeGetClipboardSequenceNumber();

    [DllImport("user32.dll", EntryPoint = "OpenClipboard", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool NativeOpenClipboard(IntPtr hWndNewOwner);

    [DllImport("user32.dll", EntryPoint = "CloseClipboard", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool NativeCloseClipboard();

    [DllImport("user32.dll", EntryPoint = "GetClipboardData", SetLastError = true)]
    private static extern IntPtr NativeGetClipboardData(uint uFormat);

    // ---- kernel32 ----
    [DllImport("kernel32.dll", EntryPoint = "GlobalLock", SetLastError = true)]
    private static extern IntPtr NativeGlobalLock(IntPtr hMem);

    [DllImport("kernel32.dll", EntryPoint = "GlobalUnlock", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool NativeGlobalUnlock(IntPtr hMem);

    [DllImport("kernel32.dll", EntryPoint = "GlobalSize", SetLastError = true)]
    private static extern UIntPtr NativeGlobalSize(IntPtr hMem);

    [DllImport("kernel32.dll", EntryPoint = "OpenProcess", SetLastError = true)]
    private static extern IntPtr NativeOpenProcess(uint dwDesiredAccess, [MarshalAs(UnmanagedType.Bool)] bool bInheritHandle,
        uint dwProcessId);

    [DllImport("kernel32.dll", EntryPoint = "GetCurrentProcess")]
    private static extern IntPtr NativeGetCurrentProcess();

    [DllImport("kernel32.dll", EntryPoint = "CloseHandle", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool NativeCloseHandle(IntPtr hObject);

    // ---- advapi32 ----
    [DllImport("advapi32.dll", EntryPoint = "OpenProcessToken", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool NativeOpenProcessToken(IntPtr ProcessHandle, uint DesiredAccess, out IntPtr TokenHandle);

    [DllImport("advapi32.dll", EntryPoint = "GetTokenInformation", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool NativeGetTokenInformation(IntPtr TokenHandle, int TokenInformationClass,
        out uint TokenInformation, uint TokenInformationLength, out uint ReturnLength);

    // ---- enumeration: static callbacks held in static fields (never collected), results through a GCHandle ----
    private sealed class Collector
    {
        public List<long> Handles = new List<long>();
        public uint ProcessId;
    }

    private static readonly ThsEnumWindowsProc TopCallback = new ThsEnumWindowsProc(CollectTop);
    private static readonly ThsEnumWindowsProc ChildCallback = new ThsEnumWindowsProc(CollectChild);

    private static bool CollectTop(IntPtr hWnd, IntPtr lParam)
    {
        Collector c = (Collector)GCHandle.FromIntPtr(lParam).Target;
        if (c.ProcessId != 0)
        {
            uint pid;
            NativeGetWindowThreadProcessId(hWnd, out pid);
            if (pid != c.ProcessId) return true;
        }
        c.Handles.Add(hWnd.ToInt64());
        return true;
    }

    private static bool CollectChild(IntPtr hWnd, IntPtr lParam)
    {
        Collector c = (Collector)GCHandle.FromIntPtr(lParam).Target;
        c.Handles.Add(hWnd.ToInt64());
        return true;
    }

    /// <summary>EnumWindows: top-level windows in Z order, only those of processId unless it is 0.</summary>
    public static long[] EnumTopWindows(uint processId)
    {
        Collector c = new Collector();
        c.ProcessId = processId;
        GCHandle gch = GCHandle.Alloc(c);
        try
        {
            NativeEnumWindows(TopCallback, GCHandle.ToIntPtr(gch));
        }
        finally
        {
            gch.Free();
        }
        return c.Handles.ToArray();
    }

    /// <summary>EnumChildWindows: every descendant of parent (children of children too).</summary>
    public static long[] EnumChildWindows(long parent)
    {
        Collector c = new Collector();
        GCHandle gch = GCHandle.Alloc(c);
        try
        {
            NativeEnumChildWindows(new IntPtr(parent), ChildCallback, GCHandle.ToIntPtr(gch));
        }
        finally
        {
            gch.Free();
        }
        return c.Handles.ToArray();
    }

    // ---- window facts ----
    /// <summary>GetWindowTextLengthW + GetWindowTextW (no message for other processes' windows).</summary>
    public static string GetWindowText(long hWnd)
    {
        IntPtr h = new IntPtr(hWnd);
        int length = NativeGetWindowTextLength(h);
        if (length <= 0) return string.Empty;
        StringBuilder sb = new StringBuilder(length + 1);
        NativeGetWindowText(h, sb, sb.Capacity);
        return sb.ToString();
    }

    /// <summary>GetClassNameW ("" when the window is gone).</summary>
    public static string GetClassName(long hWnd)
    {
        StringBuilder sb = new StringBuilder(257);
        int n = NativeGetClassName(new IntPtr(hWnd), sb, sb.Capacity);
        if (n <= 0) return string.Empty;
        return sb.ToString();
    }

    /// <summary>GetWindowThreadProcessId: the owning process id (0 when the window is gone).</summary>
    public static uint GetWindowProcessId(long hWnd)
    {
        uint pid;
        NativeGetWindowThreadProcessId(new IntPtr(hWnd), out pid);
        return pid;
    }

    public static bool IsWindowVisible(long hWnd) { return NativeIsWindowVisible(new IntPtr(hWnd)); }

    public static bool IsWindow(long hWnd) { return NativeIsWindow(new IntPtr(hWnd)); }

    /// <summary>GetWindow(GW_OWNER).</summary>
    public static long GetOwner(long hWnd) { return NativeGetWindow(new IntPtr(hWnd), GW_OWNER).ToInt64(); }

    public static long GetParent(long hWnd) { return NativeGetParent(new IntPtr(hWnd)).ToInt64(); }

    public static int GetDlgCtrlID(long hWnd) { return NativeGetDlgCtrlID(new IntPtr(hWnd)); }

    public static long GetDlgItem(long hDlg, int id) { return NativeGetDlgItem(new IntPtr(hDlg), id).ToInt64(); }

    // ---- messages (SendMessageTimeoutW with SMTO_ABORTIFHUNG; error = GetLastError when it failed, else 0) ----
    /// <summary>SendMessageTimeoutW with integer wParam / lParam.</summary>
    public static bool SendTimeout(long hWnd, uint msg, long wParam, long lParam, uint timeoutMs,
        out long result, out int error)
    {
        IntPtr r;
        IntPtr ok = NativeSendMessageTimeout(new IntPtr(hWnd), msg, new IntPtr(wParam), new IntPtr(lParam),
            SMTO_ABORTIFHUNG, timeoutMs, out r);
        error = (ok == IntPtr.Zero) ? Marshal.GetLastWin32Error() : 0;
        result = r.ToInt64();
        return ok != IntPtr.Zero;
    }

    /// <summary>SendMessageTimeoutW with a string lParam (WM_SETTEXT, CB_SELECTSTRING).</summary>
    public static bool SendTimeoutString(long hWnd, uint msg, long wParam, string text, uint timeoutMs,
        out long result, out int error)
    {
        IntPtr r;
        IntPtr ok = NativeSendMessageTimeout(new IntPtr(hWnd), msg, new IntPtr(wParam), text,
            SMTO_ABORTIFHUNG, timeoutMs, out r);
        error = (ok == IntPtr.Zero) ? Marshal.GetLastWin32Error() : 0;
        result = r.ToInt64();
        return ok != IntPtr.Zero;
    }

    /// <summary>SendMessageTimeoutW(WM_GETTEXT) into a buffer of capacity characters (null terminator included).</summary>
    public static bool SendTimeoutGetText(long hWnd, uint msg, int capacity, uint timeoutMs,
        out string text, out int error)
    {
        StringBuilder sb = new StringBuilder(capacity);
        IntPtr r;
        IntPtr ok = NativeSendMessageTimeout(new IntPtr(hWnd), msg, new IntPtr(capacity), sb,
            SMTO_ABORTIFHUNG, timeoutMs, out r);
        error = (ok == IntPtr.Zero) ? Marshal.GetLastWin32Error() : 0;
        text = (ok == IntPtr.Zero) ? null : sb.ToString();
        return ok != IntPtr.Zero;
    }

    /// <summary>PostMessageW (returns at once; for clicks that open a modal dialog).</summary>
    public static bool PostMessage(long hWnd, uint msg, long wParam, long lParam)
    {
        return NativePostMessage(new IntPtr(hWnd), msg, new IntPtr(wParam), new IntPtr(lParam));
    }

    // ---- clipboard ----
    public static uint GetClipboardSequenceNumber() { return NativeGetClipboardSequenceNumber(); }

    private sealed class ClipboardRead
    {
        public int Tries;
        public int WaitMs;
        public string Text;

        public void Run()
        {
            bool open = false;
            for (int i = 0; i < Tries && !open; i++)
            {
                open = NativeOpenClipboard(IntPtr.Zero);
                if (!open) Thread.Sleep(WaitMs);
            }
            if (!open) return;
            try
            {
                IntPtr data = NativeGetClipboardData(CF_UNICODETEXT);
                if (data == IntPtr.Zero) return;
                IntPtr p = NativeGlobalLock(data);
                if (p == IntPtr.Zero) return;
                try
                {
                    long chars = (long)NativeGlobalSize(data).ToUInt64() / 2;
                    int n = 0;
                    while (n < chars && Marshal.ReadInt16(p, n * 2) != 0) n++;
                    Text = Marshal.PtrToStringUni(p, n);
                }
                finally
                {
                    NativeGlobalUnlock(data);
                }
            }
            finally
            {
                NativeCloseClipboard();
            }
        }
    }

    /// <summary>
    /// Reads CF_UNICODETEXT on a dedicated STA thread: OpenClipboard (tries times, waitMs apart while another process
    /// holds it) + GetClipboardData + GlobalLock / GlobalUnlock + CloseClipboard. null when busy, empty or too slow.
    /// </summary>
    public static string ReadClipboardText(int tries, int waitMs, int timeoutMs)
    {
        ClipboardRead job = new ClipboardRead();
        job.Tries = tries;
        job.WaitMs = waitMs;
        Thread t = new Thread(new ThreadStart(job.Run));
        t.IsBackground = true;
        t.SetApartmentState(ApartmentState.STA);
        t.Start();
        if (!t.Join(timeoutMs)) return null;
        return job.Text;
    }

    // ---- window capture (the captcha image for OCR): PrintWindow into a DIB, written as a 24-bit BMP file ----
    [StructLayout(LayoutKind.Sequential)]
    private struct RECT
    {
        public int Left;
        public int Top;
        public int Right;
        public int Bottom;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct BITMAPINFOHEADER
    {
        public uint biSize;
        public int biWidth;
        public int biHeight;
        public ushort biPlanes;
        public ushort biBitCount;
        public uint biCompression;
        public uint biSizeImage;
        public int biXPelsPerMeter;
        public int biYPelsPerMeter;
        public uint biClrUsed;
        public uint biClrImportant;
    }

    [DllImport("user32.dll", EntryPoint = "GetWindowRect", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool NativeGetWindowRect(IntPtr hWnd, out RECT lpRect);

    [DllImport("user32.dll", EntryPoint = "PrintWindow", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool NativePrintWindow(IntPtr hWnd, IntPtr hdcBlt, uint nFlags);

    [DllImport("user32.dll", EntryPoint = "GetDC")]
    private static extern IntPtr NativeGetDC(IntPtr hWnd);

    [DllImport("user32.dll", EntryPoint = "ReleaseDC")]
    private static extern int NativeReleaseDC(IntPtr hWnd, IntPtr hDC);

    [DllImport("gdi32.dll", EntryPoint = "CreateCompatibleDC")]
    private static extern IntPtr NativeCreateCompatibleDC(IntPtr hdc);

    [DllImport("gdi32.dll", EntryPoint = "CreateDIBSection")]
    private static extern IntPtr NativeCreateDIBSection(IntPtr hdc, ref BITMAPINFOHEADER pbmi, uint usage,
        out IntPtr ppvBits, IntPtr hSection, uint offset);

    [DllImport("gdi32.dll", EntryPoint = "SelectObject")]
    private static extern IntPtr NativeSelectObject(IntPtr hdc, IntPtr h);

    [DllImport("gdi32.dll", EntryPoint = "DeleteObject")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool NativeDeleteObject(IntPtr ho);

    [DllImport("gdi32.dll", EntryPoint = "DeleteDC")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool NativeDeleteDC(IntPtr hdc);

    /// <summary>
    /// Captures a window with PrintWindow (it paints itself into our memory DC: works when covered, minimised or on a
    /// locked screen, unlike a screen copy) and writes it to path as a bottom-up 24-bit BMP, scaled up by a whole
    /// factor (at most maxScale) until it is at least minHeight pixels high: OCR reads tiny captcha images badly.
    /// Returns null, or what failed.
    /// </summary>
    public static string CaptureWindowBitmap(long hWnd, string path, int minHeight, int maxScale)
    {
        IntPtr h = new IntPtr(hWnd);
        RECT r;
        if (!NativeGetWindowRect(h, out r)) return "GetWindowRect failed (error " + Marshal.GetLastWin32Error() + ")";
        int w = r.Right - r.Left;
        int ht = r.Bottom - r.Top;
        if (w <= 0 || ht <= 0 || w > 4096 || ht > 4096) return "the window is " + w + "x" + ht + " pixels";
        BITMAPINFOHEADER bih = new BITMAPINFOHEADER();
        bih.biSize = (uint)Marshal.SizeOf(typeof(BITMAPINFOHEADER));
        bih.biWidth = w;
        bih.biHeight = -ht;
        bih.biPlanes = 1;
        bih.biBitCount = 32;
        bih.biCompression = 0;
        byte[] bgra = new byte[w * ht * 4];
        IntPtr screen = NativeGetDC(IntPtr.Zero);
        IntPtr mem = IntPtr.Zero;
        IntPtr dib = IntPtr.Zero;
        IntPtr old = IntPtr.Zero;
        try
        {
            mem = NativeCreateCompatibleDC(screen);
            if (mem == IntPtr.Zero) return "CreateCompatibleDC failed";
            IntPtr bits;
            dib = NativeCreateDIBSection(mem, ref bih, 0, out bits, IntPtr.Zero, 0);
            if (dib == IntPtr.Zero || bits == IntPtr.Zero) return "CreateDIBSection failed";
            old = NativeSelectObject(mem, dib);
            if (!NativePrintWindow(h, mem, 0)) return "PrintWindow failed (error " + Marshal.GetLastWin32Error() + ")";
            Marshal.Copy(bits, bgra, 0, bgra.Length);
        }
        finally
        {
            if (old != IntPtr.Zero) NativeSelectObject(mem, old);
            if (dib != IntPtr.Zero) NativeDeleteObject(dib);
            if (mem != IntPtr.Zero) NativeDeleteDC(mem);
            if (screen != IntPtr.Zero) NativeReleaseDC(IntPtr.Zero, screen);
        }
        int scale = 1;
        while (ht * scale < minHeight && scale < maxScale) scale++;
        WriteBmp24(path, bgra, w, ht, scale);
        return null;
    }

    private static void WriteBmp24(string path, byte[] bgra, int w, int h, int scale)
    {
        int sw = w * scale;
        int sh = h * scale;
        int stride = (sw * 3 + 3) & ~3;
        int imageSize = stride * sh;
        using (FileStream fs = new FileStream(path, FileMode.Create, FileAccess.Write))
        using (BinaryWriter bw = new BinaryWriter(fs))
        {
            bw.Write((byte)'B');
            bw.Write((byte)'M');
            bw.Write(14 + 40 + imageSize);   // bfSize
            bw.Write(0);                     // bfReserved1, bfReserved2
            bw.Write(14 + 40);               // bfOffBits
            bw.Write(40);                    // biSize
            bw.Write(sw);
            bw.Write(sh);                    // positive: bottom-up rows
            bw.Write((short)1);
            bw.Write((short)24);
            bw.Write(0);                     // BI_RGB
            bw.Write(imageSize);
            bw.Write(2835);
            bw.Write(2835);
            bw.Write(0);
            bw.Write(0);
            byte[] row = new byte[stride];
            for (int y = sh - 1; y >= 0; y--)
            {
                int srcRow = (y / scale) * w;
                for (int x = 0; x < sw; x++)
                {
                    int src = (srcRow + x / scale) * 4;
                    row[x * 3] = bgra[src];
                    row[x * 3 + 1] = bgra[src + 1];
                    row[x * 3 + 2] = bgra[src + 2];
                }
                bw.Write(row);
            }
        }
    }

    // ---- elevation ----
    /// <summary>
    /// TokenElevation of a process (processId 0 = ours): 1 elevated, 0 not, -1 unknown (access denied, process gone).
    /// </summary>
    public static int GetProcessElevation(uint processId)
    {
        IntPtr process = IntPtr.Zero;
        bool own = processId == 0;
        if (own)
        {
            process = NativeGetCurrentProcess();
        }
        else
        {
            process = NativeOpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, false, processId);
            if (process == IntPtr.Zero) return -1;
        }
        IntPtr token = IntPtr.Zero;
        try
        {
            if (!NativeOpenProcessToken(process, TOKEN_QUERY, out token)) return -1;
            uint elevation;
            uint length;
            if (!NativeGetTokenInformation(token, TokenElevation, out elevation, 4, out length)) return -1;
            return elevation != 0 ? 1 : 0;
        }
        finally
        {
            if (token != IntPtr.Zero) NativeCloseHandle(token);
            if (!own) NativeCloseHandle(process);
        }
    }
}
'@

function Initialize-Port {
    <#
    .SYNOPSIS
    Compiles the user32 bridge (class ThsUser32) once per session. Returns @{ Ok; Backend = 'win32'; Reason }.
    .DESCRIPTION
    Reason says what to do when Ok is false: Constrained Language mode, Add-Type blocked by policy or antivirus, not
    Windows. SimState / SimSample exist for parity with the simulated port and are ignored here.
    #>
    param(
        [string]$SimState = '',
        [string]$SimSample = ''
    )
    Set-StrictMode -Version 3.0
    $mode = [string]$ExecutionContext.SessionState.LanguageMode
    if ($mode -ne 'FullLanguage') {
        return @{ Ok = $false; Backend = 'win32'; Reason = ('PowerShell runs in ' + $mode + ' mode (AppLocker / WDAC policy), which blocks Add-Type and P/Invoke: ask IT to allow this script, or run it under a PowerShell session in FullLanguage mode.') }
    }
    if ($null -eq ('ThsUser32' -as [type])) {
        try {
            Add-Type -TypeDefinition $script:ThsUser32Source -Language CSharp -ErrorAction Stop
        } catch {
            $err = $_
            return @{ Ok = $false; Backend = 'win32'; Reason = ('Add-Type could not compile the user32 bridge (' + $err.Exception.Message + '). Windows PowerShell 5.1 compiles with csc.exe from the .NET Framework into %TEMP%: make sure antivirus, AMSI or AppLocker policy allows that, or run the worker under PowerShell 7 (pwsh), which compiles in memory.') }
        }
    }
    if ([Environment]::OSVersion.Platform -ne [PlatformID]::Win32NT) {
        return @{ Ok = $false; Backend = 'win32'; Reason = ('The win32 window port needs Windows (user32.dll); this is ' + [Environment]::OSVersion.VersionString + '. Use the simulated backend (-Backend Sim) here.') }
    }
    return @{ Ok = $true; Backend = 'win32'; Reason = $null }
}

function Find-PortTopWindows {
    <#
    .SYNOPSIS
    Top-level windows (EnumWindows, Z order), optionally only those of one process and / or one class.
    Returns an array of @{ Handle; Title; ClassName; ProcessId; Visible; Owner }.
    #>
    param(
        [int64]$ProcessId = 0,
        [string]$ClassName = ''
    )
    Set-StrictMode -Version 3.0
    $list = New-Object System.Collections.Generic.List[object]
    foreach ($h in [ThsUser32]::EnumTopWindows([uint32]$ProcessId)) {
        $class = [ThsUser32]::GetClassName($h)
        if ($ClassName -and $class -ne $ClassName) { continue }
        $list.Add(@{
                Handle    = [int64]$h
                Title     = [ThsUser32]::GetWindowText($h)
                ClassName = $class
                ProcessId = [int64][ThsUser32]::GetWindowProcessId($h)
                Visible   = [ThsUser32]::IsWindowVisible($h)
                Owner     = [ThsUser32]::GetOwner($h)
            })
    }
    return $list.ToArray()
}

function Get-PortChildWindows {
    <#
    .SYNOPSIS
    Every descendant of a window (EnumChildWindows), in Z / creation order.
    Returns an array of @{ Handle; Parent; ControlId; ClassName; Visible }.
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    Set-StrictMode -Version 3.0
    $list = New-Object System.Collections.Generic.List[object]
    foreach ($h in [ThsUser32]::EnumChildWindows($Handle)) {
        $list.Add(@{
                Handle    = [int64]$h
                Parent    = [ThsUser32]::GetParent($h)
                ControlId = [ThsUser32]::GetDlgCtrlID($h)
                ClassName = [ThsUser32]::GetClassName($h)
                Visible   = [ThsUser32]::IsWindowVisible($h)
            })
    }
    return $list.ToArray()
}

function Get-PortChild {
    <#
    .SYNOPSIS
    The direct child with a control id (GetDlgItem): its handle, or 0.
    #>
    param(
        [Parameter(Mandatory = $true)][int64]$Handle,
        [Parameter(Mandatory = $true)][int]$ControlId
    )
    Set-StrictMode -Version 3.0
    return [ThsUser32]::GetDlgItem($Handle, $ControlId)
}

function Get-PortWindowInfo {
    <#
    .SYNOPSIS
    Facts about one window: @{ Exists; Visible; ClassName; ProcessId; ControlId; Parent } (IsWindow, IsWindowVisible,
    GetClassNameW, GetWindowThreadProcessId, GetDlgCtrlID, GetParent). A gone window gives Exists = $false, '' and 0s.
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    Set-StrictMode -Version 3.0
    if (-not [ThsUser32]::IsWindow($Handle)) {
        return @{ Exists = $false; Visible = $false; ClassName = ''; ProcessId = [int64]0; ControlId = 0; Parent = [int64]0 }
    }
    return @{
        Exists    = $true
        Visible   = [ThsUser32]::IsWindowVisible($Handle)
        ClassName = [ThsUser32]::GetClassName($Handle)
        ProcessId = [int64][ThsUser32]::GetWindowProcessId($Handle)
        ControlId = [ThsUser32]::GetDlgCtrlID($Handle)
        Parent    = [ThsUser32]::GetParent($Handle)
    }
}

function Get-PortText {
    <#
    .SYNOPSIS
    A window's text by SendMessageTimeoutW(WM_GETTEXTLENGTH) then SendMessageTimeoutW(WM_GETTEXT), abort-if-hung.
    Returns the string, or $null when the window is hung or gone.
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    Set-StrictMode -Version 3.0
    $length = [int64]0
    $err = 0
    if (-not [ThsUser32]::SendTimeout($Handle, $script:WM_GETTEXTLENGTH, 0, 0, $script:PORT_SEND_TIMEOUT_MS, [ref]$length, [ref]$err)) {
        return $null
    }
    if ($length -le 0) { return '' }
    $text = $null
    if (-not [ThsUser32]::SendTimeoutGetText($Handle, $script:WM_GETTEXT, ([int]$length + 1), $script:PORT_SEND_TIMEOUT_MS, [ref]$text, [ref]$err)) {
        return $null
    }
    return $text
}

function Set-PortText {
    <#
    .SYNOPSIS
    Sets a window's text with SendMessageTimeoutW(WM_SETTEXT). Returns $true when the message was delivered; the
    caller reads the text back to know whether it took.
    #>
    param(
        [Parameter(Mandatory = $true)][int64]$Handle,
        [Parameter(Mandatory = $true)][AllowEmptyString()][string]$Text
    )
    Set-StrictMode -Version 3.0
    $result = [int64]0
    $err = 0
    return [ThsUser32]::SendTimeoutString($Handle, $script:WM_SETTEXT, 0, $Text, $script:PORT_SEND_TIMEOUT_MS, [ref]$result, [ref]$err)
}

function Send-PortMessage {
    <#
    .SYNOPSIS
    One synchronous message: SendMessageTimeoutW with SMTO_ABORTIFHUNG and $PORT_SEND_TIMEOUT_MS.
    Returns @{ Ok; Result; TimedOut } (TimedOut: the window is hung or did not answer in time).
    #>
    param(
        [Parameter(Mandatory = $true)][int64]$Handle,
        [Parameter(Mandatory = $true)][int]$Message,
        [int64]$WParam = 0,
        [int64]$LParam = 0
    )
    Set-StrictMode -Version 3.0
    $result = [int64]0
    $err = 0
    $ok = [ThsUser32]::SendTimeout($Handle, [uint32]$Message, $WParam, $LParam, $script:PORT_SEND_TIMEOUT_MS, [ref]$result, [ref]$err)
    # A hung window under SMTO_ABORTIFHUNG fails at once, with ERROR_TIMEOUT or no error code at all.
    $timedOut = (-not $ok) -and ($err -eq [ThsUser32]::ERROR_TIMEOUT -or $err -eq 0)
    return @{ Ok = $ok; Result = $result; TimedOut = $timedOut }
}

function Push-PortMessage {
    <#
    .SYNOPSIS
    Posts a message (PostMessageW) and returns at once: $true when it was queued.
    #>
    param(
        [Parameter(Mandatory = $true)][int64]$Handle,
        [Parameter(Mandatory = $true)][int]$Message,
        [int64]$WParam = 0,
        [int64]$LParam = 0
    )
    Set-StrictMode -Version 3.0
    return [ThsUser32]::PostMessage($Handle, [uint32]$Message, $WParam, $LParam)
}

function Select-PortComboItem {
    <#
    .SYNOPSIS
    Selects the first combo box item starting with Text: SendMessageTimeoutW(CB_SELECTSTRING, -1, Text).
    Returns the index selected, or -1 (no such item, hung or gone).
    #>
    param(
        [Parameter(Mandatory = $true)][int64]$Handle,
        [Parameter(Mandatory = $true)][string]$Text
    )
    Set-StrictMode -Version 3.0
    $result = [int64]0
    $err = 0
    if (-not [ThsUser32]::SendTimeoutString($Handle, $script:CB_SELECTSTRING, -1, $Text, $script:PORT_SEND_TIMEOUT_MS, [ref]$result, [ref]$err)) {
        return -1
    }
    return [int]$result
}

function Get-PortClipboardSequence {
    <#
    .SYNOPSIS
    The clipboard sequence number (GetClipboardSequenceNumber): it changes whenever the clipboard does.
    #>
    Set-StrictMode -Version 3.0
    return [ThsUser32]::GetClipboardSequenceNumber()
}

function Get-PortClipboardText {
    <#
    .SYNOPSIS
    The clipboard's Unicode text, read on a dedicated STA thread (OpenClipboard retried while another process holds
    it, GetClipboardData(CF_UNICODETEXT), CloseClipboard). Returns the string, or $null (busy, empty or no text).
    #>
    Set-StrictMode -Version 3.0
    return [ThsUser32]::ReadClipboardText($script:CLIPBOARD_OPEN_TRIES, $script:CLIPBOARD_OPEN_WAIT_MS, $script:CLIPBOARD_READ_TIMEOUT_MS)
}

function Test-PortProcessElevated {
    <#
    .SYNOPSIS
    Whether a process runs elevated (OpenProcess + OpenProcessToken + GetTokenInformation(TokenElevation)).
    Returns $true / $false, or $null when it cannot be known (access denied, process gone).
    #>
    param([Parameter(Mandatory = $true)][int64]$ProcessId)
    Set-StrictMode -Version 3.0
    $e = [ThsUser32]::GetProcessElevation([uint32]$ProcessId)
    if ($e -lt 0) { return $null }
    return ($e -eq 1)
}

function Test-PortSelfElevated {
    <#
    .SYNOPSIS
    Whether this PowerShell process runs elevated ($false when it cannot be told).
    #>
    Set-StrictMode -Version 3.0
    return ([ThsUser32]::GetProcessElevation(0) -eq 1)
}

function Read-PortCaptchaText {
    <#
    .SYNOPSIS
    Reads a captcha image control with Windows' built-in OCR (Windows.Media.Ocr through WinRT): PrintWindow of the
    control into a BMP file, then ps/lib/Ocr.WinRT.ps1 in Windows PowerShell 5.1 - in this process on 5.1, as a one-shot
    powershell.exe on PowerShell 7 (which cannot load WinRT types), bounded by $OCR_TIMEOUT_MS.
    Returns @{ Text; Reason }: Text is what OCR read ('' when it read nothing); Text is $null, with Reason saying why,
    when no OCR could run (no installed language has OCR, no powershell.exe, WinRT error, timeout).
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    Set-StrictMode -Version 3.0
    $ocrScript = Join-Path $PSScriptRoot 'Ocr.WinRT.ps1'
    $image = Join-Path ([System.IO.Path]::GetTempPath()) ('ths-captcha-' + $PID + '-' + [Guid]::NewGuid().ToString('N') + '.bmp')
    try {
        $failed = [ThsUser32]::CaptureWindowBitmap($Handle, $image, 96, 8)
        if ($null -ne $failed) { return @{ Text = $null; Reason = ('the captcha image could not be captured: ' + $failed) } }
        $output = ''
        if ($PSVersionTable.PSEdition -eq 'Desktop') {
            $output = (@(& $ocrScript -ImagePath $image -TimeoutMs $script:OCR_TIMEOUT_MS) | ForEach-Object { [string]$_ }) -join "`n"
        } else {
            $exe = Join-Path ([Environment]::GetFolderPath([Environment+SpecialFolder]::System)) 'WindowsPowerShell\v1.0\powershell.exe'
            if (-not [System.IO.File]::Exists($exe)) {
                return @{ Text = $null; Reason = ('Windows PowerShell 5.1 (' + $exe + ') was not found: PowerShell 7 cannot load the WinRT OCR types itself, and Windows 10 / 11 ship powershell.exe') }
            }
            $psi = New-Object System.Diagnostics.ProcessStartInfo
            $psi.FileName = $exe
            $psi.Arguments = '-NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "' + $ocrScript + '" -ImagePath "' + $image + '" -TimeoutMs ' + $script:OCR_TIMEOUT_MS
            $psi.UseShellExecute = $false
            $psi.CreateNoWindow = $true
            $psi.RedirectStandardOutput = $true
            $psi.RedirectStandardError = $true
            $proc = [System.Diagnostics.Process]::Start($psi)
            try {
                $stdout = $proc.StandardOutput.ReadToEndAsync()
                $stderr = $proc.StandardError.ReadToEndAsync()
                if (-not $proc.WaitForExit($script:OCR_TIMEOUT_MS)) {
                    try { $proc.Kill() } catch { Write-Verbose ('could not stop the OCR process: ' + $_.Exception.Message) }
                    return @{ Text = $null; Reason = ('OCR in powershell.exe did not finish within ' + $script:OCR_TIMEOUT_MS + ' ms') }
                }
                if ($stdout.Wait($script:PORT_SEND_TIMEOUT_MS)) { $output = $stdout.Result }
                if (-not $output -and $stderr.Wait($script:PORT_SEND_TIMEOUT_MS)) { $output = 'THS-OCR STDERR ' + $stderr.Result }
            } finally {
                $proc.Dispose()
            }
        }
        foreach ($line in ($output -split "`r?`n")) {
            if ($line -match '^THS-OCR OK (\S*)$') {
                return @{ Text = [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Matches[1])).Trim(); Reason = $null }
            }
            if ($line -match '^THS-OCR NOLANG') {
                return @{ Text = $null; Reason = 'no installed language has OCR (OcrEngine.TryCreateFromUserProfileLanguages returned null): add one in Settings > Time & language > Language, e.g. English (United States), with its optical character recognition feature' }
            }
            if ($line -match '^THS-OCR ERROR (\S*)$') {
                return @{ Text = $null; Reason = ('Windows OCR failed: ' + [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Matches[1]))) }
            }
        }
        $shown = $output
        if ($shown.Length -gt 300) { $shown = $shown.Substring(0, 300) }
        return @{ Text = $null; Reason = ('Windows OCR gave no answer: ' + $shown) }
    } finally {
        if ([System.IO.File]::Exists($image)) { [System.IO.File]::Delete($image) }
    }
}

function Read-PortTextFile {
    <#
    .SYNOPSIS
    A whole text file (File.ReadAllText) in the given encoding: gbk = code page 936 (the client's export), or utf8.
    Returns the text, or $null when the file does not exist or cannot be read yet (still being written).
    #>
    param(
        [Parameter(Mandatory = $true)][string]$Path,
        [ValidateSet('gbk', 'utf8')][string]$Encoding = 'gbk'
    )
    Set-StrictMode -Version 3.0
    if (-not [System.IO.File]::Exists($Path)) { return $null }
    $enc = [System.Text.Encoding]::UTF8
    if ($Encoding -eq 'gbk') {
        try {
            $enc = [System.Text.Encoding]::GetEncoding(936)
        } catch {
            # .NET (PowerShell 7) knows code page 936 only once the code-pages provider is registered.
            [System.Text.Encoding]::RegisterProvider([System.Text.CodePagesEncodingProvider]::Instance)
            $enc = [System.Text.Encoding]::GetEncoding(936)
        }
    }
    try {
        return [System.IO.File]::ReadAllText($Path, $enc)
    } catch [System.IO.IOException] {
        return $null
    } catch [System.UnauthorizedAccessException] {
        return $null
    }
}

function Remove-PortFile {
    <#
    .SYNOPSIS
    Deletes a file (File.Delete): $true when it is gone afterwards (also when it never existed).
    #>
    param([Parameter(Mandatory = $true)][string]$Path)
    Set-StrictMode -Version 3.0
    try {
        if ([System.IO.File]::Exists($Path)) { [System.IO.File]::Delete($Path) }
    } catch [System.IO.IOException] {
        return $false
    } catch [System.UnauthorizedAccessException] {
        return $false
    }
    return (-not [System.IO.File]::Exists($Path))
}
