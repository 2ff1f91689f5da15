import { AlertLine } from './AlertLine.tsx';

/** A fleet address with a bad `source=`: said plainly, and this page's own process is shown meanwhile. */
export function BadAddress({ message }: { message: string }) {
  return <AlertLine>{`${message}. Showing this page’s own process only.`}</AlertLine>;
}
