/**
 * A real HTTP server speaking the two Rakuten CPaaS SMS endpoints we use (token, submit), so the
 * adapter is tested over the wire. Point RAKUTEN_API_BASE_URL (or `apiBaseUrl`) at `fake.baseUrl`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { sameSecret, sendJson } from './http-fake';

export interface FakeRakutenRequest {
  from: string | undefined;
  /** As posted: MSISDN without "+". */
  to: string | undefined;
  messageType: string | undefined;
  text: string | undefined;
  /** The message_id we answered with; undefined when failed on purpose or rejected. */
  messageId: string | undefined;
  status: number;
  at: Date;
}

export interface FakeRakuten {
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  /** Every POST to /sms/v1/submit in arrival order (filter on `messageId` for the accepted ones). */
  received: FakeRakutenRequest[];
  /** How many tokens were issued. */
  tokensIssued: number;
  /** The next `times` submits answer `status` (e.g. 400, 429, 500) without sending. */
  failNext(status: number, times?: number): void;
  /** The next `times` submits hang `ms` before answering. */
  delayNext(ms: number, times?: number): void;
  /** Tokens issued from now on expire `seconds` after issue (default an hour). */
  tokenLifetime(seconds: number): void;
  /** Invalidate every issued token (as a key rotation would): the next submit gets 401. */
  revokeTokens(): void;
  close(): Promise<void>;
}


async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const b64url = (s: string) => Buffer.from(s).toString('base64url');

export async function startFakeRakuten(): Promise<FakeRakuten> {
  const apiKey = `key-${randomBytes(6).toString('hex')}`;
  const apiSecret = randomBytes(16).toString('hex');
  const received: FakeRakutenRequest[] = [];
  const failures: number[] = [];
  const delays: number[] = [];
  const valid = new Set<string>();
  let lifetime = 3600;

  const fake: FakeRakuten = {
    baseUrl: '',
    apiKey,
    apiSecret,
    received,
    tokensIssued: 0,
    failNext: (status, times = 1) => failures.push(...Array(times).fill(status)),
    delayNext: (ms, times = 1) => delays.push(...Array(times).fill(ms)),
    tokenLifetime: (s) => (lifetime = s),
    revokeTokens: () => valid.clear(),
    close: () => new Promise((r) => server.close(() => r())),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    if (path === '/auth/v1/token' && req.method === 'GET') {
      const expected = `Basic ${Buffer.from(`${apiKey}:${apiSecret}`).toString('base64')}`;
      if (!sameSecret(req.headers.authorization ?? '', expected)) return sendJson(res, 401, { result_code: 401, result_message: 'Unauthorized' });
      const exp = Math.floor(Date.now() / 1000) + lifetime;
      const jwt = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(JSON.stringify({ sub: apiKey, exp }))}.${randomBytes(16).toString('base64url')}`;
      valid.add(jwt);
      fake.tokensIssued++;
      return sendJson(res, 200, { jwt_token: jwt });
    }
    if (path !== '/sms/v1/submit' || req.method !== 'POST') return sendJson(res, 404, { result_code: 404, result_message: 'Not Found' });
    const raw = await readBody(req);
    let body: Record<string, any> = {};
    try {
      body = JSON.parse(raw);
    } catch {
      body = {};
    }
    const messageType = typeof body.message_type === 'string' ? body.message_type : undefined;
    const text = messageType === 'unicode' ? body.unicode_message?.text : messageType === 'text' ? body.text_message?.text : undefined;
    const base = { from: body.from, to: body.to, messageType, text, at: new Date() };
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!valid.has(bearer)) {
      received.push({ ...base, messageId: undefined, status: 401 });
      return sendJson(res, 401, { result_code: 401, result_message: 'Invalid or expired token' });
    }
    const delay = delays.shift();
    if (delay) await new Promise((r) => setTimeout(r, delay));
    if (res.destroyed) return;
    const failure = failures.shift();
    if (failure) {
      received.push({ ...base, messageId: undefined, status: failure });
      return sendJson(res, failure, { result_code: failure, result_message: `Scripted failure ${failure}` });
    }
    // The checks the real API documents: MSISDN without "+" or a leading 0, a known type, ≤ 1,520 characters.
    const problem =
      typeof base.to !== 'string' || !/^[1-9]\d{5,14}$/.test(base.to)
        ? 'to must be country code + number, no "+" or leading 0'
        : !base.from
          ? 'from is required'
          : typeof text !== 'string' || !text
            ? 'message text is required for the message_type'
            : [...text].length > 1520
              ? 'text is over 1520 characters'
              : null;
    if (problem) {
      received.push({ ...base, messageId: undefined, status: 400 });
      return sendJson(res, 400, { result_code: 400, result_message: problem });
    }
    const messageId = randomBytes(12).toString('hex');
    received.push({ ...base, messageId, status: 200 });
    return sendJson(res, 200, { message_id: messageId, result_code: 0, result_message: 'Success' });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => sendJson(res, 500, { result_message: String(e) }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
