// Types of pwsh-launcher.mjs (plain JavaScript: setup runs under whatever Node the machine has), for the tests.
export declare const LAUNCHER_NAME: string;
export declare function findToolDll(toolsDir: string, version: string): string | undefined;
export declare function launcherText(dllRel: string, host: string): string;
export declare function writePwshLauncher(toolsDir: string, version: string, host: string | undefined): string | undefined;
