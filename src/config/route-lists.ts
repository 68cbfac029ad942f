/** The SMS_ROUTES / SMS_DOMESTIC_ROUTES syntax: pure parsers the env check and the router share. */

/** "JP=rakuten>twilio,*=twilio" → routes. Throws naming the bad part. */
export function parseRouteList(value: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([A-Za-z]{2}|\*)\s*=\s*([a-z0-9-]+(?:\s*>\s*[a-z0-9-]+)?)$/.exec(part);
    if (!m) throw new Error(`"${part}" must look like JP=rakuten or JP=rakuten>twilio`);
    out[m[1]!.toUpperCase()] = m[2]!.split('>').map((s) => s.trim());
  }
  return out;
}

/** "twilio=JP" (several with commas) → route → countries. */
export function parseDomesticList(value: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-z0-9-]+)\s*=\s*([A-Za-z]{2})$/.exec(part);
    if (!m) throw new Error(`"${part}" must look like twilio=JP`);
    (out[m[1]!] ??= []).push(m[2]!.toUpperCase());
  }
  return out;
}
