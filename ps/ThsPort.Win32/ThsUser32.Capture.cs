// ThsUser32.Capture.cs - the captcha image for OCR: PrintWindow into a DIB, written as a 24-bit BMP file.
using System;
using System.IO;
using System.Runtime.InteropServices;

public static partial class ThsUser32
{
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
}
