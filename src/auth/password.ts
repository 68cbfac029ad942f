/**
 * PasswordHasher port: the HTTP app only ever calls hash/verify, so it stays free of Node-only
 * APIs. The Node adapter (password-node.ts) uses scrypt from node:crypto; the Workers deployment
 * uses PBKDF2 on WebCrypto (password-webcrypto.ts). Each hash starts with its algorithm
 * (`scrypt$…`, `pbkdf2-sha256$…`), so `withVerifiers` lets one runtime check the other's hashes.
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

/** Hashes with `primary`; verifies a hash made by `primary` or by any of `others` (each says false to a foreign prefix). */
export function withVerifiers(primary: PasswordHasher, ...others: PasswordHasher[]): PasswordHasher {
  return {
    hash: (password) => primary.hash(password),
    async verify(password, stored) {
      for (const h of [primary, ...others]) if (await h.verify(password, stored)) return true;
      return false;
    },
  };
}
