// PsHost.cs - runs one .ps1 file in a PowerShell engine, like `pwsh -File`, with the process's real stdio.
// Built for win-x64 and run under Wine (pwsh.exe itself prints nothing there when its stdio are pipes).
// Usage: ths-pshost.exe [-NoProfile] [-NonInteractive] [-NoLogo] [-ExecutionPolicy P] -File <script.ps1> [script args]
//        ths-pshost.exe <script.ps1> [-Name value | -Switch | positional]...
// The first form is what the bridge passes to powershell.exe / pwsh (src/app/server.ts workerArgs); the profile and
// interactivity flags change nothing here (no profile is ever loaded, nothing is ever prompted); -ExecutionPolicy sets
// the policy of this process (default Bypass). -Command / -EncodedCommand are refused: only scripts run here.
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
        string scriptArg;
        int scriptArgsFrom;
        var policy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
        string problem = ParseHostArguments(args, out scriptArg, out scriptArgsFrom, ref policy);
        if (problem != null) {
            StdErr.WriteLine("ths-pshost: " + problem);
            StdErr.WriteLine("usage: ths-pshost [-NoProfile] [-NonInteractive] [-ExecutionPolicy P] -File <script.ps1> [script arguments...]");
            return EXIT_USAGE;
        }
        string script = Path.GetFullPath(scriptArg);
        if (!File.Exists(script)) {
            StdErr.WriteLine("ths-pshost: script not found: " + script);
            return EXIT_USAGE;
        }

        var iss = InitialSessionState.CreateDefault2();
        iss.ExecutionPolicy = policy;
        using (var runspace = RunspaceFactory.CreateRunspace(iss)) {
            runspace.Open();
            using (var ps = PowerShell.Create()) {
                ps.Runspace = runspace;
                ps.AddCommand(script);
                AddScriptArguments(ps, args, scriptArgsFrom);
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

    // The host's own flags, as pwsh / powershell.exe take them (case-insensitive, with their short forms), up to the
    // script: "-File <script>" or, in the old form, the first argument that is not a flag. Returns what is wrong, or null.
    static string ParseHostArguments(string[] args, out string script, out int scriptArgsFrom, ref Microsoft.PowerShell.ExecutionPolicy policy)
    {
        script = null;
        scriptArgsFrom = args.Length;
        for (int i = 0; i < args.Length; i++) {
            string a = args[i];
            switch (a.ToLowerInvariant()) {
                case "-noprofile": case "-nop": case "-noninteractive": case "-noni": case "-nologo":
                    continue;
                case "-executionpolicy": case "-ep": case "-ex":
                    if (i + 1 >= args.Length) return a + " needs a policy (Bypass, Unrestricted, RemoteSigned, AllSigned, Restricted)";
                    Microsoft.PowerShell.ExecutionPolicy p;
                    if (!Enum.TryParse(args[i + 1], true, out p)) return "unknown execution policy: " + args[i + 1];
                    policy = p;
                    i++;
                    continue;
                case "-file": case "-f":
                    if (i + 1 >= args.Length) return a + " needs a script path";
                    script = args[i + 1];
                    scriptArgsFrom = i + 2;
                    return null;
                case "-command": case "-c": case "-encodedcommand": case "-e": case "-ec":
                    return a + " is not supported: this host runs script files only (-File <script.ps1>)";
            }
            if (a.StartsWith("-")) return "unknown option " + a + " (before -File)";
            script = a;
            scriptArgsFrom = i + 1;
            return null;
        }
        return "no script: pass -File <script.ps1>";
    }

    // pwsh-style script arguments from args[from]: "-Name value", "-Name:value", "-Switch" (followed by another -Name
    // or nothing), anything else positional.
    static void AddScriptArguments(PowerShell ps, string[] args, int from)
    {
        for (int i = from; i < args.Length; i++) {
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
