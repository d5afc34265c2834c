// ThsUser32.Windows.cs - enumerating windows and reading their facts (class, text, owner, parent, control id).
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

public static partial class ThsUser32
{
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

    // ---- layout and process (doctor) ----
    /// <summary>GetWindowRect: screen coordinates { left, top, right, bottom }, or null when the window is gone.</summary>
    public static int[] GetWindowRectangle(long hWnd)
    {
        RECT r;
        if (!NativeGetWindowRect(new IntPtr(hWnd), out r)) return null;
        return new int[] { r.Left, r.Top, r.Right, r.Bottom };
    }

    /// <summary>GetWindowLongW(GWL_STYLE): the style bits as an unsigned 32-bit value (0 when the window is gone).</summary>
    public static long GetWindowStyle(long hWnd)
    {
        return (long)(uint)NativeGetWindowLong(new IntPtr(hWnd), GWL_STYLE);
    }

    /// <summary>OpenProcess + QueryFullProcessImageNameW: the process's exe path, or null (access denied, gone).</summary>
    public static string GetProcessImagePath(uint processId)
    {
        IntPtr process = NativeOpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, false, processId);
        if (process == IntPtr.Zero) return null;
        try
        {
            StringBuilder sb = new StringBuilder(1024);
            uint size = (uint)sb.Capacity;
            if (!NativeQueryFullProcessImageName(process, 0, sb, ref size)) return null;
            return sb.ToString(0, (int)size);
        }
        finally
        {
            NativeCloseHandle(process);
        }
    }
}
