/** A fleet address with a bad `source=`: said plainly, and this page's own process is shown meanwhile. */
export function BadAddress({ message }: { message: string }) {
  return (
    <p
      role="alert"
      style={{
        margin: 0,
        padding: '6px 10px',
        background: '#7f1d1d',
        color: '#fee2e2',
        font: '12px ui-monospace, monospace',
      }}
    >
      {`${message}. Showing this page’s own process only.`}
    </p>
  );
}
