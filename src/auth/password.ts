/**
 * PasswordHasher port: the HTTP app only ever calls hash/verify, so it stays free of Node-only
 * APIs. The Node adapter (password-node.ts) uses scrypt from node:crypto; a Workers deployment
 * would plug in a WebCrypto PBKDF2 adapter (crypto.subtle.deriveBits, SHA-256, ≥600k iterations)
 * whose hashes carry their own `pbkdf2$…` prefix, so both can verify side by side.
 */
export interface PasswordHasher {
  /** A self-describing string: algorithm, parameters, salt and hash. */
  hash(password: string): Promise<string>;
  /** Constant-time comparison; false (never a throw) for a malformed or foreign hash. */
  verify(password: string, stored: string): Promise<boolean>;
}

/** Passwords people may choose: long enough, not absurdly long (the KDF is the cost). */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;
