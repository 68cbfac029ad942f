import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the next answers look like: a status, the assistant's content, a delay. */
export type OpenAIScript = { status?: number; content?: string; delayMs?: number; usage?: { prompt_tokens: number; completion_tokens: number } };

export interface FakeOpenAI {
  /** `http://127.0.0.1:<port>/v1`, for the SDK's baseURL. */
  baseURL: string;
  script: OpenAIScript;
  requests: Array<{ body: Record<string, unknown>; auth: string | undefined }>;
  close(): Promise<void>;
}

/** An answer in the classifier's wire shape, with defaults for the fields a test does not care about. */
export function llmAnswer(content: Record<string, unknown>): string {
  return JSON.stringify({ confidence: 0.88, date: null, amount: null, installments: null, answer: null, ...content });
}

/** A tiny OpenAI-compatible server on loopback: POST /v1/chat/completions answers as scripted. */
export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const fake = { script: {} as OpenAIScript, requests: [] as FakeOpenAI['requests'] };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404).end();
        return;
      }
      fake.requests.push({ body: JSON.parse(raw), auth: req.headers.authorization });
      const s = fake.script;
      const reply = () => {
        if (res.destroyed) return;
        if (s.status && s.status !== 200) {
          res.writeHead(s.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'scripted failure', type: 'server_error' } }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: 'chatcmpl-test',
            object: 'chat.completion',
            created: 0,
            model: 'test-model',
            choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: s.content ?? null, refusal: null } }],
            ...(s.usage && { usage: { ...s.usage, total_tokens: s.usage.prompt_tokens + s.usage.completion_tokens } }),
          }),
        );
      };
      if (s.delayMs) setTimeout(reply, s.delayMs);
      else reply();
    });
  };
  const server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return Object.assign(fake, {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  }) as FakeOpenAI;
}
