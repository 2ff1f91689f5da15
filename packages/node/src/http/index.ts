// @breakwater/node/http — the small HTTP pieces Breakwater's own loopback servers share (the devtools server,
// the exchange simulator). Not a web framework: just what both need, written once.
export { serveStaticFile, isFile, type StaticFileOptions } from './serveStaticFile.ts';
export { sendText } from './sendText.ts';
export { listen } from './listen.ts';
export { readJsonBody, BodyError } from './readJsonBody.ts';
export { isLoopbackHost } from './isLoopbackHost.ts';
