/**
 * A real HTTP server that speaks the one Twilio endpoint we use, so the adapter is tested over the
 * wire (no fetch mocks). Point TWILIO_API_BASE_URL (or `apiBaseUrl`) at `fake.baseUrl`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { sameSecret, sendJson } from './http-fake';

/**
 * The fake Twilio stands in for a domestic route for +81 numbers (COMPLIANCE rule 12): the env every
 * harness, the Workers test, the chaos run and the bench give a server that sends through it.
 */
export const FAKE_TWILIO_DOMESTIC = { SMS_DOMESTIC_ROUTES: 'twilio=JP' } as const;

export interface FakeTwilioRequest {
  accountSid: string;
  to: string | undefined;
  from: string | undefined;
  messagingServiceSid: string | undefined;
  body: string | undefined;
  statusCallback: string | undefined;
  /** The sid we answered with; undefined when the request was failed on purpose or rejected. */
  sid: string | undefined;
  /** HTTP status we answered with. */
  status: number;
  at: Date;
}

export interface FakeTwilio {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** Every POST to the Messages endpoint, in arrival order (including failed ones; filter on `sid`). */
  received: FakeTwilioRequest[];
  /** Resolves with the first request matching `predicate` (already received or arriving later). */
  waitFor(predicate: (r: FakeTwilioRequest) => boolean, timeoutMs?: number): Promise<FakeTwilioRequest>;
  /** The next `times` valid requests get `status` with a Twilio-shaped error body (e.g. 429, 500, 400). */
  failNext(status: number, times?: number, error?: { code?: number; message?: string }): void;
  /** The next `times` valid requests hang for `ms` before answering (to exercise client timeouts). */
  delayNext(ms: number, times?: number): void;
  /**
   * Random faults on every valid request from now on: `fail500` answers 500 without sending;
   * `hangDropped` hangs `hangMs` and then sends nothing; `hangAccepted` sends, then hangs `hangMs`
   * before answering (the client times out on a message that went out).
   */
  chaos(p: { fail500?: number; hangDropped?: number; hangAccepted?: number; hangMs?: number; random?: () => number }): void;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeTwilioOptions {
  accountSid?: string;
  authToken?: string;
  /** A fixed port (the chaos run restarts apps that point at it); 0 = any free port. */
  port?: number;
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

/**
 * Message sids: `SM` + 32 hex (34 chars, like Twilio's) — 8 random hex per fake, then a counter, so every sid is
 * distinct without a random draw per message (randomBytes was ~24 µs of the bench process per answer, gen14).
 */
function sidMaker(): () => string {
  const run = randomBytes(4).toString('hex');
  let n = 0;
  return () => `SM${run}${(n++).toString(16).padStart(24, '0')}`;
}

function twilioError(res: ServerResponse, status: number, code: number, message: string): void {
  sendJson(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

/** The body as text, through 'data'/'end' events (the async iterator cost the bench process ~60 µs per request, gen14). */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

export async function startFakeTwilio(opts: FakeTwilioOptions = {}): Promise<FakeTwilio> {
  const accountSid = opts.accountSid ?? `AC${randomBytes(16).toString('hex')}`;
  const authToken = opts.authToken ?? randomBytes(16).toString('hex');
  const received: FakeTwilioRequest[] = [];
  const failures: Array<{ status: number; code?: number; message?: string }> = [];
  const delays: number[] = [];
  const waiters = new Set<{ predicate: (r: FakeTwilioRequest) => boolean; resolve: (r: FakeTwilioRequest) => void }>();
  const newSid = sidMaker();
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  let faults: { fail500: number; hangDropped: number; hangAccepted: number; hangMs: number; random: () => number } | null = null;

  function record(r: FakeTwilioRequest): void {
    received.push(r);
    for (const w of waiters) {
      if (w.predicate(r)) {
        waiters.delete(w);
        w.resolve(r);
      }
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The path alone, without a URL object per request; only the GET list reads the query.
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const match = MESSAGES_PATH.exec(q < 0 ? raw : raw.slice(0, q));
    if (match && req.method === 'GET') {
      list(req, res, decodeURIComponent(match[1]!), new URL(raw, 'http://fake').searchParams);
      return;
    }
    if (!match || req.method !== 'POST') {
      twilioError(res, 404, 20404, 'The requested resource was not found');
      return;
    }
    const pathSid = decodeURIComponent(match[1]!);
    const form = new URLSearchParams(await readBody(req));
    const base = {
      accountSid: pathSid,
      to: form.get('To') ?? undefined,
      from: form.get('From') ?? undefined,
      messagingServiceSid: form.get('MessagingServiceSid') ?? undefined,
      body: form.get('Body') ?? undefined,
      statusCallback: form.get('StatusCallback') ?? undefined,
      at: new Date(),
    };
    if (pathSid !== accountSid || !sameSecret(req.headers.authorization ?? '', expectedAuth)) {
      record({ ...base, sid: undefined, status: 401 });
      twilioError(res, 401, 20003, 'Authenticate');
      return;
    }

    const roll = faults ? faults.random() : 1;
    if (faults && roll < faults.fail500) {
      record({ ...base, sid: undefined, status: 500 });
      twilioError(res, 500, 20500, 'Internal Server Error (chaos)');
      return;
    }
    if (faults && roll < faults.fail500 + faults.hangDropped) {
      await new Promise((r) => setTimeout(r, faults!.hangMs));
      record({ ...base, sid: undefined, status: 0 });
      res.destroy();
      return;
    }
    const hangAfterAccept = faults !== null && roll < faults.fail500 + faults.hangDropped + faults.hangAccepted;
    const delay = delays.shift();
    if (delay) await new Promise((r) => setTimeout(r, delay));
    if (res.destroyed) {
      record({ ...base, sid: undefined, status: 0 });
      return;
    }

    const failure = failures.shift();
    if (failure) {
      record({ ...base, sid: undefined, status: failure.status });
      twilioError(res, failure.status, failure.code ?? (failure.status === 429 ? 20429 : 20500), failure.message ?? `Scripted failure ${failure.status}`);
      return;
    }
    // The checks real Twilio makes before accepting a message.
    if (!base.to) {
      record({ ...base, sid: undefined, status: 400 });
      twilioError(res, 400, 21604, "A 'To' phone number is required.");
      return;
    }
    if (!base.from && !base.messagingServiceSid) {
      record({ ...base, sid: undefined, status: 400 });
      twilioError(res, 400, 21603, "A 'From' phone number is required.");
      return;
    }
    if (!base.body) {
      record({ ...base, sid: undefined, status: 400 });
      twilioError(res, 400, 21602, 'Message body is required.');
      return;
    }

    const sid = newSid();
    record({ ...base, sid, status: 201 });
    if (hangAfterAccept) await new Promise((r) => setTimeout(r, faults!.hangMs));
    if (res.destroyed) return;
    const now = new Date().toUTCString();
    sendJson(res, 201, {
      account_sid: accountSid,
      api_version: '2010-04-01',
      body: base.body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: base.from ?? null,
      messaging_service_sid: base.messagingServiceSid ?? null,
      num_media: '0',
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      sid,
      status: base.messagingServiceSid ? 'accepted' : 'queued',
      subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
      to: base.to,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    });
  }

  /** GET Messages.json?To=&DateSent>=YYYY-MM-DD: the accepted messages, newest first (Twilio's list shape). */
  function list(req: IncomingMessage, res: ServerResponse, pathSid: string, q: URLSearchParams): void {
    if (pathSid !== accountSid || !sameSecret(req.headers.authorization ?? '', expectedAuth)) {
      twilioError(res, 401, 20003, 'Authenticate');
      return;
    }
    const to = q.get('To');
    const after = q.get('DateSent>');
    const from = q.get('DateSent>=');
    const since = from ? Date.parse(`${from}T00:00:00Z`) : after ? Date.parse(`${after}T00:00:00Z`) + 86_400_000 : 0;
    const pageSize = Math.min(1000, Number(q.get('PageSize') ?? 50));
    const rows = received
      .filter((r) => r.sid && r.status === 201 && (!to || r.to === to) && r.at.getTime() >= since)
      .reverse()
      .slice(0, pageSize)
      .map((r) => ({ sid: r.sid, to: r.to, from: r.from ?? null, body: r.body, status: 'sent', date_created: r.at.toUTCString(), date_sent: r.at.toUTCString(), direction: 'outbound-api', account_sid: accountSid }));
    sendJson(res, 200, { messages: rows, page: 0, page_size: pageSize, next_page_uri: null, uri: `/2010-04-01/Accounts/${accountSid}/Messages.json` });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) twilioError(res, 500, 20500, String(e));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    received,
    waitFor(predicate, timeoutMs = 5_000) {
      const already = received.find(predicate);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (r: FakeTwilioRequest) => {
            clearTimeout(timer);
            resolve(r);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`fake Twilio: no matching request within ${timeoutMs} ms (${received.length} received)`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    failNext(status, times = 1, error) {
      for (let i = 0; i < times; i++) failures.push({ status, ...error });
    },
    delayNext(ms, times = 1) {
      for (let i = 0; i < times; i++) delays.push(ms);
    },
    chaos(p) {
      faults = { fail500: p.fail500 ?? 0, hangDropped: p.hangDropped ?? 0, hangAccepted: p.hangAccepted ?? 0, hangMs: p.hangMs ?? 12_000, random: p.random ?? Math.random };
    },
    reset() {
      faults = null;
      received.length = 0;
      failures.length = 0;
      delays.length = 0;
    },
    close() {
      return new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      });
    },
  };
}
