// Debian's chromium as the e2e tests and the IndexedDB bench launch it (through playwright-core).

/** Where chromium is: `BREAKWATER_CHROMIUM`, or Debian's package. */
export const chromiumExecutable = process.env.BREAKWATER_CHROMIUM ?? '/usr/bin/chromium';

/** Without the networking flags Chromium keeps dialing out (and is refused) on these machines. */
export const chromiumArgs = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);
