import type { CliFigure } from '../figures/cli';
import type { DirectorFigure } from '../figures/director';
import type { FanOutFigure } from '../figures/fan-out';
import type { MemoryFigure } from '../figures/memory';
import type { OverheadFigure } from '../figures/overhead';
import type { QuotaFigure } from '../figures/quota';
import type { CatalogFigure } from '../figures/catalog';
import type { RateLimitFigure } from '../figures/rate-limit';
import type { RerunFigure, RerunSide } from '../figures/rerun';
import type { ServerTuningFigure } from '../figures/server-tuning';
import type { ClusterFigure } from '../figures/cluster';
import type { StartupFigure } from '../figures/startup';
import type { StoreFigure, StoreUse } from '../figures/store';
import type { ThroughputFigure } from '../figures/throughput';
import type { CpuUse } from './cpu';

/** Every figure the bench measures (the keys of the JSON's `figures`). */
export interface BenchFigures {
  overheadPerActivity: OverheadFigure;
  director: DirectorFigure;
  fanOut: FanOutFigure;
  rateLimit: RateLimitFigure;
  throughput: ThroughputFigure;
  memory: MemoryFigure;
  startup: StartupFigure;
  cli: CliFigure;
  serverTuning: ServerTuningFigure;
  /** Figure 11, the production topology; not in `FIGURE_KEYS` (`--quick` skips it unless asked for). */
  cluster: ClusterFigure;
  store: StoreFigure;
  quota: QuotaFigure;
  catalog: CatalogFigure;
  rerun: RerunFigure;
}

/** The figure keys, in report order (the quick test checks each is present). */
export const FIGURE_KEYS = [
  'overheadPerActivity',
  'director',
  'fanOut',
  'rateLimit',
  'throughput',
  'memory',
  'startup',
  'cli',
  'serverTuning',
  'store',
  'quota',
  'catalog',
  'rerun',
] as const satisfies readonly (keyof BenchFigures)[];

/** A whole run: where and how it ran, and the figures. */
export interface BenchResult {
  meta: Record<string, unknown>;
  /** Every figure on a full run; only those asked for with `--only`. */
  figures: Partial<BenchFigures>;
}

type Row = [figure: string, temporal: string, baseline: string, target: string, met: string];

const ms = (value: number, digits = 1) => `${value.toFixed(digits)} ms`;
const s = (value: number) => `${(value / 1000).toFixed(2)} s`;
const x = (value: number, digits = 3) => `${value.toFixed(digits)}`;
const verdict = (ok: boolean) => (ok ? 'yes' : 'no');

/** The results as one markdown table: figure, Temporal, in-process baseline, target, met. */
export function renderTable(figures: Partial<BenchFigures>): string {
  const rows: Row[] = [
    ...(figures.overheadPerActivity ? overheadRows(figures.overheadPerActivity) : []),
    ...(figures.director ? directorRows(figures.director) : []),
    ...(figures.fanOut ? fanOutRows(figures.fanOut) : []),
    ...(figures.rateLimit ? rateLimitRows(figures.rateLimit) : []),
    ...(figures.throughput ? throughputRows(figures.throughput) : []),
    ...(figures.memory ? memoryRows(figures.memory) : []),
    ...(figures.startup ? startupRows(figures.startup) : []),
    ...(figures.cli ? cliRows(figures.cli) : []),
    ...(figures.serverTuning ? serverTuningRows(figures.serverTuning) : []),
    ...(figures.cluster ? clusterRows(figures.cluster) : []),
    ...(figures.store ? storeRows(figures.store) : []),
    ...(figures.quota ? quotaRows(figures.quota) : []),
    ...(figures.catalog ? catalogRows(figures.catalog) : []),
    ...(figures.rerun ? rerunRows(figures.rerun) : []),
  ];
  const header: Row = ['figure', 'Temporal', 'in-process baseline', 'target', 'met'];
  return [header, ['---', '---:', '---:', '---', '---'] as Row, ...rows]
    .map((row) => `| ${row.join(' | ')} |`)
    .join('\n');
}

const cpuText = (cpu: CpuUse) =>
  `server ${cpu.server.cpuMs.toFixed(1)} + worker ${cpu.worker.cpuMs.toFixed(1)} ms CPU`;

function overheadRows(o: OverheadFigure): Row[] {
  return [
    [
      '1. overhead per activity, bare (median / p95)',
      `${ms(o.bare.medianMs)} / ${ms(o.bare.p95Ms)}`,
      `${ms(o.baseline.medianMs, 3)} / ${ms(o.baseline.p95Ms, 3)}`,
      '≤ 10 ms median',
      verdict(o.bare.medianMs <= 10),
    ],
    [
      '1. overhead per activity, as engine stages (median / p95)',
      `${ms(o.engine.medianMs)} / ${ms(o.engine.p95Ms)}`,
      '',
      '≤ 10 ms median',
      verdict(o.engine.medianMs <= 10),
    ],
    [
      '1. a bare step: WFT schedule→start, WFT start→complete, activity schedule→start, start→complete (medians)',
      [
        o.bare.parts.wftScheduleToStartMs,
        o.bare.parts.wftStartToCompleteMs,
        o.bare.parts.activityScheduleToStartMs,
        o.bare.parts.activityStartToCompleteMs,
      ]
        .map((v) => v.toFixed(1))
        .join(' + ') + ' ms',
      '',
      '',
      '',
    ],
    ['1. CPU per activity, bare', cpuText(o.bare.cpuPerActivity), '', '', ''],
    ['1. CPU per activity, as engine stages', cpuText(o.engine.cpuPerActivity), '', '', ''],
  ];
}

function directorRows(d: DirectorFigure): Row[] {
  return (['ecommerce', 'creative'] as const).flatMap((director): Row[] => {
    const pairs = d.pairs.filter((p) => p.director === director);
    const mean = (key: 'temporalMs' | 'baselineMs') =>
      pairs.reduce((sum, p) => sum + p[key], 0) / pairs.length;
    const ratio = director === 'ecommerce' ? d.ecommerceRatio : d.creativeRatio;
    const last = pairs[pairs.length - 1];
    return [
      [
        `2. ${director} Director, images ${d.imageLatency}, text ${d.textLatency} (mean of ${pairs.length}; ratio)`,
        `${s(mean('temporalMs'))} (${x(ratio)}×)`,
        s(mean('baselineMs')),
        '≤ 1.01×',
        verdict(ratio <= 1.01),
      ],
      [
        `2. ${director} Director history: events, size with every payload, workflow tasks`,
        last
          ? `${last.historyEvents} events, ${last.historyKb.toFixed(1)} KB, ${last.workflowTasks} WFT`
          : '',
        '',
        '',
        '',
      ],
    ];
  });
}

function fanOutRows(f: FanOutFigure): Row[] {
  return [
    ...f.points.map((p): Row => {
      const target = p.items === 16 ? 0.97 : p.items === 64 && p.window === 64 ? 0.92 : undefined;
      const label = p.window < p.items ? `N=${p.items}, window ${p.window}` : `N=${p.items}`;
      return [
        `3. fan-out efficiency at ${f.itemMs} ms, ${label} (stage time)`,
        `${x(p.efficiency)} (${ms(p.stageMs, 0)})`,
        `${x(p.baselineEfficiency)} (${ms(p.baselineStageMs, 0)})`,
        target === undefined ? '' : `≥ ${target}`,
        target === undefined ? '' : verdict(p.efficiency >= target),
      ];
    }),
    [
      '3. fan-out marginal cost per extra branch',
      ms(f.marginalMsPerBranch, 2),
      ms(f.baselineMarginalMsPerBranch, 2),
      '≤ 3 ms',
      verdict(f.marginalMsPerBranch <= 3),
    ],
  ];
}

function rateLimitRows(r: RateLimitFigure): Row[] {
  const side = (v: RateLimitFigure['temporal']) =>
    `${x(v.achievedRatio)}; ${v.rateLimited429s} (peak ${v.peak429PerSecond}/s); ≤ ${v.maxAttempts} attempts; failed ${v.failed}`;
  const { temporal } = r;
  return [
    [
      `3. rate limit ${r.limitPerMinute}/min, ${r.images} images, window ${r.window}: achieved / limit; 429s; attempts per image`,
      side(temporal),
      side(r.baseline),
      '≥ 0.95; no retry storm (≤ 2 attempts)',
      verdict(temporal.achievedRatio >= 0.95 && temporal.failed === 0 && temporal.maxAttempts <= 2),
    ],
  ];
}

function throughputRows(t: ThroughputFigure): Row[] {
  const rows = [
    ['Director-shaped (6 no-op stages)', t.director, 10],
    ['one-activity workflow', t.oneActivity, undefined],
    ['E-commerce Director, 0 ms model', t.ecommerce, undefined],
  ] as const;
  return rows.flatMap(([name, row, target]): Row[] => [
    [
      `4. throughput, ${name}, ${row.inFlight} in flight (p95 WFT schedule-to-start)`,
      `${row.perSecond.toFixed(1)}/s (${ms(row.wftScheduleToStartP95Ms)})`,
      `${row.baselinePerSecond.toFixed(1)}/s`,
      target === undefined ? '' : `≥ ${target}/s`,
      target === undefined ? '' : verdict(row.perSecond >= target),
    ],
    [`4. CPU per run, ${name}`, cpuText(row.cpuPerRun), '', '', ''],
    [
      `4. one run's history, ${name}: workflow tasks, events, activities, markers (medians)`,
      `${row.perRun.workflowTasks} WFT, ${row.perRun.events} events, ${row.perRun.activities} activities, ${row.perRun.markers} markers`,
      '',
      '',
      '',
    ],
  ]);
}

function memoryRows(m: MemoryFigure): Row[] {
  return [
    [
      '5. worker RSS idle: warm (fresh, before any run)',
      `${m.idleRssMb.toFixed(0)} MB (${m.readyRssMb.toFixed(0)} MB)`,
      '',
      '≤ 250 MB',
      verdict(m.idleRssMb <= 250),
    ],
    [
      '5. worker RSS per cached Director (heap)',
      `${m.perCachedDirectorMb.toFixed(3)} MB (${m.heapPerCachedDirectorMb.toFixed(3)} MB)`,
      '',
      '≤ 1 MB',
      verdict(m.perCachedDirectorMb <= 1),
    ],
    [`5. worker RSS drift over ${m.batches.length} batches`, `${m.driftMb.toFixed(1)} MB`, '', '', ''],
    ...soakRows(m.soak),
  ];
}

function soakRows(soak: MemoryFigure['soak'] | undefined): Row[] {
  // Results files written before the soak existed have none.
  if (!soak) return [];
  const readings = soak.readings.map((r) => `${r.runs}→${r.rssMb.toFixed(0)}`).join(', ');
  return [
    [
      `5. worker RSS over ${soak.runs} E-commerce runs, 0 ms model (runs → MB after a full GC)`,
      readings,
      '',
      '',
      '',
    ],
    [
      `5. worker RSS drift over ${soak.runs} runs: last − first reading (highest − lowest)`,
      `${soak.driftMb.toFixed(1)} MB (${soak.spreadMb.toFixed(1)} MB)`,
      '',
      '≤ 20 MB',
      verdict(Math.abs(soak.driftMb) <= 20),
    ],
    [
      `5. CPU per run over the soak (${(soak.wallMs / 1000).toFixed(0)} s)`,
      cpuText(soak.cpuPerRun),
      '',
      '',
      '',
    ],
  ];
}

function startupRows(u: StartupFigure): Row[] {
  return [
    [
      '6. worker start to polling, prebuilt bundle (process start to polling)',
      `${ms(u.startToPollingMs, 0)} (${ms(u.processToPollingMs, 0)})`,
      '',
      '',
      '',
    ],
    ['6. first workflow after start (one activity)', ms(u.firstWorkflowMs, 0), '', '', ''],
  ];
}

function cliRows(c: CliFigure): Row[] {
  return [c.help, c.status].map((command): Row => [
    `7. \`${command.command}\` start-up, spawn to exit (median of ${command.runs}; peak RSS)`,
    `${ms(command.medianWallMs, 0)} (${command.medianPeakRssMb.toFixed(0)} MB)`,
    '',
    '≤ 400 ms, ≤ 120 MB',
    verdict(command.medianWallMs <= 400 && command.maxPeakRssMb <= 120),
  ]);
}

function serverTuningRows(t: ServerTuningFigure): Row[] {
  return [
    [
      '8. overhead per activity, bare: dev server as shipped / on Temporal defaults (median; ratio)',
      `${ms(t.shipped.medianMs)} / ${ms(t.untuned.medianMs)} (${x(t.ratio, 2)}×)`,
      '',
      '≤ 15 ms as shipped',
      verdict(t.shipped.medianMs <= 15),
    ],
    [
      '8. a bare step’s WFT schedule→start: as shipped / on Temporal defaults (median)',
      `${ms(t.shipped.wftScheduleToStartMs)} / ${ms(t.untuned.wftScheduleToStartMs)}`,
      '',
      '',
      '',
    ],
  ];
}

function clusterRows(c: ClusterFigure): Row[] {
  const { rows, ratio3to1, stopsScalingAt, imageLatencyMs, textLatencyMs } = c.ecommerce;
  return [
    [
      '11. overhead per activity, bare: production topology / dev server (median; p95)',
      `${ms(c.overhead.cluster.medianMs)} / ${ms(c.overhead.devServer.medianMs)} (p95 ${ms(c.overhead.cluster.p95Ms)} / ${ms(c.overhead.devServer.p95Ms)})`,
      '',
      '',
      '',
    ],
    [
      `11. E-commerce Directors/s on the topology, fake model ${imageLatencyMs}/${textLatencyMs} ms: ${rows.map((r) => `${r.workers}w`).join(' / ')}`,
      `${rows.map((r) => r.perSecond.toFixed(2)).join(' / ')} (3w/1w ${x(ratio3to1, 2)}×; ${stopsScalingAt === undefined ? 'still scaling at 3' : `stops scaling at ${stopsScalingAt} workers`})`,
      '',
      '',
      '',
    ],
    [`11. production topology bring-up (Go tools cached)`, s(c.bringUpSeconds * 1000), '', '', ''],
  ];
}

const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(2)} MB`;

function storeRows(f: StoreFigure): Row[] {
  return (['ecommerce', 'creative'] as const).flatMap((director): Row[] => {
    const local = f.uses.find((u) => u.director === director && u.store === 'local');
    const s3 = f.uses.find((u) => u.director === director && u.store === 's3');
    if (!local || !s3) return [];
    const calls = (u: StoreUse) =>
      `${x(u.reads, 0)} r / ${x(u.writes, 0)} w / ${x(u.lists, 0)} l / ${x(u.deletes, 0)} d`;
    return [
      [
        `10. store round trips per ${director} Director (reads / writes / lists / deletes): local vs S3`,
        `${calls(local)} vs ${calls(s3)} (${x(s3.httpRequests, 0)} HTTP requests)`,
        '',
        '',
        '',
      ],
      [
        `10. bytes moved per ${director} Director (read / written), wall time: local vs S3`,
        `${mb(local.bytesRead)} / ${mb(local.bytesWritten)}, ${s(local.wallMs)} vs ${mb(s3.bytesRead)} / ${mb(s3.bytesWritten)}, ${s(s3.wallMs)}`,
        '',
        '',
        '',
      ],
    ];
  });
}

function quotaRows(f: QuotaFigure): Row[] {
  return f.sides.flatMap((side): Row[] => [
    [
      `12. image quota use, ${side.workers} image worker${side.workers === 1 ? '' : 's'}, ${side.images} images at ${f.quotaPerMinute}/min (achieved/quota)`,
      `${x(side.achievedRatio, 3)} (${side.achievedPerMinute.toFixed(1)}/min)`,
      '',
      '≥ 0.95',
      verdict(side.achievedRatio >= 0.95),
    ],
    [
      `12. image calls answered 429, ${side.workers} image worker${side.workers === 1 ? '' : 's'} (fake quota burst ${f.burst})`,
      `${(side.share429 * 100).toFixed(1)} % (${side.rateLimited429s})`,
      '',
      '≤ 2 %',
      verdict(side.share429 <= 0.02),
    ],
  ]);
}

function catalogRows(f: CatalogFigure): Row[] {
  const title = `13. catalog of ${f.lines} E-commerce lines (window ${f.window}, ${f.segmentLines} lines a segment, 0 ms model)`;
  const cpu = (c: CatalogFigure['perLine']) => c.server.cpuMs + c.worker.cpuMs;
  const readings = f.memory.map((p) => `${p.settled}→${p.rssMb.toFixed(0)}`).join(', ');
  return [
    [`${title}: lines/min`, f.linesPerMinute.toFixed(1), '', '', ''],
    [
      '13. server + worker CPU per catalog line vs per standalone E-commerce run',
      `${ms(cpu(f.perLine))} vs ${ms(cpu(f.perStandaloneRun))}`,
      '',
      '',
      '',
    ],
    ['13. orchestration cost per catalog line (the difference)', ms(f.orchestrationMsPerLine), '', '', ''],
    [
      '13. worker RSS as lines settle (lines→MB)',
      `${readings}; slope ${f.rssMbPer1000Lines.toFixed(1)} MB per 1000 lines`,
      '',
      'flat',
      '',
    ],
    [
      `13. history of the largest of ${f.segments.length} segments (events, bytes)`,
      `${f.largestSegment.events} events, ${(f.largestSegment.bytes / 1024).toFixed(0)} KiB`,
      '',
      '≪ 51 200 events, 50 MiB',
      verdict(f.largestSegment.events < 51_200 && f.largestSegment.bytes < 50 * 1024 * 1024),
    ],
  ];
}

function rerunRows(f: RerunFigure): Row[] {
  const side = (run: RerunSide['run']) => f.sides.find((s) => s.run === run);
  const scratch = side('scratch');
  const changed = side('mood changed');
  const same = side('unchanged');
  if (!scratch || !changed || !same) return [];
  const paid = (s: RerunSide) => `${s.modelCalls} model calls, $${s.costUsd.toFixed(4)}`;
  const n = f.batchCount;
  const downstreamOnly =
    (changed.byKind['reference-analysis'] ?? 0) === 0 &&
    changed.byKind.prompts === 1 &&
    changed.byKind.image === n &&
    changed.byKind.judge === n;
  return [
    [
      `14. rerun with the mood changed vs from scratch (${f.references} references, ${n} images)`,
      `${paid(changed)} vs ${paid(scratch)}`,
      '',
      `1 prompt call + ${n} images + ${n} judgements, no analysis`,
      verdict(downstreamOnly),
    ],
    [
      '14. rerun with nothing changed vs from scratch',
      `${paid(same)} vs ${paid(scratch)}`,
      '',
      '0 model calls',
      verdict(same.modelCalls === 0),
    ],
  ];
}
