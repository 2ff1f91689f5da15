// What a browser bundle gets when it imports @breakwater/node: a clear failure at load, not a cryptic one
// about `node:fs` deep in a bundler's output.
throw new Error(
  '@breakwater/node runs in Node only (it uses the file system and an HTTP server). ' +
    'In the browser use @breakwater/browser (indexedDbStore) and @breakwater/core.',
);
export {};
