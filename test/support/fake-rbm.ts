/**
 * A real HTTP server speaking the RBM endpoints we use (capabilities, agentMessages create/delete),
 * so the adapter is tested over the wire. Point RBM_API_BASE_URL (or `apiBaseUrl`) at `fake.baseUrl`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, randomBytes } from 'node:crypto';

export interface FakeRbmMessage {
  phone: string;
  messageId: string;
  contentMessage: Record<string, any>;
  delivered: boolean;
  revoked: boolean;
  at: Date;
}

export interface FakeRbm {
  baseUrl: string;
  agentId: string;
  accessToken: string;
  clientToken: string;
  /** Accepted messages, in order. */
  messages: FakeRbmMessage[];
  /** Status codes of every create call (200, 409, scripted failures…). */
  creates: number[];
  capabilityChecks: string[];
  /** Numbers that can receive RBM (others: 404). */
  capable: Set<string>;
  failNext(status: number): void;
  delayNext(ms: number): void;
  /** Marks a message delivered: it can no longer be revoked. */
  deliver(messageId: string): void;
  /** A signed webhook body as RBM would push it: `event` is the decoded data. */
  push(event: Record<string, unknown>): { body: string; signature: string };
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
const gError = (res: ServerResponse, code: number, status: string, message: string) => sendJson(res, code, { error: { code, status, message } });

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeRbm(): Promise<FakeRbm> {
  const agentId = `agent_${randomBytes(4).toString('hex')}`;
  const accessToken = randomBytes(16).toString('hex');
  const clientToken = randomBytes(12).toString('hex');
  const failures: number[] = [];
  const delays: number[] = [];
  const fake: FakeRbm = {
    baseUrl: '',
    agentId,
    accessToken,
    clientToken,
    messages: [],
    creates: [],
    capabilityChecks: [],
    capable: new Set(),
    failNext: (s) => failures.push(s),
    delayNext: (ms) => delays.push(ms),
    deliver(id) {
      const m = fake.messages.find((x) => x.messageId === id);
      if (m) m.delivered = true;
    },
    push(event) {
      const data = Buffer.from(JSON.stringify({ agentId, sendTime: new Date().toISOString(), ...event }));
      const signature = createHmac('sha512', clientToken).update(data).digest('base64');
      return { body: JSON.stringify({ message: { data: data.toString('base64'), messageId: randomBytes(6).toString('hex'), publishTime: new Date().toISOString() }, subscription: 'projects/rbm/subscriptions/x' }), signature };
    },
    close: () => new Promise((r) => server.close(() => r())),
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (req.headers.authorization !== `Bearer ${accessToken}`) return gError(res, 401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
    if (url.searchParams.get('agentId') !== agentId) return gError(res, 403, 'PERMISSION_DENIED', 'agent not found');
    const cap = /^\/v1\/phones\/([^/]+)\/capabilities$/.exec(url.pathname);
    if (cap && req.method === 'GET') {
      const phone = decodeURIComponent(cap[1]!);
      fake.capabilityChecks.push(phone);
      if (!url.searchParams.get('requestId')) return gError(res, 400, 'INVALID_ARGUMENT', 'requestId is required');
      return fake.capable.has(phone) ? sendJson(res, 200, { features: ['RICHCARD_STANDALONE', 'ACTION_OPEN_URL'] }) : gError(res, 404, 'NOT_FOUND', 'Requested entity was not found.');
    }
    const create = /^\/v1\/phones\/([^/]+)\/agentMessages$/.exec(url.pathname);
    if (create && req.method === 'POST') {
      const phone = decodeURIComponent(create[1]!);
      const body = JSON.parse((await readBody(req)) || '{}');
      const d = delays.shift();
      if (d) await new Promise((r) => setTimeout(r, d));
      if (res.destroyed) return;
      const f = failures.shift();
      if (f) {
        fake.creates.push(f);
        return gError(res, f, f === 429 ? 'RESOURCE_EXHAUSTED' : f >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT', `Scripted failure ${f}`);
      }
      const messageId = url.searchParams.get('messageId');
      if (!messageId || !body.contentMessage) {
        fake.creates.push(400);
        return gError(res, 400, 'INVALID_ARGUMENT', 'messageId and contentMessage are required');
      }
      if (fake.messages.some((m) => m.messageId === messageId)) {
        fake.creates.push(409);
        return gError(res, 409, 'ALREADY_EXISTS', 'Requested entity already exists');
      }
      if (!fake.capable.has(phone)) {
        fake.creates.push(404);
        return gError(res, 404, 'NOT_FOUND', 'Requested entity was not found.');
      }
      fake.creates.push(200);
      fake.messages.push({ phone, messageId, contentMessage: body.contentMessage, delivered: false, revoked: false, at: new Date() });
      return sendJson(res, 200, { name: `phones/${phone}/agentMessages/${messageId}`, sendTime: new Date().toISOString(), contentMessage: body.contentMessage });
    }
    const del = /^\/v1\/phones\/([^/]+)\/agentMessages\/([^/]+)$/.exec(url.pathname);
    if (del && req.method === 'DELETE') {
      const m = fake.messages.find((x) => x.messageId === decodeURIComponent(del[2]!) && !x.revoked);
      if (!m || m.delivered) return gError(res, 404, 'NOT_FOUND', 'Requested entity was not found.');
      m.revoked = true;
      return sendJson(res, 200, {});
    }
    return gError(res, 404, 'NOT_FOUND', 'no such endpoint');
  }
  const server = createServer((req, res) => void handle(req, res).catch((e) => gError(res, 500, 'INTERNAL', String(e))));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
