import type { SmsProvider } from './port.js';
import { createSimulatorProvider } from './simulator/provider.js';
import { createTwilioProvider } from './twilio/provider.js';

export * from './port.js';
export { createSimulatorProvider, type SimulatorProvider } from './simulator/provider.js';
export { createTwilioProvider } from './twilio/provider.js';

export interface ProviderEnv {
  SMS_PROVIDER?: string;
  TWILIO_ACCOUNT_SID?: string;
  TWILIO_AUTH_TOKEN?: string;
  TWILIO_FROM?: string;
  TWILIO_MESSAGING_SERVICE_SID?: string;
  TWILIO_API_BASE_URL?: string;
}

export interface ProviderOptions {
  fetch?: typeof fetch;
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
    default:
      throw new Error(`SMS_PROVIDER "${name}" is not known (simulator | twilio)`);
  }
}
