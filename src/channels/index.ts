import type { ProviderFetch } from './http';
import type { SmsProvider } from './port.js';
import { createSimulatorProvider } from './simulator/provider.js';
import { createTwilioProvider } from './twilio/provider.js';
import { createRakutenProvider } from './rakuten/provider.js';

export * from './port.js';
export { createSimulatorProvider, type SimulatorProvider } from './simulator/provider.js';
export { createTwilioProvider } from './twilio/provider.js';
export { createRakutenProvider } from './rakuten/provider.js';

export interface ProviderEnv {
  SMS_PROVIDER?: string;
  TWILIO_ACCOUNT_SID?: string;
  TWILIO_AUTH_TOKEN?: string;
  TWILIO_FROM?: string;
  TWILIO_MESSAGING_SERVICE_SID?: string;
  TWILIO_API_BASE_URL?: string;
  RAKUTEN_API_KEY?: string;
  RAKUTEN_API_SECRET?: string;
  RAKUTEN_FROM?: string;
  RAKUTEN_WEBHOOK_SECRET?: string;
  RAKUTEN_API_BASE_URL?: string;
}

export interface ProviderOptions {
  fetch?: ProviderFetch;
  /** Token the simulator page sends back; random when omitted. */
  simulatorToken?: string;
}

/** Picks the adapter named by SMS_PROVIDER (default: simulator). Misconfiguration throws at boot. */
export function createProvider(env: ProviderEnv, opts: ProviderOptions = {}): SmsProvider {
  const name = env.SMS_PROVIDER ?? 'simulator';
  switch (name) {
    case 'simulator':
      return createSimulatorProvider({ token: opts.simulatorToken });
    case 'twilio': {
      const missing: string[] = [];
      if (!env.TWILIO_ACCOUNT_SID) missing.push('TWILIO_ACCOUNT_SID');
      if (!env.TWILIO_AUTH_TOKEN) missing.push('TWILIO_AUTH_TOKEN');
      if (!env.TWILIO_FROM && !env.TWILIO_MESSAGING_SERVICE_SID) missing.push('TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID');
      if (missing.length) throw new Error(`SMS_PROVIDER=twilio needs ${missing.join(', ')}`);
      return createTwilioProvider({
        accountSid: env.TWILIO_ACCOUNT_SID!,
        authToken: env.TWILIO_AUTH_TOKEN!,
        from: env.TWILIO_FROM || undefined,
        messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID || undefined,
        apiBaseUrl: env.TWILIO_API_BASE_URL || undefined,
        fetch: opts.fetch,
      });
    }
    case 'rakuten': {
      const missing = (['RAKUTEN_API_KEY', 'RAKUTEN_API_SECRET', 'RAKUTEN_FROM', 'RAKUTEN_WEBHOOK_SECRET'] as const).filter((k) => !env[k]);
      if (missing.length) throw new Error(`SMS_PROVIDER=rakuten needs ${missing.join(', ')}`);
      return createRakutenProvider({
        apiKey: env.RAKUTEN_API_KEY!,
        apiSecret: env.RAKUTEN_API_SECRET!,
        from: env.RAKUTEN_FROM!,
        webhookSecret: env.RAKUTEN_WEBHOOK_SECRET!,
        apiBaseUrl: env.RAKUTEN_API_BASE_URL || undefined,
        fetch: opts.fetch,
      });
    }
    default:
      throw new Error(`SMS_PROVIDER "${name}" is not known (simulator | twilio | rakuten)`);
  }
}

/**
 * Every adapter the environment configures, by name: the SMS_PROVIDER one plus any other whose
 * credentials are set (Twilio for the world, Rakuten for Japan), so SMS_ROUTES can name them.
 */
export function createConfiguredProviders(env: ProviderEnv, opts: ProviderOptions = {}, primary?: SmsProvider): Record<string, SmsProvider> {
  const main = primary ?? createProvider(env, opts);
  const out: Record<string, SmsProvider> = { [main.name]: main };
  if (!out.twilio && env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && (env.TWILIO_FROM || env.TWILIO_MESSAGING_SERVICE_SID)) out.twilio = createProvider({ ...env, SMS_PROVIDER: 'twilio' }, opts);
  if (!out.rakuten && env.RAKUTEN_API_KEY && env.RAKUTEN_API_SECRET && env.RAKUTEN_FROM && env.RAKUTEN_WEBHOOK_SECRET) out.rakuten = createProvider({ ...env, SMS_PROVIDER: 'rakuten' }, opts);
  return out;
}
