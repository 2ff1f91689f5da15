// The parser ships no types; the tests read its documented prom2json-like shape.
declare module 'parse-prometheus-text-format' {
  export default function parsePrometheusTextFormat(text: string): unknown[];
}
