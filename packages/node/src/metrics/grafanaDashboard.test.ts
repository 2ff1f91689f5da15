import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { METRIC_FAMILIES } from '@breakwater/core/metrics';
import { describe, expect, it } from 'vitest';

const dashboardFile = join(import.meta.dirname, '..', '..', 'grafana', 'breakwater-dashboard.json');

describe('the Grafana dashboard shipped in packages/node/grafana', () => {
  it('queries only metrics the exporter publishes, and shows every family', () => {
    const dashboard = JSON.parse(readFileSync(dashboardFile, 'utf8')) as {
      panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
    };
    const published = new Set(
      METRIC_FAMILIES.map((f) => `breakwater_${f.name}${f.kind === 'counter' ? '_total' : ''}`),
    );
    published.add('breakwater_circuitbreaker_calls_seconds_bucket'); // the opt-in duration histogram
    const queried = new Set(
      dashboard.panels.flatMap((p) => p.targets.flatMap((t) => t.expr.match(/breakwater_[a-z_]+/g) ?? [])),
    );
    expect([...queried].filter((name) => !published.has(name))).toEqual([]);
    expect(
      [...published].filter(
        (name) =>
          !queried.has(name) &&
          name !== 'breakwater_errors_by_component_total' &&
          name !== 'breakwater_errors_last_minute',
      ),
    ).toEqual([]);
  });
});
