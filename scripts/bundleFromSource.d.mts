// Types of bundleFromSource.mjs, for the TypeScript tests that bundle child processes with it.
export declare function bundleFromSource(entry: string, outfile: string): Promise<string>;
export declare function importFromSource(entry: string, outfile: string): Promise<Record<string, unknown>>;
