import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Reads a gauge's value at scrape time; `null` means unknown right now. */
export type GaugeReader = () => Promise<number | null> | number | null;

/**
 * A gauge read at scrape time that exports no sample while its value is unknown (a failed
 * query, no pool yet): an absent series, never a made-up number such as -1 or 0.
 */
class ObservedGauge extends Gauge {
  constructor(name: string, help: string, registry: Registry, private readonly read: GaugeReader) {
    super({ name, help, registers: [registry] });
  }

  override async get() {
    const value = await this.read();
    if (value === null) return { ...(await super.get()), values: [] };
    this.set(value);
    return super.get();
  }
}

/** Prometheus registry of this process; other modules add their own gauges and counters here. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status code',
    labelNames: ['method', 'route', 'code'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status code',
    labelNames: ['method', 'route', 'code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** A count of things that happened; by convention its name ends in `_total`. */
  counter(name: string, help: string): Counter {
    return (this.registry.getSingleMetric(name) as Counter) ?? new Counter({ name, help, registers: [this.registry] });
  }

  /** A level read at scrape time (pool usage, backlog); `read` answers null while it is unknown. */
  gauge(name: string, help: string, read: GaugeReader): Gauge {
    return (this.registry.getSingleMetric(name) as Gauge | undefined) ?? new ObservedGauge(name, help, this.registry, read);
  }
}
