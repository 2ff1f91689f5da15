/** One process the standalone panel watches: its devtools server's base URL and token. */
export interface PanelProcess {
  /** `http://127.0.0.1:5002/` */
  url: string;
  token: string | undefined;
  /** What to call it until it names itself: `127.0.0.1:5002`. */
  label: string;
}

/**
 * What the standalone panel's address asks it to watch. The page's own server first (`#token=…`), then each
 * `source=` in the fragment: the whole address another bot's devtools server printed
 * (`http://127.0.0.1:5002/#token=…`), URL-encoded or as is. Everything is in the fragment, so no token ever
 * travels in a request line or a Referer. Throws a RangeError naming each bad `source` (never its token).
 */
export function parsePanelAddress(href: string): PanelProcess[] {
  const page = new URL(href);
  const params = new URLSearchParams(page.hash.slice(1));
  const own = new URL('.', page);
  const processes: PanelProcess[] = [{ url: own.href, token: params.get('token') ?? undefined, label: own.host }];
  const problems: string[] = [];
  params.getAll('source').forEach((given, i) => {
    const which = `source ${i + 1}`;
    let url: URL;
    try {
      url = new URL(given);
    } catch {
      problems.push(
        `${which} (${JSON.stringify(withoutToken(given))}) is not an address like http://127.0.0.1:5002/#token=…`,
      );
      return;
    }
    const shown = `${url.origin}${url.pathname}`;
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      problems.push(`${which} (${shown}) is not an http(s) address`);
      return;
    }
    const token = new URLSearchParams(url.hash.slice(1)).get('token');
    if (token === null || !/^[\x21-\x7e]+$/.test(token)) {
      problems.push(`${which} (${shown}) has no #token=…: give the whole address its bot printed`);
      return;
    }
    const base = new URL('.', `${url.origin}${url.pathname}`).href;
    if (processes.some((p) => p.url === base)) {
      problems.push(`${which} (${shown}) is listed twice (or is this page's own server)`);
      return;
    }
    processes.push({ url: base, token, label: url.host });
  });
  if (problems.length > 0) throw new RangeError(`Bad fleet address: ${problems.join('; ')}`);
  return processes;
}

/** A value that failed to parse may still hold a token: keep only what comes before the fragment. */
function withoutToken(text: string): string {
  const cut = text.indexOf('#');
  return cut === -1 ? text : `${text.slice(0, cut)}#…`;
}
