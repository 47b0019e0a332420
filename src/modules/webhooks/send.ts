import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isAllowedAddress, literalAddress, systemLookup, type Lookup } from './address.js';

/** A new signing secret in the Standard Webhooks form: "whsec_" + base64 of 32 random bytes. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Standard Webhooks signature: v1,base64(HMAC-SHA256(secret, "<id>.<timestamp>.<body>")). */
export function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export class BlockedTargetError extends Error {}

/** Refuses a URL that could reach inside: https only (http to loopback only if allowed), no private addresses. */
export function checkUrl(raw: string, allowLoopback: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BlockedTargetError('Not a valid URL');
  }
  if (url.username || url.password) throw new BlockedTargetError('Credentials in the URL are not allowed');
  const literal = literalAddress(url.hostname);
  const loopbackHttp = allowLoopback && url.protocol === 'http:' && (literal ? isAllowedAddress(literal, true) && !isAllowedAddress(literal, false) : url.hostname === 'localhost');
  if (url.protocol !== 'https:' && !loopbackHttp) throw new BlockedTargetError('Only https URLs are allowed');
  if (literal && !isAllowedAddress(literal, allowLoopback)) throw new BlockedTargetError(`The address ${literal} is not allowed`);
  if (!literal && url.hostname === 'localhost' && !allowLoopback) throw new BlockedTargetError('localhost is not allowed');
  return url;
}

export interface SendResult {
  status: number;
}

/**
 * POSTs a signed event. The host name is resolved here and every address checked; the socket
 * connects only to a checked address (no DNS rebinding), redirects are not followed (a 3xx is a
 * failure), and the whole exchange is bounded by a timeout.
 */
export async function send(input: {
  url: string;
  secret: string;
  eventId: string;
  body: string;
  allowLoopback: boolean;
  timeoutMs?: number;
  lookup?: Lookup;
  now?: () => Date;
}): Promise<SendResult> {
  const url = checkUrl(input.url, input.allowLoopback);
  const resolve = input.lookup ?? systemLookup;
  const pinned: LookupFunction = (hostname, options, callback) => {
    const literal = literalAddress(hostname);
    const found = literal ? Promise.resolve([{ address: literal, family: literal.includes(':') ? 6 : 4 }]) : resolve(hostname);
    found.then(
      (addresses) => {
        const allowed = addresses.filter((a) => isAllowedAddress(a.address, input.allowLoopback));
        if (allowed.length === 0 || allowed.length !== addresses.length) {
          callback(new BlockedTargetError(`${hostname} resolves to an address that is not allowed`), '', 0);
          return;
        }
        const first = allowed[0] as { address: string; family: number };
        if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: typeof allowed) => void)(null, allowed);
        else callback(null, first.address, first.family);
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, '', 0),
    );
  };
  const timestamp = Math.floor((input.now ?? (() => new Date()))().getTime() / 1000);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'ketnoi-webhooks/1',
    'webhook-id': input.eventId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': sign(input.secret, input.eventId, timestamp, input.body),
  };
  const client = url.protocol === 'https:' ? https : http;
  const limit = input.timeoutMs ?? 5_000;
  return new Promise((resolvePromise, reject) => {
    // One deadline for the whole exchange: a receiver that trickles bytes cannot hold a worker.
    const deadline = setTimeout(() => request.destroy(new Error('The receiver did not answer in time')), limit);
    const done = <T>(fn: (v: T) => void) => (v: T) => {
      clearTimeout(deadline);
      fn(v);
    };
    const request = client.request(url, { method: 'POST', headers, lookup: pinned, timeout: limit, agent: false }, (response) => {
      response.resume();
      response.on('end', () => done(resolvePromise)({ status: response.statusCode ?? 0 }));
      response.on('error', done(reject));
    });
    request.on('timeout', () => request.destroy(new Error('The receiver did not answer in time')));
    request.on('error', done(reject));
    request.end(input.body);
  });
}
