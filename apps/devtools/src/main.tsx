// The standalone panel, as `startDevtoolsServer` serves it: the page is opened at `…/#token=<token>`. The
// token stays in the fragment (never sent in a request line, never in a Referer); the API is next to the page.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BreakwaterDevtools } from '@breakwater/devtools';
import { MissingToken } from './MissingToken.tsx';

const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? undefined;
const apiBase = new URL('.', location.href).href;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {token === undefined && <MissingToken />}
    <BreakwaterDevtools url={apiBase} token={token} embedded initialOpen />
  </StrictMode>,
);
