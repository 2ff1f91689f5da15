// The trading screen, as the simulator serves it (`--static apps/trading-ui/dist`): the exchange API is next
// to the page, so the base URL is the page's own directory. History and breakers live in IndexedDB
// (`breakwater-trading-ui`) and come back on reload; a devtools tab of the same origin can watch this one.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ErrorHandler } from '@breakwater/core';
import { broadcastDevtools, indexedDbStore } from '@breakwater/browser';
import { App } from './App.tsx';
import { HANDLER_CONFIG, TradingSession } from './session.ts';

const handler = new ErrorHandler(HANDLER_CONFIG, { store: indexedDbStore({ dbName: 'breakwater-trading-ui' }) });
await handler.restore();
broadcastDevtools(handler);
addEventListener('pagehide', () => void handler.flush());

const session = new TradingSession(handler, new URL('.', location.href).href);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App session={session} />
  </StrictMode>,
);
