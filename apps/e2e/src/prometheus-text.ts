import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** One scrape of `/metrics`: the families it declares and its samples. */
export interface Scrape {
  families: Set<string>;
  samples: { name: string; labels: Record<string, string>; value: number }[];
}

export async function scrape(baseUrl: string): Promise<Scrape> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (response.status !== 200) throw new Error(`GET ${baseUrl}/metrics answered ${response.status}`);
  return parseExposition(await response.text());
}

/** The Prometheus text format as prom-client writes it (no escapes in our label values). */
export function parseExposition(text: string): Scrape {
  const families = new Set<string>();
  const samples: Scrape['samples'] = [];
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) /.exec(line);
    if (type) families.add(type[1]);
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (sample[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)) labels[key] = value;
    samples.push({ name: sample[1], labels, value: Number(sample[3]) });
  }
  return { families, samples };
}

/** The sum of a metric's samples whose labels include `labels`. */
export function total(scraped: Scrape, name: string, labels: Record<string, string> = {}): number {
  return scraped.samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

export function seriesOf(scraped: Scrape, name: string): Record<string, string>[] {
  return scraped.samples.filter((s) => s.name === name).map((s) => s.labels);
}

const observability = path.resolve(__dirname, '../../../deploy/observability');

/**
 * Every metric family the alert rules and the Grafana dashboard name in an
 * expression (a histogram's `_bucket`, `_count`, `_sum` series as their family).
 */
export function metricsReferencedByDeployment(): Map<string, string[]> {
  const expressions: { where: string; expr: string }[] = [];
  const rules = parse(readFileSync(path.join(observability, 'alerts.yml'), 'utf8')) as {
    groups: { rules: { alert: string; expr: string }[] }[];
  };
  for (const group of rules.groups)
    for (const rule of group.rules) expressions.push({ where: `alert ${rule.alert}`, expr: rule.expr });
  const dashboard = JSON.parse(readFileSync(path.join(observability, 'grafana-dashboard.json'), 'utf8')) as {
    panels: { title: string; targets: { expr: string }[] }[];
    templating: { list: { name: string; query?: unknown }[] };
  };
  for (const panel of dashboard.panels)
    for (const target of panel.targets)
      expressions.push({ where: `panel ${panel.title}`, expr: target.expr });
  for (const variable of dashboard.templating.list)
    if (typeof variable.query === 'string')
      expressions.push({ where: `variable ${variable.name}`, expr: variable.query });
  const referenced = new Map<string, string[]>();
  for (const { where, expr } of expressions) {
    for (const [name] of expr.matchAll(/\biam_[a-z0-9_]+/g)) {
      const family = name.replace(/_(bucket|count|sum)$/, '');
      referenced.set(family, [...(referenced.get(family) ?? []), where]);
    }
  }
  return referenced;
}
