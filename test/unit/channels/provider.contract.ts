/**
 * The SmsProvider contract: ONE case suite every adapter must pass (like Hono's
 * router/common.case.test.ts). A new adapter adds a harness in provider.contract.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryStatus, InboundMessage, type SmsProvider, type WebhookRequest } from '../../../src/channels/port.js';

export interface InboundFixture {
  id: string;
  from: string;
  to: string;
  body: string;
}

export interface ProviderHarness {
  provider: SmsProvider;
  /** The channel its inbound messages arrive on (RBM: 'rcs'); 'sms' when omitted. */
  channel?: 'sms' | 'rcs';
  /** A correctly signed inbound webhook carrying `msg`, exactly as the provider would post it. */
  inbound(msg: InboundFixture): Promise<WebhookRequest>;
  /** The same request with the provider's proof of origin broken (wrong signature or token). */
  withBadSignature(req: WebhookRequest): WebhookRequest;
  /** The same request with no signature header at all. */
  withoutSignature(req: WebhookRequest): WebhookRequest;
  /** Correctly signed requests whose bodies lack required fields or are junk. */
  malformedInbound(): Promise<WebhookRequest[]>;
  /** What reached the provider for a sent message id, when the harness can observe it. */
  sent(providerMessageId: string): Promise<{ to: string; body: string } | undefined>;
  /**
   * Adapters with delivery callbacks: correctly authenticated status webhooks in the provider's own
   * words, each with the DeliveryStatus it must map to (the provider's whole table, ideally).
   */
  statuses?(providerMessageId: string): Promise<Array<{ req: WebhookRequest; expected: DeliveryStatus }>>;
  /** Adapters that talk HTTP: the provider's next send answers `status` (or hangs past the adapter's timeout when 'timeout'). */
  failNext?(status: number | 'timeout'): void;
  close(): Promise<void>;
}

const JUNK_BODIES = ['', 'garbage', '{', '%%%&&&', '\u0000\uffff', 'null', '[]', '{"from":1}'];

export function providerContract(name: string, makeHarness: () => Promise<ProviderHarness>): void {
  describe(`SmsProvider contract: ${name}`, () => {
    let h: ProviderHarness;
    beforeAll(async () => {
      h = await makeHarness();
    });
    afterAll(async () => {
      await h?.close();
    });

    const msg: InboundFixture = {
      id: 'SMa0a1a2a3a4a5a6a7a8a9aaabacadaeaf',
      from: '+819012345678',
      to: '+815012345678',
      body: '25日に払います🙏 & thanks+more',
    };

    it('has a name', () => {
      expect(h.provider.name).toMatch(/^[a-z0-9-]+$/);
    });

    describe('send', () => {
      it('returns ok with a provider id, a channel and a known status', async () => {
        const r = await h.provider.send({ to: '+819012345678', body: 'テスト', idempotencyKey: 'o-1' });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.providerMessageId).toMatch(/\S/);
        expect(['sms', 'rcs']).toContain(r.channel);
        expect(DeliveryStatus.safeParse(r.status).success).toBe(true);
      });

      it('gives every send its own id', async () => {
        const ids = new Set<string>();
        for (let i = 0; i < 5; i++) {
          const r = await h.provider.send({ to: '+12133734253', body: `n${i}`, idempotencyKey: `o-${i}` });
          if (r.ok) ids.add(r.providerMessageId);
        }
        expect(ids.size).toBe(5);
      });

      it('delivers the recipient and the body unchanged (UCS-2, emoji, symbols)', async () => {
        const body = '【山田商事】お支払い期限は11/30です。€ {x} 🙏 停止は「停止」と返信';
        const r = await h.provider.send({ to: '+819012345678', body, idempotencyKey: 'o-body' });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(await h.sent(r.providerMessageId)).toEqual({ to: '+819012345678', body });
      });
    });

    describe('send errors', () => {
      const cases: Array<[number | 'timeout', { retryable: boolean; mayHaveSent?: boolean }]> = [
        [400, { retryable: false }],
        [404, { retryable: false }],
        [429, { retryable: true }],
        [500, { retryable: true }],
        [503, { retryable: true }],
        ['timeout', { retryable: true, mayHaveSent: true }],
      ];
      for (const [status, expected] of cases) {
        it(`answers ${status} as ${expected.retryable ? 'retryable' : 'permanent'}${expected.mayHaveSent ? ' (may have sent)' : ''}, never throwing`, async () => {
          if (!h.failNext) {
            // The simulator never leaves the process: it cannot fail.
            expect(h.provider.name).toBe('simulator');
            return;
          }
          h.failNext(status);
          const r = await h.provider.send({ to: '+819012345678', body: 'テスト', idempotencyKey: `o-fail-${status}` });
          expect(r.ok).toBe(false);
          if (r.ok) return;
          expect(r.retryable).toBe(expected.retryable);
          expect(r.mayHaveSent === true).toBe(expected.mayHaveSent === true);
          expect(r.error).toMatch(/\w/);
        });
      }
    });

    describe('verifySignature', () => {
      it('accepts a correctly signed request', async () => {
        expect(await h.provider.verifySignature(await h.inbound(msg))).toBe(true);
      });

      it('accepts the signature header in any letter case', async () => {
        const req = await h.inbound(msg);
        const upper = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toUpperCase(), v]));
        expect(await h.provider.verifySignature({ ...req, headers: upper })).toBe(true);
      });

      it('rejects a bad signature', async () => {
        expect(await h.provider.verifySignature(h.withBadSignature(await h.inbound(msg)))).toBe(false);
      });

      it('rejects a missing signature', async () => {
        expect(await h.provider.verifySignature(h.withoutSignature(await h.inbound(msg)))).toBe(false);
      });

      it('never throws, whatever the body', async () => {
        const req = await h.inbound(msg);
        for (const rawBody of JUNK_BODIES) {
          await expect(h.provider.verifySignature({ ...req, rawBody })).resolves.toBeTypeOf('boolean');
        }
      });
    });

    describe('parseInbound', () => {
      it('turns a signed inbound into an InboundMessage', async () => {
        const r = h.provider.parseInbound(await h.inbound(msg));
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.value).toEqual({
          provider: h.provider.name,
          providerMessageId: msg.id,
          from: msg.from,
          to: msg.to,
          body: msg.body,
          channel: h.channel ?? 'sms',
        });
        expect(InboundMessage.parse(r.value)).toEqual(r.value);
      });

      it('is deterministic: the same request (a provider retry) gives the same id', async () => {
        const req = await h.inbound(msg);
        const a = h.provider.parseInbound(req);
        const b = h.provider.parseInbound(req);
        expect(a).toEqual(b);
      });

      it('answers {ok:false} with a reason for malformed bodies, without throwing', async () => {
        const reqs = await h.malformedInbound();
        expect(reqs.length).toBeGreaterThan(0);
        for (const req of reqs) {
          const r = h.provider.parseInbound(req);
          expect(r.ok, req.rawBody).toBe(false);
          if (!r.ok) expect(r.error).toMatch(/\w/);
        }
      });

      it('answers {ok:false} for junk', async () => {
        const req = await h.inbound(msg);
        for (const rawBody of JUNK_BODIES) expect(h.provider.parseInbound({ ...req, rawBody }).ok).toBe(false);
      });
    });

    describe('parseStatus', () => {
      it('maps every provider status it documents to ours, and names the message', async () => {
        if (!h.statuses) {
          // No delivery callbacks (the simulator answers 'delivered' at send): nothing to map.
          expect(h.provider.name).toBe('simulator');
          return;
        }
        const fixtures = await h.statuses('msg-123');
        expect(fixtures.length).toBeGreaterThan(1);
        for (const { req, expected } of fixtures) {
          expect(await h.provider.verifySignature(req)).toBe(true);
          const r = h.provider.parseStatus(req);
          expect(r.ok, req.rawBody).toBe(true);
          if (r.ok) expect(r.value).toMatchObject({ provider: h.provider.name, providerMessageId: 'msg-123', status: expected });
        }
      });

      it('answers {ok:false} for junk, without throwing', async () => {
        const req = await h.inbound(msg);
        for (const rawBody of JUNK_BODIES) {
          const r = h.provider.parseStatus({ ...req, rawBody });
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.error).toMatch(/\w/);
        }
      });
    });
  });
}
