// ThsUser32.StatusBar.cs - the texts of another process's status bar (msctls_statusbar32): SB_GETPARTS, then
// SB_GETTEXTLENGTHW + SB_GETTEXTW per part, into a buffer allocated in the target process (VirtualAllocEx) and read
// back with ReadProcessMemory. Every SendMessageTimeoutW is abort-if-hung and bounded by the caller's timeout.
using System;
using System.Runtime.InteropServices;

public static partial class ThsUser32
{
    public const uint SB_GETPARTS = 0x0406;        // WM_USER + 6
    public const uint SB_GETTEXTLENGTHW = 0x040C;  // WM_USER + 12
    public const uint SB_GETTEXTW = 0x040D;        // WM_USER + 13
    public const int SB_MAX_PARTS = 256;
    public const uint PROCESS_VM_OPERATION = 0x0008;
    public const uint PROCESS_VM_READ = 0x0010;
    public const uint PROCESS_VM_WRITE = 0x0020;
    public const uint PROCESS_QUERY_INFORMATION = 0x0400;
    public const uint MEM_COMMIT = 0x1000;
    public const uint MEM_RESERVE = 0x2000;
    public const uint MEM_RELEASE = 0x8000;
    public const uint PAGE_READWRITE = 0x04;
    /// <summary>The remote buffer: room for SB_MAX_PARTS ints or a part text of this many characters.</summary>
    public const int SB_BUFFER_CHARS = 4096;

    [DllImport("kernel32.dll", EntryPoint = "VirtualAllocEx", SetLastError = true)]
    private static extern IntPtr NativeVirtualAllocEx(IntPtr hProcess, IntPtr lpAddress, UIntPtr dwSize, uint flAllocationType,
        uint flProtect);

    [DllImport("kernel32.dll", EntryPoint = "VirtualFreeEx", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool NativeVirtualFreeEx(IntPtr hProcess, IntPtr lpAddress, UIntPtr dwSize, uint dwFreeType);

    [DllImport("kernel32.dll", EntryPoint = "ReadProcessMemory", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool NativeReadProcessMemory(IntPtr hProcess, IntPtr lpBaseAddress, byte[] lpBuffer, UIntPtr nSize,
        out UIntPtr lpNumberOfBytesRead);

    /// <summary>
    /// The process of a window, opened to allocate, write and read its memory (the remote buffer of a message that
    /// takes a pointer); IntPtr.Zero (error = GetLastError) when the window is gone or the process cannot be opened.
    /// The caller closes it.
    /// </summary>
    private static IntPtr OpenWindowProcess(long hWnd, out int error)
    {
        error = 0;
        uint pid;
        NativeGetWindowThreadProcessId(new IntPtr(hWnd), out pid);
        if (pid == 0) { error = Marshal.GetLastWin32Error(); return IntPtr.Zero; }
        IntPtr process = NativeOpenProcess(PROCESS_VM_OPERATION | PROCESS_VM_READ | PROCESS_VM_WRITE | PROCESS_QUERY_INFORMATION, false, pid);
        if (process == IntPtr.Zero) error = Marshal.GetLastWin32Error();
        return process;
    }

    /// <summary>
    /// The texts of a status bar's parts, or null when the window's process cannot be opened, a message timed out or
    /// failed (hung, gone). error = GetLastError of the step that failed, else 0.
    /// </summary>
    public static string[] ReadStatusBarTexts(long hWnd, uint timeoutMs, out int error)
    {
        error = 0;
        IntPtr process = OpenWindowProcess(hWnd, out error);
        if (process == IntPtr.Zero) return null;
        int bytes = SB_BUFFER_CHARS * 2;
        IntPtr remote = IntPtr.Zero;
        try
        {
            remote = NativeVirtualAllocEx(process, IntPtr.Zero, new UIntPtr((uint)bytes), MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
            if (remote == IntPtr.Zero) { error = Marshal.GetLastWin32Error(); return null; }
            long count;
            if (!SendTimeout(hWnd, SB_GETPARTS, SB_MAX_PARTS, remote.ToInt64(), timeoutMs, out count, out error)) return null;
            if (count < 0) count = 0;
            if (count > SB_MAX_PARTS) count = SB_MAX_PARTS;
            string[] texts = new string[count];
            byte[] buffer = new byte[bytes];
            for (int i = 0; i < count; i++)
            {
                long lengthAndType;
                if (!SendTimeout(hWnd, SB_GETTEXTLENGTHW, i, 0, timeoutMs, out lengthAndType, out error)) return null;
                int length = (int)(lengthAndType & 0xFFFF);
                if (length <= 0) { texts[i] = ""; continue; }
                if (length >= SB_BUFFER_CHARS) length = SB_BUFFER_CHARS - 1;
                long ignored;
                if (!SendTimeout(hWnd, SB_GETTEXTW, i, remote.ToInt64(), timeoutMs, out ignored, out error)) return null;
                UIntPtr read;
                if (!NativeReadProcessMemory(process, remote, buffer, new UIntPtr((uint)((length + 1) * 2)), out read))
                {
                    error = Marshal.GetLastWin32Error();
                    return null;
                }
                string text = System.Text.Encoding.Unicode.GetString(buffer, 0, length * 2);
                int nul = text.IndexOf('\0');
                texts[i] = (nul >= 0) ? text.Substring(0, nul) : text;
            }
            return texts;
        }
        finally
        {
            if (remote != IntPtr.Zero) NativeVirtualFreeEx(process, remote, UIntPtr.Zero, MEM_RELEASE);
            NativeCloseHandle(process);
        }
    }
}
