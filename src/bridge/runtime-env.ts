// runtime-env.ts - the runtime settings every PowerShell worker starts with, unless the environment already sets them.
// They matter to pwsh 7 (.NET 8+); Windows PowerShell 5.1 (.NET Framework) reads none of these variables.

/**
 * - DOTNET_TieredPGO=0: no instrumented tier between the quick JIT and the optimised code. A worker's first few
 *   hundred commands run 2x faster with it (bench item 2, `first 100` row), the steady pace is the same.
 * - DOTNET_GCgen0size=0x2000000 (32 MiB): PowerShell allocates ~7 MB per balance read (every function call builds
 *   its scope); with the budget the runtime picks on small VMs (~2 MiB here) that was 3-4 gen0 collections per
 *   command. Costs up to its size in a busy worker's RSS (bench item 5).
 * - POWERSHELL_TELEMETRY_OPTOUT=1: pwsh 7 sends no usage telemetry to Microsoft at each start (PowerShell's
 *   about_Telemetry): a trading PC's worker calls nobody, and its start is ~50 ms shorter (`pwsh -Command exit`, 6
 *   alternated pairs here: 0.78 -> 0.73 s).
 */
export const WORKER_RUNTIME_ENV: Readonly<Record<string, string>> = {
  DOTNET_TieredPGO: '0',
  DOTNET_GCgen0size: '0x2000000',
  POWERSHELL_TELEMETRY_OPTOUT: '1',
};

/**
 * The environment a worker is spawned with: the parent's, with WORKER_RUNTIME_ENV's settings where the parent sets
 * none (a user's own value wins), then the caller's extras.
 */
export function workerEnv(parent: NodeJS.ProcessEnv, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...parent };
  for (const [name, value] of Object.entries(WORKER_RUNTIME_ENV)) {
    env[name] ??= value;
  }
  return { ...env, ...extra };
}
