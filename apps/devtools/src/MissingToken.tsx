import { AlertLine } from './AlertLine.tsx';

/** Said before anything else: without the token every request is refused and the panel would only retry. */
export function MissingToken() {
  return (
    <AlertLine>
      No token in this page’s address. Open the address the devtools server printed (it ends in #token=…).
    </AlertLine>
  );
}
