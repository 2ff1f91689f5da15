// The few globals every runtime Breakwater supports (Node >= 20, browsers, web workers) shares.
// The core compiles against ES2022 only, so anything platform-specific (window, process, Buffer,
// node:*) is a compile error; what is declared here exists everywhere.

declare function setTimeout(callback: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare function queueMicrotask(callback: () => void): void;

interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
  throwIfAborted(): void;
}
declare var AbortSignal: {
  prototype: AbortSignal;
  abort(reason?: unknown): AbortSignal;
};

interface AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}
declare var AbortController: { prototype: AbortController; new (): AbortController };

/** Present in Node and browsers; read through `globalThis` because a worker shim may lack it. */
declare var performance: { now(): number; readonly timeOrigin: number } | undefined;
