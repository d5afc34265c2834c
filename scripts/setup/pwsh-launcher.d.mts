// Types of pwsh-launcher.mjs (plain JavaScript: setup runs under whatever Node the machine has), for the tests.
export declare function writePwshLauncher(toolsDir: string, version: string, host: string | undefined): string | undefined;
