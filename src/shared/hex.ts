/** Bytes as lowercase hex, two characters a byte (digests, signatures, ids). WebCrypto hands back ArrayBuffers. */
const BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  let s = '';
  for (const b of bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)) s += BYTE[b];
  return s;
}
