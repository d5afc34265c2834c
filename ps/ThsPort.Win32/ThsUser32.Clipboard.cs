// ThsUser32.Clipboard.cs - reading CF_UNICODETEXT on a dedicated STA thread, and the process elevation check.
using System;
using System.Runtime.InteropServices;
using System.Threading;

public static partial class ThsUser32
{
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
