import { readdirSync, readFileSync } from 'node:fs';

/** A process's CPU time and the time its threads spent runnable but waiting for a CPU, in ms. */
export interface CpuSample {
  cpuMs: number;
  waitMs: number;
}

/** CPU used by the bench's processes over some work, in ms. */
export interface CpuUse {
  server: CpuSample;
  worker: CpuSample;
  bench: CpuSample;
  wallMs: number;
}

/**
 * Sums `/proc/<pid>/task/<tid>/schedstat` over a process's live threads (Linux: on-CPU time and run-queue
 * wait). Zeros where `/proc` is not there (the figures then say NaN per operation).
 */
export function sampleProcess(pid: number): CpuSample {
  try {
    let cpuNs = 0;
    let waitNs = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const [onCpu = '0', waiting = '0'] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(
          ' ',
        );
        cpuNs += Number(onCpu);
        waitNs += Number(waiting);
      } catch {
        // The thread ended between listing and reading it.
      }
    }
    return { cpuMs: cpuNs / 1e6, waitMs: waitNs / 1e6 };
  } catch {
    return { cpuMs: NaN, waitMs: NaN };
  }
}

/** Runs `work` and returns its value with the CPU each process used meanwhile. */
export async function withCpu<T>(
  pids: { server: number; worker: number; bench: number },
  work: () => Promise<T>,
): Promise<{ value: T; cpu: CpuUse }> {
  const sample = () => ({
    server: sampleProcess(pids.server),
    worker: sampleProcess(pids.worker),
    bench: sampleProcess(pids.bench),
  });
  const before = sample();
  const started = performance.now();
  const value = await work();
  const wallMs = performance.now() - started;
  const after = sample();
  const delta = (key: keyof typeof before): CpuSample => ({
    cpuMs: after[key].cpuMs - before[key].cpuMs,
    waitMs: after[key].waitMs - before[key].waitMs,
  });
  return { value, cpu: { server: delta('server'), worker: delta('worker'), bench: delta('bench'), wallMs } };
}

/** CPU per operation: each process's CPU and wait divided by `operations`. */
export function perOperation(cpu: CpuUse, operations: number): CpuUse {
  const each = (s: CpuSample): CpuSample => ({ cpuMs: s.cpuMs / operations, waitMs: s.waitMs / operations });
  return {
    server: each(cpu.server),
    worker: each(cpu.worker),
    bench: each(cpu.bench),
    wallMs: cpu.wallMs / operations,
  };
}
