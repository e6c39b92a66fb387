import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One Prometheus registry per process; metrics are created once by name. */
export class Metrics {
  readonly registry = new Registry();
  private readonly counters = new Map<string, Counter>();
  private readonly histograms = new Map<string, Histogram>();
  private readonly gauges = new Map<
    string,
    { gauge: Gauge; collectors: ((gauge: Gauge) => void | Promise<void>)[] }
  >();

  constructor(defaultLabels: Record<string, string>) {
    this.registry.setDefaultLabels(defaultLabels);
    collectDefaultMetrics({ register: this.registry });
  }

  counter(name: string, help: string, labelNames: string[] = []): Counter {
    let counter = this.counters.get(name);
    if (!counter) {
      counter = new Counter({ name, help, labelNames, registers: [this.registry] });
      this.counters.set(name, counter);
    }
    return counter;
  }

  /**
   * A gauge whose values `collect` sets each time the metrics are scraped
   * (it may read the database: the scrape waits for it). Asked again for the
   * same name (the services of a standalone process each add theirs), it
   * adds `collect` to the gauge's collectors.
   */
  gauge(
    name: string,
    help: string,
    labelNames: string[],
    collect: (gauge: Gauge) => void | Promise<void>,
  ): Gauge {
    const existing = this.gauges.get(name);
    if (existing) {
      existing.collectors.push(collect);
      return existing.gauge;
    }
    const collectors = [collect];
    const gauge = new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        // One collector failing (its database unreachable) leaves the others' values.
        await Promise.allSettled(collectors.map((c) => c(this)));
      },
    });
    this.gauges.set(name, { gauge, collectors });
    return gauge;
  }

  histogram(name: string, help: string, labelNames: string[], buckets: number[]): Histogram {
    let histogram = this.histograms.get(name);
    if (!histogram) {
      histogram = new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
      this.histograms.set(name, histogram);
    }
    return histogram;
  }
}
