import { describe, expect, it } from 'vitest';
import { withVerifiers } from '../../../src/auth/password';
import { createScryptHasher } from '../../../src/auth/password-node';
import { createPbkdf2Hasher } from '../../../src/auth/password-webcrypto';

describe('PasswordHasher (PBKDF2 on WebCrypto)', () => {
  const hasher = createPbkdf2Hasher({ iterations: 2000 });
  it('hashes with a fresh salt, records its algorithm and count, and verifies', async () => {
    const a = await hasher.hash('パスワード long one');
    const b = await hasher.hash('パスワード long one');
    expect(a).toMatch(/^pbkdf2-sha256\$2000\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await hasher.verify('パスワード long one', a)).toBe(true);
    expect(await hasher.verify('パスワード long twO', a)).toBe(false);
  });
  it('matches the published PBKDF2-HMAC-SHA256 vector, with the count read from the hash', async () => {
    // RFC 7914 §11 / RFC 6070-style vector for SHA-256: P="passwordPASSWORDpassword",
    // S="saltSALTsaltSALTsaltSALTsaltSALTsalt", c=4096; the first 32 bytes of its dkLen=40 output.
    const b64url = (bytes: number[]) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const salt = b64url([...'saltSALTsaltSALTsaltSALTsaltSALTsalt'].map((c) => c.charCodeAt(0)));
    const key = b64url('348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1'.match(/../g)!.map((h) => parseInt(h, 16)));
    expect(await hasher.verify('passwordPASSWORDpassword', `pbkdf2-sha256$4096$${salt}$${key}`)).toBe(true);
    expect(await hasher.verify('passwordPASSWORDpassword', `pbkdf2-sha256$4097$${salt}$${key}`)).toBe(false);
  });
  it('says false, never throws, for malformed or foreign hashes', async () => {
    const good = await hasher.hash('x');
    const [, n, salt, key] = good.split('$');
    for (const s of [
      '',
      'pbkdf2-sha256$x',
      `pbkdf2-sha256$999$${salt}$${key}`,
      `pbkdf2-sha256$99999999999$${salt}$${key}`,
      `pbkdf2-sha256$${n}$${salt}$${key}AA`,
      `pbkdf2-sha256$${n}$!!$${key}`,
      `pbkdf2-sha512$${n}$${salt}$${key}`,
      'scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ])
      expect(await hasher.verify('x', s)).toBe(false);
  });
  it('refuses a count too small to be a KDF', () => {
    expect(() => createPbkdf2Hasher({ iterations: 10 })).toThrow(/1,000/);
  });
});

describe('withVerifiers: Node keeps scrypt and accepts hashes made on Workers', () => {
  const scrypt = createScryptHasher({ N: 1024 });
  const pbkdf2 = createPbkdf2Hasher({ iterations: 2000 });
  const node = withVerifiers(scrypt, pbkdf2);
  it('hashes with the primary and verifies either algorithm', async () => {
    const fromNode = await node.hash('correct horse battery');
    expect(fromNode).toMatch(/^scrypt\$/);
    const fromWorkers = await pbkdf2.hash('correct horse battery');
    expect(await node.verify('correct horse battery', fromNode)).toBe(true);
    expect(await node.verify('correct horse battery', fromWorkers)).toBe(true);
    expect(await node.verify('wrong horse battery', fromNode)).toBe(false);
    expect(await node.verify('wrong horse battery', fromWorkers)).toBe(false);
    expect(await node.verify('correct horse battery', 'md5$abc')).toBe(false);
  });
});
