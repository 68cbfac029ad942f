import { timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** Helpers shared by the local fakes of providers' REST APIs (Twilio, Rakuten). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
