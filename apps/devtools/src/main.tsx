// The standalone panel, as `startDevtoolsServer` serves it: the page is opened at `…/#token=<token>`. The
// token stays in the fragment (never sent in a request line, never in a Referer); the API is next to the page.
// A fleet: `…/#token=<token>&source=<another bot's printed address>&source=…` shows every process in one panel
// (each server lists the others in `fleetOrigins`, for CORS and this page's CSP; `npm run fleet` sets it up).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import {
  BreakwaterDevtools,
  FleetDevtools,
  parsePanelAddress,
  remoteSource,
  type PanelProcess,
} from '@breakwater/devtools';
import { MissingToken } from './MissingToken.tsx';
import { BadAddress } from './BadAddress.tsx';

let processes: PanelProcess[] | undefined;
let problem: string | undefined;
try {
  processes = parsePanelAddress(location.href);
} catch (error) {
  problem = error instanceof Error ? error.message : String(error);
}
const own = processes?.[0] ?? {
  url: new URL('.', location.href).href,
  token: new URLSearchParams(location.hash.slice(1)).get('token') ?? undefined,
};
const fleet =
  processes !== undefined && processes.length > 1
    ? processes.map((p) => ({
        label: p.label,
        source: remoteSource(p.url, p.token === undefined ? {} : { token: p.token }),
      }))
    : undefined;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {own.token === undefined && <MissingToken />}
    {problem !== undefined && <BadAddress message={problem} />}
    {fleet ? (
      <FleetDevtools sources={fleet} />
    ) : (
      <BreakwaterDevtools url={own.url} token={own.token} embedded initialOpen />
    )}
  </StrictMode>,
);
