/**
 * How cluster tests act on the topology the runner started (the topology lives in the runner's process,
 * the tests in a child): a small HTTP control endpoint on loopback, and a client for it. Tests kill and
 * start workers and kill and restart Temporal services through it, as an operator would on machines.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOOPBACK } from '../../src/temporal/ports';
import { TEMPORAL_SERVICES, type TemporalService } from '../../src/cluster/temporal-cluster';
import type { Topology } from '../../src/cluster/topology';

/** Environment variables the runner gives the test processes. */
export const CLUSTER_ENV = {
  control: 'DIRECTOR_CLUSTER_CONTROL',
  bucket: 'DIRECTOR_CLUSTER_BUCKET',
  prefix: 'DIRECTOR_CLUSTER_PREFIX',
  inputs: 'DIRECTOR_CLUSTER_INPUTS',
} as const;

/** A worker as the control endpoint reports it. */
export interface WorkerState {
  name: string;
  pid: number;
  alive: boolean;
  logFile: string;
}

/** Serves the control endpoint for `topology`; resolves its URL and a close function. */
export async function serveControl(topology: Topology): Promise<{ url: string; close: () => Promise<void> }> {
  const describeWorkers = (): WorkerState[] =>
    topology.workers.map((w) => ({
      name: w.name,
      pid: w.process.pid,
      alive: w.process.exit() === undefined,
      logFile: w.process.logFile,
    }));
  const act = async (method: string, url: string): Promise<unknown> => {
    if (method === 'GET' && url === '/workers') return describeWorkers();
    if (method === 'POST' && url === '/workers') {
      const worker = await topology.startWorker();
      return { name: worker.name, pid: worker.process.pid };
    }
    const kill = /^\/workers\/([\w-]+)\/kill$/.exec(url);
    if (method === 'POST' && kill) {
      const worker = topology.workers.find((w) => w.name === kill[1]);
      if (!worker) throw new Error(`no worker ${kill[1]}`);
      worker.process.signal('SIGKILL');
      await worker.process.exited;
      return { killed: worker.name };
    }
    const service = /^\/temporal\/(\w+)\/(kill|restart)$/.exec(url);
    if (method === 'POST' && service && (TEMPORAL_SERVICES as readonly string[]).includes(service[1] ?? '')) {
      const name = service[1] as TemporalService;
      const running = topology.temporal.processes()[name];
      if (service[2] === 'kill') {
        running.signal('SIGKILL');
        await running.exited;
        return { killed: name };
      }
      const restarted = await topology.temporal.restart(name);
      return { restarted: name, pid: restarted.pid };
    }
    throw new Error(`unknown control request ${method} ${url}`);
  };
  const server = http.createServer((request, response) => {
    act(request.method ?? 'GET', request.url ?? '/').then(
      (body) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
      (error: unknown) => response.writeHead(400).end((error as Error).message),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${LOOPBACK}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Calls the runner's control endpoint; throws with its message when it refuses. */
export async function control<T>(method: 'GET' | 'POST', path: string): Promise<T> {
  const base = process.env[CLUSTER_ENV.control];
  if (!base)
    throw new Error(`${CLUSTER_ENV.control} is not set: run cluster tests with npm run test:cluster`);
  const response = await fetch(`${base}${path}`, { method });
  const text = await response.text();
  if (!response.ok) throw new Error(`control ${method} ${path}: ${text}`);
  return JSON.parse(text) as T;
}
