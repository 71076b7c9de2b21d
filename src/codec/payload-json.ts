/**
 * Payloads in the proto3 JSON form the codec server protocol speaks: `{ metadata: { key: base64 }, data:
 * base64 }`, every bytes field base64. Parsing is strict: anything else is an error naming the field.
 */
import type { Payload } from '@temporalio/common';

/** A payload in proto3 JSON. */
export interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A request body that is not `{ payloads: [...] }` of JSON payloads; the message names the field. */
export class PayloadJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadJsonError';
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function bytesOf(value: unknown, field: string): Buffer {
  if (typeof value !== 'string' || !BASE64.test(value))
    throw new PayloadJsonError(`${field} must be a base64 string`);
  return Buffer.from(value, 'base64');
}

function payloadFromJson(value: unknown, index: number): Payload {
  const at = `payloads[${index}]`;
  if (!isRecord(value)) throw new PayloadJsonError(`${at} must be an object`);
  const unknown = Object.keys(value).filter((key) => key !== 'metadata' && key !== 'data');
  if (unknown.length > 0) throw new PayloadJsonError(`${at} has unknown field(s): ${unknown.join(', ')}`);
  const metadata = value.metadata ?? {};
  if (!isRecord(metadata)) throw new PayloadJsonError(`${at}.metadata must be an object`);
  return {
    metadata: Object.fromEntries(
      Object.entries(metadata).map(([key, bytes]) => [key, bytesOf(bytes, `${at}.metadata.${key}`)]),
    ),
    data: value.data === undefined ? new Uint8Array() : bytesOf(value.data, `${at}.data`),
  };
}

/** Parses a codec request body `{ "payloads": [...] }`; throws PayloadJsonError naming the bad field. */
export function payloadsFromJson(body: unknown): Payload[] {
  if (!isRecord(body) || !Array.isArray(body.payloads))
    throw new PayloadJsonError('the body must be a JSON object with a "payloads" array');
  const unknown = Object.keys(body).filter((key) => key !== 'payloads');
  if (unknown.length > 0) throw new PayloadJsonError(`unknown field(s) in the body: ${unknown.join(', ')}`);
  return body.payloads.map(payloadFromJson);
}

/** A payload in proto3 JSON (empty fields left out, as protobuf's JSON printer does). */
export function payloadToJson(payload: Payload): JsonPayload {
  const metadata = Object.entries(payload.metadata ?? {});
  return {
    ...(metadata.length > 0
      ? {
          metadata: Object.fromEntries(
            metadata.map(([key, bytes]) => [key, Buffer.from(bytes).toString('base64')]),
          ),
        }
      : {}),
    ...(payload.data && payload.data.length > 0
      ? { data: Buffer.from(payload.data).toString('base64') }
      : {}),
  };
}
