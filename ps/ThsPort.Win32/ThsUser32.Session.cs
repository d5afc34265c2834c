// ThsUser32.Session.cs - whether this process's Windows session is locked: WTSQuerySessionInformationW with
// WTSSessionInfoEx (Windows 7 / Server 2008 R2 and later), read from WTSINFOEXW's SessionFlags. On Windows 7 and
// Server 2008 R2 the two flag values are reversed (a documented defect), so the value is turned there.
using System;
using System.Runtime.InteropServices;

public static partial class ThsUser32
{
    public const int WTSSessionInfoEx = 25;
    public const int WTS_SESSIONSTATE_LOCK = 0;
    public const int WTS_SESSIONSTATE_UNLOCK = 1;
    public const uint WTS_CURRENT_SESSION = 0xFFFFFFFF;
    /// <summary>WTSINFOEXW: DWORD Level, then the 8-aligned union whose level-1 struct starts SessionId, SessionState, SessionFlags.</summary>
    public const int WTSINFOEX_SESSIONFLAGS_OFFSET = 16;

    [DllImport("wtsapi32.dll", EntryPoint = "WTSQuerySessionInformationW", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool NativeWTSQuerySessionInformation(IntPtr hServer, uint sessionId, int infoClass, out IntPtr buffer,
        out uint bytesReturned);

    [DllImport("wtsapi32.dll", EntryPoint = "WTSFreeMemory")]
    private static extern void NativeWTSFreeMemory(IntPtr memory);

    /// <summary>
    /// 1 when this process's session is locked, 0 when it is not, -1 when it cannot be told (older Windows, no
    /// wtsapi32, the query failed or answered WTS_SESSIONSTATE_UNKNOWN).
    /// </summary>
    public static int GetSessionLockState()
    {
        Version os = Environment.OSVersion.Version;
        if (os.Major < 6 || (os.Major == 6 && os.Minor < 1)) return -1;
        IntPtr buffer = IntPtr.Zero;
        uint bytes = 0;
        try
        {
            if (!NativeWTSQuerySessionInformation(IntPtr.Zero, WTS_CURRENT_SESSION, WTSSessionInfoEx, out buffer, out bytes)) return -1;
        }
        catch (DllNotFoundException)
        {
            return -1;
        }
        catch (EntryPointNotFoundException)
        {
            return -1;
        }
        try
        {
            if (buffer == IntPtr.Zero || bytes < WTSINFOEX_SESSIONFLAGS_OFFSET + 4) return -1;
            if (Marshal.ReadInt32(buffer, 0) != 1) return -1;
            int flags = Marshal.ReadInt32(buffer, WTSINFOEX_SESSIONFLAGS_OFFSET);
            bool reversed = os.Major == 6 && os.Minor == 1;
            if (flags == WTS_SESSIONSTATE_LOCK) return reversed ? 0 : 1;
            if (flags == WTS_SESSIONSTATE_UNLOCK) return reversed ? 1 : 0;
            return -1;
        }
        finally
        {
            if (buffer != IntPtr.Zero) NativeWTSFreeMemory(buffer);
        }
    }
}
