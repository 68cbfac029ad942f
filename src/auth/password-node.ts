import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordHasher } from './password';

const KEYLEN = 32;

function derive(password: string, salt: Buffer, o: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEYLEN, { ...o, maxmem: 64 * 1024 * 1024 }, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

/** scrypt (N=2^15, r=8, p=1 by default) from node:crypto: `scrypt$N$r$p$salt$hash`, base64url. */
export function createScryptHasher(params: { N?: number; r?: number; p?: number } = {}): PasswordHasher {
  const N = params.N ?? 32768;
  const r = params.r ?? 8;
  const p = params.p ?? 1;
  return {
    async hash(password) {
      const salt = randomBytes(16);
      const key = await derive(password, salt, { N, r, p });
      return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
    },
    async verify(password, stored) {
      const parts = stored.split('$');
      if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
      const [n, rr, pp] = parts.slice(1, 4).map(Number);
      if (!n || !rr || !pp || n > 1 << 20) return false;
      const want = Buffer.from(parts[5]!, 'base64url');
      if (want.length !== KEYLEN) return false;
      const got = await derive(password, Buffer.from(parts[4]!, 'base64url'), { N: n, r: rr, p: pp });
      return timingSafeEqual(got, want);
    },
  };
}
