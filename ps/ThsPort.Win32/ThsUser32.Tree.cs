// ThsUser32.Tree.cs - the items of another process's tree view (SysTreeView32): TVM_GETNEXTITEM walks it (TVGN_ROOT,
// then TVGN_CHILD / TVGN_NEXT, depth first), TVM_GETITEMW reads each item's text through a TVITEMW written into a
// buffer allocated in the target process (VirtualAllocEx + WriteProcessMemory, read back with ReadProcessMemory), and
// TVM_GETNEXTITEM(TVGN_CARET) names the selected item. Every SendMessageTimeoutW is abort-if-hung and bounded by the
// caller's timeout. The real xiadan.exe is 32-bit: under WOW64 it gets the 32-bit TVITEMW layout.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

public static partial class ThsUser32
{
    public const uint TVM_GETNEXTITEM = 0x110A;
    public const uint TVM_GETITEMW = 0x113E;
    public const int TVGN_ROOT = 0;
    public const int TVGN_NEXT = 1;
    public const int TVGN_CHILD = 4;
    public const int TVGN_CARET = 9;
    public const uint TVIF_TEXT = 0x0001;
    public const uint TVIF_HANDLE = 0x0010;
    /// <summary>The walk stops after this many items: a menu tree has tens; a cycle or a huge tree must not run on.</summary>
    public const int TREE_MAX_ITEMS = 4096;
    /// <summary>A whole read gives up after this long, with ERROR_TIMEOUT (each message is bounded too, but thousands of
    /// them are not).</summary>
    public const int TREE_READ_BUDGET_MS = 10000;
    /// <summary>The longest item text read (characters, terminator included); comctl32 cuts a longer one.</summary>
    public const int TREE_TEXT_CHARS = 1024;
    /// <summary>Room for a TVITEMW of either layout (40 bytes 32-bit, 56 bytes 64-bit); the text buffer follows it.</summary>
    public const int TREE_STRUCT_BYTES = 64;
    /// <summary>The error of an item the tree refused (TVM_GETITEMW returned FALSE: it went away during the walk).</summary>
    public const int ERROR_INVALID_HANDLE = 6;
    /// <summary>The error when a TVITEMW of the target's layout cannot be written (a 32-bit us, a 64-bit tree).</summary>
    public const int ERROR_NOT_SUPPORTED = 50;

    /// <summary>One item of a tree view: its handle (HTREEITEM), its parent's (0 = a top item), text, selected.</summary>
    public sealed class TreeItem
    {
        public long Handle { get; set; }
        public long Parent { get; set; }
        public string Text { get; set; }
        public bool Selected { get; set; }
    }

    [DllImport("kernel32.dll", EntryPoint = "WriteProcessMemory", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool NativeWriteProcessMemory(IntPtr hProcess, IntPtr lpBaseAddress, byte[] lpBuffer, UIntPtr nSize,
        out UIntPtr lpNumberOfBytesWritten);

    [DllImport("kernel32.dll", EntryPoint = "IsWow64Process", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool NativeIsWow64Process(IntPtr hProcess, [MarshalAs(UnmanagedType.Bool)] out bool wow64Process);

    /// <summary>
    /// The items of a tree view in tree order (pre-order, depth first), or null when the window's process cannot be
    /// opened, a message timed out or failed (hung, gone), an item was refused or a memory read failed.
    /// error = GetLastError of the step that failed, else 0.
    /// </summary>
    public static TreeItem[] ReadTreeItems(long hWnd, uint timeoutMs, out int error)
    {
        error = 0;
        IntPtr process = OpenWindowProcess(hWnd, out error);
        if (process == IntPtr.Zero) return null;
        int bytes = TREE_STRUCT_BYTES + TREE_TEXT_CHARS * 2;
        IntPtr remote = IntPtr.Zero;
        try
        {
            int pointerSize = TargetPointerSize(process, out error);
            if (pointerSize == 0) return null;
            remote = NativeVirtualAllocEx(process, IntPtr.Zero, new UIntPtr((uint)bytes), MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
            if (remote == IntPtr.Zero) { error = Marshal.GetLastWin32Error(); return null; }
            // a WOW64 process's memory lies below 4 GB; a 32-bit TVITEMW could not hold another address
            if (pointerSize == 4 && (remote.ToInt64() >> 32) != 0) { error = ERROR_NOT_SUPPORTED; return null; }
            long selected;
            if (!SendTimeout(hWnd, TVM_GETNEXTITEM, TVGN_CARET, 0, timeoutMs, out selected, out error)) return null;
            long item;
            if (!SendTimeout(hWnd, TVM_GETNEXTITEM, TVGN_ROOT, 0, timeoutMs, out item, out error)) return null;
            List<TreeItem> items = new List<TreeItem>();
            // The ancestors of the current item's parent, so the walk can climb back to an uncle.
            Stack<long> ancestors = new Stack<long>();
            long parent = 0;
            byte[] buffer = new byte[bytes];
            System.Diagnostics.Stopwatch watch = System.Diagnostics.Stopwatch.StartNew();
            while (item != 0 && items.Count < TREE_MAX_ITEMS)
            {
                if (watch.ElapsedMilliseconds > TREE_READ_BUDGET_MS) { error = ERROR_TIMEOUT; return null; }
                string text = ReadTreeItemText(process, hWnd, remote, pointerSize, item, buffer, timeoutMs, out error);
                if (text == null) return null;
                TreeItem entry = new TreeItem();
                entry.Handle = item;
                entry.Parent = parent;
                entry.Text = text;
                entry.Selected = (item == selected);
                items.Add(entry);
                long next;
                if (!SendTimeout(hWnd, TVM_GETNEXTITEM, TVGN_CHILD, item, timeoutMs, out next, out error)) return null;
                if (next != 0)
                {
                    ancestors.Push(parent);
                    parent = item;
                    item = next;
                    continue;
                }
                if (!SendTimeout(hWnd, TVM_GETNEXTITEM, TVGN_NEXT, item, timeoutMs, out next, out error)) return null;
                while (next == 0 && parent != 0)
                {
                    item = parent;
                    parent = ancestors.Pop();
                    if (!SendTimeout(hWnd, TVM_GETNEXTITEM, TVGN_NEXT, item, timeoutMs, out next, out error)) return null;
                }
                item = next;
            }
            return items.ToArray();
        }
        finally
        {
            if (remote != IntPtr.Zero) NativeVirtualFreeEx(process, remote, UIntPtr.Zero, MEM_RELEASE);
            NativeCloseHandle(process);
        }
    }

    /// <summary>
    /// The size of a pointer in the target process: 4 under WOW64 or on a 32-bit Windows, else 8; 0 (error set) when
    /// it cannot be told or our process cannot address it.
    /// </summary>
    private static int TargetPointerSize(IntPtr process, out int error)
    {
        error = 0;
        bool targetWow64;
        if (!NativeIsWow64Process(process, out targetWow64)) { error = Marshal.GetLastWin32Error(); return 0; }
        bool selfWow64;
        if (!NativeIsWow64Process(NativeGetCurrentProcess(), out selfWow64)) { error = Marshal.GetLastWin32Error(); return 0; }
        bool windows64 = (IntPtr.Size == 8) || selfWow64;
        int size = (windows64 && !targetWow64) ? 8 : 4;
        if (size > IntPtr.Size) { error = ERROR_NOT_SUPPORTED; return 0; }
        return size;
    }

    /// <summary>
    /// One item's text: TVITEMW { mask = TVIF_TEXT | TVIF_HANDLE, hItem, pszText = the remote text buffer, cchTextMax }
    /// in the target's layout, TVM_GETITEMW, then the struct and the text read back. null (error set) on a failure.
    /// </summary>
    private static string ReadTreeItemText(IntPtr process, long hWnd, IntPtr remote, int pointerSize, long item, byte[] buffer,
        uint timeoutMs, out int error)
    {
        error = 0;
        long textAddress = remote.ToInt64() + TREE_STRUCT_BYTES;
        // 32-bit: mask@0 hItem@4 state@8 stateMask@12 pszText@16 cchTextMax@20; 64-bit: mask@0 hItem@8 state@16
        // stateMask@20 pszText@24 cchTextMax@32. The first text character is cleared too: an item without text
        // leaves the buffer as it was, which must not show the previous item's text.
        int textField = (pointerSize == 8) ? 24 : 16;
        int maxField = (pointerSize == 8) ? 32 : 20;
        byte[] tvItem = new byte[TREE_STRUCT_BYTES + 2];
        WriteInt32(tvItem, 0, (int)(TVIF_TEXT | TVIF_HANDLE));
        WritePointer(tvItem, pointerSize, pointerSize, item);
        WritePointer(tvItem, textField, pointerSize, textAddress);
        WriteInt32(tvItem, maxField, TREE_TEXT_CHARS);
        UIntPtr done;
        if (!NativeWriteProcessMemory(process, remote, tvItem, new UIntPtr((uint)tvItem.Length), out done))
        {
            error = Marshal.GetLastWin32Error();
            return null;
        }
        long ok;
        if (!SendTimeout(hWnd, TVM_GETITEMW, 0, remote.ToInt64(), timeoutMs, out ok, out error)) return null;
        if (ok == 0) { error = ERROR_INVALID_HANDLE; return null; }
        if (!NativeReadProcessMemory(process, remote, buffer, new UIntPtr((uint)buffer.Length), out done))
        {
            error = Marshal.GetLastWin32Error();
            return null;
        }
        // an item without text may come back with pszText NULL
        long textPointer = (pointerSize == 8) ? BitConverter.ToInt64(buffer, textField) : BitConverter.ToUInt32(buffer, textField);
        if (textPointer == 0) return "";
        string text = System.Text.Encoding.Unicode.GetString(buffer, TREE_STRUCT_BYTES, (TREE_TEXT_CHARS - 1) * 2);
        int nul = text.IndexOf('\0');
        return (nul >= 0) ? text.Substring(0, nul) : text;
    }

    private static void WriteInt32(byte[] target, int offset, int value)
    {
        Array.Copy(BitConverter.GetBytes(value), 0, target, offset, 4);
    }

    /// <summary>A pointer-sized field: the low 4 bytes for a 32-bit target (its addresses fit), else all 8.</summary>
    private static void WritePointer(byte[] target, int offset, int pointerSize, long value)
    {
        if (pointerSize == 8) Array.Copy(BitConverter.GetBytes(value), 0, target, offset, 8);
        else WriteInt32(target, offset, unchecked((int)value));
    }
}
