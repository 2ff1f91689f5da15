// Types of chromium.mjs, for the TypeScript e2e tests.
export declare const chromiumExecutable: string;
export declare const chromiumArgs: readonly string[];
