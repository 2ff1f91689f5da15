/** Said before anything else: without the token every request is refused and the panel would only retry. */
export function MissingToken() {
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
      No token in this page’s address. Open the address the devtools server printed (it ends in #token=…).
    </p>
  );
}
