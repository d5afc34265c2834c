// PsHost.cs - runs one .ps1 file in a PowerShell engine, like `pwsh -File`, with the process's real stdio.
// Built for win-x64 and run under Wine (pwsh.exe itself prints nothing there when its stdio are pipes).
// Usage: ths-pshost.exe <script.ps1> [-Name value | -Switch | positional]...
// stdout: the script's output objects, Write-Host, warnings / verbose / debug (as pwsh -File prints them);
// stderr: errors and the host's own diagnostics. Exit code: the script's `exit n`, else 1 after a terminating
// error, else 0.
using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;

public static class PsHost
{
    // Exit codes of the host itself (the script's own codes pass through unchanged).
    const int EXIT_USAGE = 64;
    const int EXIT_SCRIPT_FAILED = 1;

    static readonly object WriteLock = new object();
    static TextWriter StdOut;
    static TextWriter StdErr;

    public static int Main(string[] args)
    {
        var utf8 = new UTF8Encoding(false);
        StdOut = new StreamWriter(Console.OpenStandardOutput(), utf8) { AutoFlush = true };
        StdErr = new StreamWriter(Console.OpenStandardError(), utf8) { AutoFlush = true };
        if (args.Length < 1) {
            StdErr.WriteLine("usage: ths-pshost <script.ps1> [script arguments...]");
            return EXIT_USAGE;
        }
        string script = Path.GetFullPath(args[0]);
        if (!File.Exists(script)) {
            StdErr.WriteLine("ths-pshost: script not found: " + script);
            return EXIT_USAGE;
        }

        var iss = InitialSessionState.CreateDefault2();
        iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
        using (var runspace = RunspaceFactory.CreateRunspace(iss)) {
            runspace.Open();
            using (var ps = PowerShell.Create()) {
                ps.Runspace = runspace;
                ps.AddCommand(script);
                AddScriptArguments(ps, args);
                HookStreams(ps);
                var output = new PSDataCollection<PSObject>();
                output.DataAdded += (s, e) => WriteOut(FormatObject(output[e.Index]));
                bool failed = false;
                try {
                    ps.Invoke(null, output);
                } catch (RuntimeException ex) {
                    WriteErr(ex.ErrorRecord != null ? ex.ErrorRecord.ToString() : ex.Message);
                    failed = true;
                } catch (Exception ex) {
                    WriteErr("ths-pshost: " + ex);
                    failed = true;
                }
                object last = runspace.SessionStateProxy.GetVariable("LASTEXITCODE");
                if (last != null) {
                    try { return Convert.ToInt32(last); } catch (Exception) { }
                }
                return (failed || ps.HadErrors && ps.InvocationStateInfo.State == PSInvocationState.Failed)
                    ? EXIT_SCRIPT_FAILED : 0;
            }
        }
    }

    // pwsh-style script arguments: "-Name value", "-Name:value", "-Switch" (followed by another -Name or nothing),
    // anything else positional.
    static void AddScriptArguments(PowerShell ps, string[] args)
    {
        for (int i = 1; i < args.Length; i++) {
            string a = args[i];
            if (a.Length > 1 && a[0] == '-' && !char.IsDigit(a[1]) && a[1] != '.') {
                string name = a.Substring(1);
                int colon = name.IndexOf(':');
                if (colon > 0) {
                    ps.AddParameter(name.Substring(0, colon), name.Substring(colon + 1));
                } else if (i + 1 < args.Length && !LooksLikeParameterName(args[i + 1])) {
                    ps.AddParameter(name, args[i + 1]);
                    i++;
                } else {
                    ps.AddParameter(name);
                }
            } else {
                ps.AddArgument(a);
            }
        }
    }

    static bool LooksLikeParameterName(string a)
    {
        return a.Length > 1 && a[0] == '-' && !char.IsDigit(a[1]) && a[1] != '.';
    }

    static void HookStreams(PowerShell ps)
    {
        ps.Streams.Error.DataAdded += (s, e) => WriteErr(ps.Streams.Error[e.Index].ToString());
        ps.Streams.Warning.DataAdded += (s, e) => WriteOut("WARNING: " + ps.Streams.Warning[e.Index].Message);
        ps.Streams.Verbose.DataAdded += (s, e) => WriteOut("VERBOSE: " + ps.Streams.Verbose[e.Index].Message);
        ps.Streams.Debug.DataAdded += (s, e) => WriteOut("DEBUG: " + ps.Streams.Debug[e.Index].Message);
        ps.Streams.Information.DataAdded += (s, e) => {
            var rec = ps.Streams.Information[e.Index];
            WriteOut(rec.MessageData == null ? "" : rec.MessageData.ToString());
        };
    }

    static string FormatObject(PSObject o)
    {
        if (o == null) return "";
        object b = o.BaseObject;
        return b == null ? "" : o.ToString();
    }

    static void WriteOut(string line)
    {
        lock (WriteLock) { StdOut.WriteLine(line); }
    }

    static void WriteErr(string line)
    {
        lock (WriteLock) { StdErr.WriteLine(line); }
    }
}
