// ThsUser32.Messages.cs - SendMessageTimeoutW (abort-if-hung) and PostMessageW with long handles.
using System;
using System.Runtime.InteropServices;
using System.Text;

public static partial class ThsUser32
{
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

    /// <summary>Each window's text as SendTimeout(WM_GETTEXTLENGTH) then SendTimeoutGetText(WM_GETTEXT) would read it,
    /// in one call for a batch of labels; null for a window that is hung or gone.</summary>
    public static string[] GetTexts(long[] handles, uint timeoutMs)
    {
        const uint WM_GETTEXT = 0x000D;
        const uint WM_GETTEXTLENGTH = 0x000E;
        string[] texts = new string[handles.Length];
        for (int i = 0; i < handles.Length; i++)
        {
            long length;
            int error;
            if (!SendTimeout(handles[i], WM_GETTEXTLENGTH, 0, 0, timeoutMs, out length, out error)) { continue; }
            if (length <= 0) { texts[i] = ""; continue; }
            string text;
            if (SendTimeoutGetText(handles[i], WM_GETTEXT, (int)length + 1, timeoutMs, out text, out error)) { texts[i] = text; }
        }
        return texts;
    }

    /// <summary>PostMessageW (returns at once; for clicks that open a modal dialog).</summary>
    public static bool PostMessage(long hWnd, uint msg, long wParam, long lParam)
    {
        return NativePostMessage(new IntPtr(hWnd), msg, new IntPtr(wParam), new IntPtr(lParam));
    }
}
