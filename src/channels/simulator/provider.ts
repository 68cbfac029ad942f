import { z } from 'zod';
import type { OutboundRequest, SendResult, SmsProvider, WebhookRequest } from '../port.js';
import { timingSafeEqualStrings } from '../twilio/signature.js';

/**
 * The embedded default provider: nothing leaves the process. Outbound bodies already live in our
 * database, where the simulator web phone reads them; the page posts debtor replies back as JSON
 * with a shared token in `x-simulator-token`.
 */

export const SIMULATOR_TOKEN_HEADER = 'x-simulator-token';

export const SimulatorInbound = z.object({
  from: z.string().trim().min(1),
  to: z.string().trim().min(1),
  body: z.string(),
  id: z.string().trim().min(1).max(128),
});

export interface SimulatorProviderOptions {
  /** Shared with the simulator page. A random one is made when omitted (read it from `provider.token`). */
  token?: string;
  /** Observe sends (tests, the dev console); never required. */
  onSend?: (req: OutboundRequest, providerMessageId: string) => void;
}

export interface SimulatorProvider extends SmsProvider {
  readonly token: string;
}

function header(req: WebhookRequest, name: string): string | undefined {
  for (const [k, v] of Object.entries(req.headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

export function createSimulatorProvider(opts: SimulatorProviderOptions = {}): SimulatorProvider {
  const token = opts.token ?? crypto.randomUUID();
  if (!token) throw new Error('Simulator token must not be empty');

  return {
    name: 'simulator',
    token,
    // The web phone renders the card and its chips, as an RCS phone would (the card is kept on the message).
    richCards: true,
    async send(req): Promise<SendResult> {
      if (!req.to) return { ok: false, retryable: false, error: 'to is missing' };
      const providerMessageId = `sim-${crypto.randomUUID()}`;
      opts.onSend?.(req, providerMessageId);
      return { ok: true, providerMessageId, channel: req.rich ? 'rcs' : 'sms', status: 'delivered' };
    },
    async verifySignature(req) {
      const given = header(req, SIMULATOR_TOKEN_HEADER);
      return given !== undefined && given !== '' && timingSafeEqualStrings(given, token);
    },
    parseInbound(req) {
      let json: unknown;
      try {
        json = JSON.parse(req.rawBody);
      } catch {
        return { ok: false, error: 'body is not JSON' };
      }
      const parsed = SimulatorInbound.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const path = issue?.path.join('.') || 'body';
        return { ok: false, error: `${path}: ${issue?.message ?? 'invalid'}` };
      }
      const { from, to, body, id } = parsed.data;
      return {
        ok: true,
        value: { provider: 'simulator', providerMessageId: id, from, to, body, channel: 'sms' },
      };
    },
    parseStatus() {
      return { ok: false, error: 'the simulator sends no status callbacks' };
    },
  };
}
