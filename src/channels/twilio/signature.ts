import { createHash, createHmac } from 'node:crypto';

/**
 * Twilio webhook signatures (X-Twilio-Signature) with node:crypto, which Workers have too
 * (nodejs_compat). Not WebCrypto: its async HMAC (importKey + sign per URL variant) was the largest
 * single CPU cost of a webhook in the ingest bench; createHmac is ~10 µs.
 *
 * Form posts: base64(HMAC-SHA1(authToken, url + name1 + value1 + name2 + value2 …)), params sorted
 * by name (code-unit order, i.e. case-sensitive "Unix" order). A repeated name contributes each
 * distinct value, values sorted — exactly what the official `twilio` package does.
 * JSON posts: Twilio adds `?bodySHA256=<hex sha256 of the body>` to the URL and signs the URL alone.
 * https://www.twilio.com/docs/usage/webhooks/webhooks-security
 */

const encoder = new TextEncoder();

/** Constant-time byte comparison: time depends only on the lengths, never on where bytes differ. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  const n = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < n; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export function timingSafeEqualStrings(a: string, b: string): boolean {
  return timingSafeEqual(encoder.encode(a), encoder.encode(b));
}

/** The string Twilio signs: url, then every param name+value sorted by name. */
export function signingPayload(url: string, params: URLSearchParams | Record<string, string | string[]>): string {
  return url + paramsPayload(params);
}

/**
 * The part of the signed string after the URL: every param name+value sorted by name (code-unit
 * order), a repeated name's distinct values sorted. One pass over the pairs and one sort of them
 * (a webhook's ~19 fields): no map of lists, no set per name (#12: it ran three times per webhook
 * before the tail was shared, and still allocated a list per field).
 */
function paramsPayload(params: URLSearchParams | Record<string, string | string[]>): string {
  const pairs: Array<[string, string]> = [];
  if (params instanceof URLSearchParams) params.forEach((value, name) => pairs.push([name, value]));
  else for (const [name, value] of Object.entries(params)) for (const v of Array.isArray(value) ? value : [value]) pairs.push([name, v]);
  // Code-unit order by name, then by value (what sorting names, then each name's values, gives).
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  let data = '';
  for (let i = 0; i < pairs.length; i++) {
    const [name, value] = pairs[i]!;
    // A repeated name's value counts once (equal pairs are adjacent after the sort).
    if (i > 0 && pairs[i - 1]![0] === name && pairs[i - 1]![1] === value) continue;
    data += name + value;
  }
  return data;
}

const hmacSha1 = (authToken: string, data: string) => createHmac('sha1', authToken).update(data, 'utf8').digest('base64');

export async function computeTwilioSignature(
  authToken: string,
  url: string,
  params: URLSearchParams | Record<string, string | string[]> = {},
): Promise<string> {
  return hmacSha1(authToken, signingPayload(url, params));
}

export async function sha256Hex(body: string): Promise<string> {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/**
 * Twilio may sign the URL with or without the default port (":443"/":80") depending on how the
 * webhook was configured, so like the official library we accept either form.
 */
function urlVariants(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [url];
  }
  const withoutPort = new URL(parsed);
  withoutPort.port = '';
  const variants = [withoutPort.toString()];
  if (parsed.port) {
    variants.push(parsed.toString());
  } else {
    const port = parsed.protocol === 'https:' ? '443' : '80';
    const auth = parsed.username ? `${parsed.username}${parsed.password ? `:${parsed.password}` : ''}@` : '';
    variants.push(`${parsed.protocol}//${auth}${parsed.host}:${port}${parsed.pathname}${parsed.search}${parsed.hash}`);
  }
  // The raw string as given, in case URL normalisation changed it (e.g. a trailing "?").
  if (!variants.includes(url)) variants.push(url);
  return variants;
}

export interface TwilioSignatureInput {
  authToken: string;
  /** Full public URL Twilio posted to, including the query string. */
  url: string;
  /** Value of the X-Twilio-Signature header. */
  signature: string | undefined;
  /** Raw request body: form-encoded, or JSON when the URL carries `bodySHA256`. */
  rawBody: string;
}

/** True when the signature (and, for JSON bodies, the body hash) matches. Never throws. */
/** What a signed URL gives the check: its body hash (JSON posts) and the forms it may have been signed under; null when it does not parse. */
type UrlForms = { bodyHash: string | null; variants: string[] } | null;
function urlForms(url: string): UrlForms {
  try {
    return { bodyHash: new URL(url).searchParams.get('bodySHA256'), variants: urlVariants(url) };
  } catch {
    return null;
  }
}
/** Every webhook of a route is posted to the same URL: its forms are parsed once (a pure function of the string; ~4 URL parses a webhook otherwise). */
let lastForms: { url: string; forms: UrlForms } | undefined;
function formsOf(url: string): UrlForms {
  if (lastForms?.url !== url) lastForms = { url, forms: urlForms(url) };
  return lastForms.forms;
}

export async function verifyTwilioSignature(input: TwilioSignatureInput): Promise<boolean> {
  const { authToken, url, signature, rawBody } = input;
  if (!signature || !authToken) return false;

  const forms = formsOf(url);
  if (!forms) return false;
  const { bodyHash } = forms;
  const params = bodyHash === null ? new URLSearchParams(rawBody) : new URLSearchParams();

  // The sorted params are the same for every URL variant: built once; so are the given signature's bytes.
  const tail = paramsPayload(params);
  const given = encoder.encode(signature);
  let valid = false;
  for (const candidate of forms.variants) {
    // Check every variant (no early exit) so timing does not reveal which form matched.
    const expected = hmacSha1(authToken, candidate + tail);
    valid = timingSafeEqual(given, encoder.encode(expected)) || valid;
  }
  if (bodyHash !== null) {
    const bodyOk = timingSafeEqualStrings(bodyHash.toLowerCase(), await sha256Hex(rawBody));
    valid = valid && bodyOk;
  }
  return valid;
}
