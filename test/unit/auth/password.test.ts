import { describe, expect, it } from 'vitest';
import { canReadConversation, type Actor } from '../../../src/auth/actor';
import { createScryptHasher } from '../../../src/auth/password-node';
import { sameSecret, sha256Hex } from '../../../src/auth/tokens';
import { fromAcceptLanguage } from '../../../src/http/ui/i18n';

describe('PasswordHasher (scrypt on Node)', () => {
  const hasher = createScryptHasher({ N: 1024 });
  it('hashes with a fresh salt and verifies', async () => {
    const a = await hasher.hash('パスワード long one');
    const b = await hasher.hash('パスワード long one');
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toBe(b);
    expect(await hasher.verify('パスワード long one', a)).toBe(true);
    expect(await hasher.verify('パスワード long twO', a)).toBe(false);
  });
  it('says false, never throws, for malformed or foreign hashes', async () => {
    for (const s of ['', 'scrypt$x', 'pbkdf2$1$2$3$4$5', 'scrypt$99999999$8$1$AA$AA']) expect(await hasher.verify('x', s)).toBe(false);
  });
});

describe('tokens', () => {
  it('stores SHA-256 hex and compares in constant time', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('abc', 'abcd')).toBe(false);
  });
});

describe('canReadConversation', () => {
  const collector: Actor = { id: 'u1', role: 'collector', name: 'c', via: 'session' };
  const admin: Actor = { id: 'u9', role: 'admin', name: 'a', via: 'session' };
  it.each([
    [collector, { status: 'escalated', heldBy: null }, true],
    [collector, { status: 'escalated', heldBy: 'u1' }, true],
    [collector, { status: 'escalated', heldBy: 'collector:u1' }, true],
    [collector, { status: 'escalated', heldBy: 'u2' }, false],
    [collector, { status: 'active', heldBy: null }, false],
    // A thread the collector handled (claimed, then handed back or resolved): readable for the record.
    [collector, { status: 'active', heldBy: null, handled: true }, true],
    [collector, { status: 'resolved', heldBy: null, handled: true }, true],
    [collector, { status: 'escalated', heldBy: 'u2', handled: true }, false],
    [admin, { status: 'active', heldBy: 'u2' }, true],
  ] as const)('%#', (a, conv, want) => expect(canReadConversation(a, conv)).toBe(want));
});

describe('Accept-Language', () => {
  it.each([
    [undefined, 'en'],
    ['ja,en-US;q=0.9', 'ja'],
    ['en-GB,en;q=0.9,ja;q=0.8', 'en'],
    ['fr-FR,ja;q=0.5', 'ja'],
    ['de', 'en'],
  ] as const)('%s → %s', (h, want) => expect(fromAcceptLanguage(h)).toBe(want));
});
