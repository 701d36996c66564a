import { performance } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Telemetry } from './core/ports.js';
import type { Db } from './db/connect.js';
import type { JobBackend } from './queue/types.js';

/**
 * Prometheus metrics of this process: what it did (votes, stage timings) as counters and
 * histograms, and the state of the whole installation (jobs, open ballots) read from the database
 * at each scrape, so any bot process reports the same picture.
 */
export class Metrics implements Telemetry {
  readonly registry = new Registry();
  private readonly votes = new Counter({ name: 'tailtwist_votes_total', help: 'Votes cast through this process', registers: [this.registry] });
  private readonly stages = new Histogram({
    name: 'tailtwist_stage_seconds',
    help: 'Time spent in each stage of an episode (write, render) in this process',
    labelNames: ['stage', 'outcome'],
    buckets: [0.05, 0.25, 1, 2.5, 5, 10, 20, 40, 80, 160, 320],
    registers: [this.registry],
  });

  constructor(db: () => Db | undefined, jobs?: () => JobBackend | undefined) {
    collectDefaultMetrics({ register: this.registry, prefix: 'tailtwist_' });
    const registry = this.registry;
    new Gauge({
      name: 'tailtwist_jobs',
      help: 'Jobs in the queue by kind and status',
      labelNames: ['kind', 'status'],
      registers: [registry],
      async collect() {
        const queue = jobs?.();
        if (!queue) return;
        const rows = await queue.pending();
        this.reset();
        for (const r of rows) this.set({ kind: r.kind, status: r.status }, r.n);
      },
    });
    new Gauge({
      name: 'tailtwist_ballots_open',
      help: 'Ballots open for votes',
      registers: [registry],
      async collect() {
        const conn = db();
        if (!conn) return;
        const row = await conn
          .selectFrom('ballots')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'open')
          .executeTakeFirstOrThrow();
        this.set(Number(row.n));
      },
    });
  }

  voteCast(): void {
    this.votes.inc();
  }

  startStage(stage: string): (outcome: 'ok' | 'failed') => void {
    const start = performance.now();
    return (outcome) => this.stages.observe({ stage, outcome }, (performance.now() - start) / 1000);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
