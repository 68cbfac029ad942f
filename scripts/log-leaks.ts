import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Finds personal data in structured (pino, NDJSON) logs at info level and above: phone numbers,
 * names and message bodies must never be there (invariant 8). What counts as a leak:
 * - a phone number anywhere (E.164 `+81…`/`+1…`, or a Japanese domestic mobile like 090-1234-5678);
 * - Japanese text anywhere (kana or kanji: debtor names and message bodies; log messages are English);
 * - a field named like a person's data (body, name, phone, from, to, text, message body…) whose value
 *   is not `[redacted]`.
 * Debug and trace lines are not checked. Lines that are not JSON are reported as unreadable.
 */
export interface Leak {
  file: string;
  line: number;
  why: string;
  excerpt: string;
}

const INFO = 30;
const PHONE = /(?<![\w.])\+\d{10,15}(?!\d)|(?<!\d)0[789]0-?\d{4}-?\d{4}(?!\d)/;
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/;
const PERSONAL_KEYS = new Set(['body', 'name', 'phone', 'from', 'to', 'text', 'debtorname', 'messagebody', 'reply']);
/** Keys whose values are ours, not a person's (pino's own, and the error serializer's). */
const OWN_KEYS = new Set(['msg', 'level', 'time', 'pid', 'hostname', 'app', 'stack', 'type', 'query']);

function walk(v: unknown, key: string, out: string[]): void {
  if (typeof v === 'string') {
    if (OWN_KEYS.has(key) && key !== 'msg' && key !== 'stack' && key !== 'query') return;
    if (PERSONAL_KEYS.has(key.toLowerCase()) && v !== '[redacted]') out.push(`field "${key}" is not redacted`);
    else if (PHONE.test(v)) out.push(`phone number in "${key}"`);
    else if (JAPANESE.test(v)) out.push(`Japanese text (a name or message body) in "${key}"`);
    return;
  }
  if (typeof v === 'number' && PERSONAL_KEYS.has(key.toLowerCase())) {
    out.push(`field "${key}" is not redacted`);
    return;
  }
  if (Array.isArray(v)) v.forEach((x) => walk(x, key, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k, out);
}

/** The leaks in one NDJSON text. */
export function leaksIn(text: string, file = '(text)'): Leak[] {
  const leaks: Leak[] = [];
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    let entry: unknown;
    try {
      entry = JSON.parse(raw);
    } catch {
      leaks.push({ file, line: i + 1, why: 'not a JSON log line', excerpt: raw.slice(0, 120) });
      return;
    }
    const level = (entry as { level?: unknown }).level;
    if (typeof level === 'number' && level < INFO) return;
    const found: string[] = [];
    walk(entry, '', found);
    for (const why of found) leaks.push({ file, line: i + 1, why, excerpt: raw.slice(0, 160) });
  });
  return leaks;
}

/** The leaks in every `*.ndjson` file of `dir`. */
export function leaksInDir(dir: string): { files: number; lines: number; leaks: Leak[] } {
  let files = 0;
  let lines = 0;
  const leaks: Leak[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ndjson')).sort()) {
    const text = readFileSync(join(dir, f), 'utf8');
    files++;
    lines += text.split('\n').filter((l) => l.trim()).length;
    leaks.push(...leaksIn(text, f));
  }
  return { files, lines, leaks };
}

/** `tsx scripts/log-leaks.ts <dir>`: exit 1 (and list them) when any log line leaks personal data. */
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = process.argv[2] ?? 'test-results/logs';
  const r = leaksInDir(dir);
  for (const l of r.leaks.slice(0, 50)) process.stderr.write(`${l.file}:${l.line}: ${l.why}\n    ${l.excerpt}\n`);
  if (r.files === 0) {
    process.stderr.write(`FAIL: no log files in ${dir} (did the tests write their logs?)\n`);
    process.exit(1);
  }
  if (r.leaks.length) {
    process.stderr.write(`FAIL: ${r.leaks.length} log line(s) with personal data at info level or above (${r.files} files, ${r.lines} lines)\n`);
    process.exit(1);
  }
  process.stdout.write(`logs: ${r.lines} lines in ${r.files} files, no phone numbers, names or message bodies\n`);
}
