import { describe, expect, it } from 'vitest';
import { DeliveryStatus, isForwardMove } from '../../../src/channels/port.js';
import { parseTwilioStatus } from '../../../src/channels/twilio/parse.js';

/** What the status-callback handler does: apply an update only when it moves forward. */
function fold(start: DeliveryStatus, updates: DeliveryStatus[]): DeliveryStatus {
  return updates.reduce((cur, next) => (isForwardMove(cur, next) ? next : cur), start);
}

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

function twilioCallback(status: string): DeliveryStatus {
  const r = parseTwilioStatus(new URLSearchParams({ MessageSid: 'SM1', MessageStatus: status }).toString());
  if (!r.ok) throw new Error(r.error);
  return r.value.status;
}

describe('isForwardMove', () => {
  it.each([
    ['queued', 'sending', true],
    ['queued', 'delivered', true],
    ['held', 'queued', false],
    ['sending', 'sent', true],
    ['sent', 'delivered', true],
    ['sent', 'undelivered', true],
    ['sent', 'failed', true],
    ['sent', 'sent', false],
    ['sent', 'sending', false],
    ['delivered', 'sent', false],
    ['delivered', 'queued', false],
    ['delivered', 'failed', false],
    ['failed', 'delivered', false],
    ['undelivered', 'delivered', false],
    ['refused', 'sent', false],
  ] as const)('%s → %s: %s', (from, to, expected) => {
    expect(isForwardMove(from, to)).toBe(expected);
  });

  it('no terminal status ever moves', () => {
    const terminal: DeliveryStatus[] = ['delivered', 'undelivered', 'failed', 'refused', 'received'];
    for (const from of terminal) for (const to of DeliveryStatus.options) expect(isForwardMove(from, to)).toBe(false);
  });
});

describe('shuffled Twilio callbacks always end in the terminal status (COMPLIANCE rule 4)', () => {
  it.each([
    [['accepted', 'queued', 'sending', 'sent', 'delivered', 'read'], 'delivered'],
    [['queued', 'sending', 'sent', 'undelivered'], 'undelivered'],
    [['accepted', 'queued', 'sending', 'failed'], 'failed'],
    [['scheduled', 'canceled'], 'failed'],
  ] as const)('%j in every order → %s', (callbacks, terminal) => {
    const updates = callbacks.map(twilioCallback);
    const orders = permutations(updates);
    expect(orders.length).toBeGreaterThan(1);
    for (const order of orders) {
      expect(fold('queued', order)).toBe(terminal);
      // Retried webhooks: every callback delivered twice, still the same end.
      expect(fold('queued', [...order, ...order])).toBe(terminal);
    }
  });
});
