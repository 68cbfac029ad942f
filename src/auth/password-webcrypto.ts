import type { PasswordHasher } from './password';

/**
 * PBKDF2-HMAC-SHA256 on WebCrypto (crypto.subtle), so it runs on Workers as well as Node:
 * `pbkdf2-sha256$<iterations>$<salt>$<hash>`, base64url. The iteration count is recorded in each
 * hash, so raising it later leaves old hashes verifiable.
 *
 * 100,000 by default: Cloudflare's runtime has capped PBKDF2 at 100,000 iterations (workerd issue
 * #1346), below OWASP's 600,000 for SHA-256. See docs/decisions/0116-workers-runtime.md.
 */
export const PBKDF2_MAX_ITERATIONS_ON_WORKERS = 100_000;
const KEY_BYTES = 32;
const PREFIX = 'pbkdf2-sha256';

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return null;
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password.normalize('NFKC')), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, key, KEY_BYTES * 8);
  return new Uint8Array(bits);
}

/** Constant time in the bytes' values (the lengths are public: both are KEY_BYTES). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export function createPbkdf2Hasher(params: { iterations?: number } = {}): PasswordHasher {
  const iterations = params.iterations ?? PBKDF2_MAX_ITERATIONS_ON_WORKERS;
  if (!Number.isInteger(iterations) || iterations < 1000) throw new Error('PBKDF2 needs at least 1,000 iterations');
  return {
    async hash(password) {
      const salt = crypto.getRandomValues(new Uint8Array(16));
      const key = await derive(password, salt, iterations);
      return `${PREFIX}$${iterations}$${toBase64Url(salt)}$${toBase64Url(key)}`;
    },
    async verify(password, stored) {
      const parts = stored.split('$');
      if (parts.length !== 4 || parts[0] !== PREFIX) return false;
      const n = Number(parts[1]);
      if (!Number.isInteger(n) || n < 1000 || n > 10_000_000) return false;
      const salt = fromBase64Url(parts[2]!);
      const want = fromBase64Url(parts[3]!);
      if (!salt || salt.length < 8 || !want || want.length !== KEY_BYTES) return false;
      try {
        return sameBytes(await derive(password, salt, n), want);
      } catch {
        return false; // e.g. a count above what this runtime's PBKDF2 allows
      }
    },
  };
}
