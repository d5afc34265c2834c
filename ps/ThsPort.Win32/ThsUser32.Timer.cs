// ThsUser32.Timer.cs - this process's timer resolution. Windows ends a Sleep at its timer's next tick, every 15.6 ms
// unless the process asks for a finer one with winmm's timeBeginPeriod; since Windows 10 2004 the request holds for
// the asking process only, and it lasts until the process exits. The worker's polls sleep a few milliseconds each.
using System;
using System.Runtime.InteropServices;

public static partial class ThsUser32
{
    public const uint TIMERR_NOERROR = 0;

    [DllImport("winmm.dll", EntryPoint = "timeBeginPeriod")]
    private static extern uint NativeTimeBeginPeriod(uint uPeriod);

    /// <summary>Asks for a timer of this many milliseconds for the rest of this process's life; true when granted.</summary>
    public static bool RequestTimerPeriod(uint milliseconds)
    {
        try
        {
            return NativeTimeBeginPeriod(milliseconds) == TIMERR_NOERROR;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }
}
