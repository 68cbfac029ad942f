/**
 * RFC 4180 CSV, read incrementally: quoted fields, doubled quotes, commas and line breaks inside
 * quotes, CRLF or LF, a UTF-8 BOM. Feed text as it arrives (`push`), then `end()`; every call
 * returns the records it completed. A blank line is no record. An unterminated quote is an error
 * naming the line it started on.
 */
export class CsvReader {
  private row: string[] = [];
  private field = '';
  private inQuotes = false;
  /** The previous chunk ended on a quote inside quotes: escaped quote or the end of the field, decided by the next character. */
  private quotePending = false;
  /** The previous chunk ended on a CR: a following LF belongs to it. */
  private crPending = false;
  private started = false;
  private line = 1;
  private quoteLine = 0;
  /** Physical line each completed record started on (1-based), in the order returned. */
  private recordLine = 1;

  push(chunk: string): Array<{ line: number; values: string[] }> {
    let s = chunk;
    if (!this.started && s.length) {
      this.started = true;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    const out: Array<{ line: number; values: string[] }> = [];
    let i = 0;
    if (this.crPending) {
      this.crPending = false;
      if (s[0] === '\n') i = 1;
    }
    for (; i < s.length; i++) {
      const ch = s[i]!;
      if (this.quotePending) {
        this.quotePending = false;
        if (ch === '"') {
          this.field += '"';
          continue;
        }
        this.inQuotes = false;
      }
      if (this.inQuotes) {
        // Runs of ordinary characters at once: most of a quoted field.
        const q = s.indexOf('"', i);
        const end = q === -1 ? s.length : q;
        if (end > i) {
          const part = s.slice(i, end);
          for (let k = part.indexOf('\n'); k !== -1; k = part.indexOf('\n', k + 1)) this.line++;
          this.field += part;
          i = end - 1;
          continue;
        }
        if (s[i + 1] === '"') {
          this.field += '"';
          i++;
        } else if (i + 1 === s.length) this.quotePending = true;
        else this.inQuotes = false;
        continue;
      }
      if (ch === '"' && this.field === '') {
        this.inQuotes = true;
        this.quoteLine = this.line;
      } else if (ch === ',') {
        this.row.push(this.field);
        this.field = '';
      } else if (ch === '\n' || ch === '\r') {
        if (ch === '\r') {
          if (i + 1 === s.length) this.crPending = true;
          else if (s[i + 1] === '\n') i++;
        }
        this.finishRecord(out);
        this.line++;
        this.recordLine = this.line;
      } else {
        // Runs of plain characters at once.
        let j = i;
        while (j < s.length) {
          const c = s.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          j++;
        }
        this.field += s.slice(i, j);
        i = j - 1;
      }
    }
    return out;
  }

  end(): { ok: true; records: Array<{ line: number; values: string[] }> } | { ok: false; error: string } {
    if (this.quotePending) {
      this.quotePending = false;
      this.inQuotes = false;
    }
    if (this.inQuotes) return { ok: false, error: `unterminated quoted field starting on line ${this.quoteLine}` };
    const out: Array<{ line: number; values: string[] }> = [];
    if (this.field !== '' || this.row.length) this.finishRecord(out);
    return { ok: true, records: out };
  }

  private finishRecord(out: Array<{ line: number; values: string[] }>) {
    this.row.push(this.field);
    const values = this.row;
    this.row = [];
    this.field = '';
    if (!(values.length === 1 && values[0]!.trim() === '')) out.push({ line: this.recordLine, values });
  }
}

/** A whole CSV text at once → rows of strings (see CsvReader). */
export function parseCsv(text: string): { ok: true; rows: string[][] } | { ok: false; error: string } {
  const reader = new CsvReader();
  const rows = reader.push(text).map((r) => r.values);
  const last = reader.end();
  if (!last.ok) return last;
  return { ok: true, rows: [...rows, ...last.records.map((r) => r.values)] };
}

/** Charsets a CSV may come in: UTF-8 (with or without a BOM) and Shift_JIS as Excel in Japan writes it (CP932, a.k.a. Windows-31J). */
export const CSV_CHARSETS = ['utf-8', 'shift_jis'] as const;
export type CsvCharset = (typeof CSV_CHARSETS)[number];

/** A `charset` as people write it → one we read; null when we do not. */
export function csvCharset(label: string): CsvCharset | null {
  const l = label.trim().toLowerCase().replace(/^"|"$/g, '');
  if (['utf-8', 'utf8'].includes(l)) return 'utf-8';
  // WHATWG's shift_jis decoder is CP932's table (NEC and IBM extensions, ～ as U+FF5E).
  if (['shift_jis', 'shift-jis', 'sjis', 'cp932', 'ms932', 'windows-31j', 'x-sjis', 'ms_kanji', 'csshiftjis'].includes(l)) return 'shift_jis';
  return null;
}

export const CHARSET_ERROR = `charset must be one of ${CSV_CHARSETS.join(', ')} (cp932, windows-31j and sjis are read as shift_jis)`;

/** How much of the file is looked at before deciding its charset. */
const SNIFF_BYTES = 64 * 1024;

/**
 * Bytes as they arrive → text. Without a charset: UTF-8 when the first 64 KiB are valid UTF-8
 * (or start with its BOM), otherwise Shift_JIS/CP932 — Excel's "CSV" in Japan. Bytes that are not
 * valid in the charset chosen stop the read with an error naming the byte offset (never mojibake).
 */
export async function* decodeCsvBytes(source: AsyncIterable<Uint8Array>, charset?: CsvCharset): AsyncGenerator<string, CsvCharset> {
  let decoder: TextDecoder | null = charset ? new TextDecoder(charset, { fatal: true }) : null;
  let chosen: CsvCharset | undefined = charset;
  const held: Uint8Array[] = [];
  let heldBytes = 0;
  let offset = 0;
  const decode = (bytes: Uint8Array, stream: boolean) => {
    try {
      const text = decoder!.decode(bytes, { stream });
      offset += bytes.length;
      return text;
    } catch {
      throw new CsvReadError(`the file is not valid ${chosen === 'utf-8' ? 'UTF-8' : 'Shift_JIS (CP932)'} (within bytes ${offset}–${offset + bytes.length}); say which charset it is with ?charset=utf-8 or ?charset=shift_jis`);
    }
  };
  const sniff = (bytes: Uint8Array, final: boolean): CsvCharset => {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !final });
      return 'utf-8';
    } catch {
      return 'shift_jis';
    }
  };
  const concat = (parts: Uint8Array[], n: number) => {
    const all = new Uint8Array(n);
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    return all;
  };
  for await (const chunk of source) {
    if (!decoder) {
      held.push(chunk);
      heldBytes += chunk.length;
      if (heldBytes < SNIFF_BYTES) continue;
      const first = concat(held, heldBytes);
      chosen = sniff(first, false);
      decoder = new TextDecoder(chosen, { fatal: true });
      held.length = 0;
      yield decode(first, true);
      continue;
    }
    yield decode(chunk, true);
  }
  if (!decoder) {
    const first = concat(held, heldBytes);
    chosen = sniff(first, true);
    decoder = new TextDecoder(chosen, { fatal: true });
    yield decode(first, false);
  } else yield decode(new Uint8Array(0), false);
  return chosen!;
}

/** The bytes could not be read as CSV text (charset, size): the file's problem, not a row's. */
export class CsvReadError extends Error {}

/** A whole body's bytes → text in its charset (given, or detected as decodeCsvBytes does). */
export async function decodeCsvText(bytes: Uint8Array, charset?: CsvCharset): Promise<{ ok: true; text: string; charset: CsvCharset } | { ok: false; error: string }> {
  const parts: string[] = [];
  const gen = decodeCsvBytes((async function* () { yield bytes; })(), charset);
  try {
    for (let next = await gen.next(); ; next = await gen.next()) {
      if (next.done) return { ok: true, text: parts.join(''), charset: next.value };
      parts.push(next.value);
    }
  } catch (e) {
    if (e instanceof CsvReadError) return { ok: false, error: e.message };
    throw e;
  }
}

/** `?charset=` first, then the content type's `charset=`; undefined = detect; null = not one we read. */
export function requestedCharset(query: string | undefined, contentType: string): CsvCharset | null | undefined {
  const label = query ?? /;\s*charset=([^;]+)/i.exec(contentType)?.[1];
  return label === undefined ? undefined : csvCharset(label);
}
