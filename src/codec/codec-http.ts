/**
 * Temporal's remote codec protocol over plain node:http: `POST …/encode` and `POST …/decode` take and
 * return `{ "payloads": [...] }` in proto3 JSON (only the last path segment counts, so `/{namespace}/decode`
 * works too), with CORS for the Web UI origins allowed. A body that is not payloads, or a payload that does
 * not decode, answers 400 with the reason (key id and setting included); a request from another origin 403.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PayloadCodec } from '@temporalio/common';
import { PayloadJsonError, payloadsFromJson, payloadToJson } from './payload-json';

/** Largest request body accepted: the project's payloads are small (aim < 100 KB each). */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** Headers the Web UI and the Temporal CLI send to a codec server. */
const ALLOWED_HEADERS = 'content-type, x-namespace, authorization';

/** How to run a codec server. */
export interface CodecServerOptions {
  codec: PayloadCodec;
  /** Interface to bind; default 127.0.0.1 (the keys decrypt everything: keep it off the network). */
  host?: string;
  /** Port; 0 picks a free one. */
  port: number;
  /** Web UI origins (`scheme://host:port`) whose pages may call it. */
  origins: readonly string[];
  /** One line per failed request. */
  log?: (message: string) => void;
}

/** A codec server that is listening. */
export interface RunningCodecServer {
  /** `http://host:port`, the endpoint to give the Web UI and `temporal --codec-endpoint`. */
  url: string;
  /** Allows one more Web UI origin, e.g. once a dev server's UI port is known. */
  allowOrigin(origin: string): void;
  /** Stops accepting requests and closes open connections; resolves once closed. Idempotent. */
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `the body is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `encode` or `decode` from the path's last segment (query string ignored), else undefined. */
function operationOf(url: string | undefined): 'encode' | 'decode' | undefined {
  const last = (url ?? '').split('?')[0]!.replace(/\/+$/, '').split('/').pop();
  return last === 'encode' || last === 'decode' ? last : undefined;
}

/** The CORS headers for an allowed origin (credentials allowed: the UI may send them when configured to). */
function corsHeaders(origin: string | undefined, request: http.IncomingMessage): Record<string, string> {
  if (!origin) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    vary: 'Origin',
    ...(request.headers['access-control-request-private-network'] === 'true'
      ? { 'access-control-allow-private-network': 'true' } // Chromium's check for a page on a public site
      : {}),
  };
}

/**
 * Starts a codec server over `options.codec`; resolves once it listens. Rejects when the port cannot be
 * bound (naming it).
 */
export async function startCodecServer(options: CodecServerOptions): Promise<RunningCodecServer> {
  const { codec, host = '127.0.0.1', origins, log = () => {} } = options;
  const allowed = new Set(origins);

  async function respond(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const origin = request.headers.origin;
    // No Origin header: the Temporal CLI or a script on this machine, not a page in a browser.
    if (origin !== undefined && !allowed.has(origin))
      throw new HttpError(
        403,
        `origin ${origin} is not allowed (start the codec server with --origin ${origin})`,
      );
    const cors = corsHeaders(origin, request);
    const operation = operationOf(request.url);
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
        ...cors,
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': ALLOWED_HEADERS,
        'access-control-max-age': '600',
      });
      response.end();
      return;
    }
    if (!operation) throw new HttpError(404, 'not found: POST …/encode or …/decode');
    if (request.method !== 'POST') throw new HttpError(405, `${operation} takes POST`);
    let body: unknown;
    try {
      body = JSON.parse(await readBody(request));
    } catch (error: unknown) {
      if (error instanceof HttpError) throw error;
      throw new HttpError(400, `the body is not JSON: ${(error as Error).message}`);
    }
    const payloads = payloadsFromJson(body);
    // The same keys serve every namespace, so the X-Namespace header the UI sends changes nothing here.
    const result = operation === 'encode' ? await codec.encode(payloads) : await codec.decode(payloads);
    response.writeHead(200, { ...cors, 'content-type': 'application/json' });
    response.end(JSON.stringify({ payloads: result.map(payloadToJson) }));
  }

  const server = http.createServer((request, response) => {
    respond(request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 400; // the protocol: decoder errors are 400
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof HttpError || error instanceof PayloadJsonError))
        log(`${request.method ?? '?'} ${request.url ?? '?'}: ${message}`);
      const origin = request.headers.origin;
      const cors = origin !== undefined && allowed.has(origin) ? corsHeaders(origin, request) : {};
      if (!response.headersSent)
        response.writeHead(status, { ...cors, 'content-type': 'text/plain; charset=utf-8' });
      response.end(`${message}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(`cannot listen on ${host}:${options.port}: ${error.code ?? error.message}`)),
    );
    server.listen({ host, port: options.port }, resolve);
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    allowOrigin: (origin) => void allowed.add(origin),
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
