import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Outcomes of one PBX call event (the API's answer per event). */
export type TelephonyOutcome = 'applied' | 'duplicate' | 'ignored';
/** Why a PBX request was refused whole: a bad or stale signature, or an invalid body. */
export type TelephonyRejection = 'signature' | 'invalid' | 'overloaded';

/**
 * The process's Prometheus metrics, in a registry of its own (several API instances may share a
 * process in the tests). Names follow Prometheus' conventions (`poscalls_` prefix, seconds,
 * `_total` counters) and labels stay low-cardinality: a route's pattern, never its URL or a user.
 * docs/operations.md lists every metric.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  /** Wall time of each HTTP request, by method, route pattern and status. */
  readonly httpDuration = new Histogram({
    name: 'poscalls_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly telephonyEvents = new Counter({
    name: 'poscalls_telephony_events_total',
    help: 'PBX call events answered, by outcome: applied, duplicate (an id seen before), ignored',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private readonly telephonyRejected = new Counter({
    name: 'poscalls_telephony_requests_rejected_total',
    help: 'PBX requests refused whole, by reason: signature (401) or invalid (400)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'poscalls_' });
  }

  countTelephonyEvents(results: { outcome: TelephonyOutcome }[]): void {
    for (const result of results) this.telephonyEvents.inc({ outcome: result.outcome });
  }

  countTelephonyRejection(reason: TelephonyRejection): void {
    this.telephonyRejected.inc({ reason });
  }

  /**
   * A gauge read when Prometheus scrapes (connections, pool use): the reader returns the value
   * of each label set, or nothing to leave the gauge empty.
   */
  addGauge<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    read: () => { labels: Record<L, string>; value: number }[],
  ): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const { labels, value } of read()) this.set(labels, value);
      },
    });
  }
}
