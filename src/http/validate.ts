import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../shared/errors';
import { IssueList, issuesMessage, schemaIssues, type Issue } from '../shared/issues';

/**
 * The first object key that appears twice in valid JSON text, or null. JSON.parse keeps the last
 * one silently, so a signed body could say two things; call only after JSON.parse succeeded.
 */
export function duplicateKey(text: string): string | null {
  const stack: Array<Set<string> | null> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const keys = stack[stack.length - 1];
      if (expectKey && keys) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (keys.has(key)) return key;
        keys.add(key);
        expectKey = false;
      }
      i = j;
    } else if (ch === '{') {
      stack.push(new Set());
      expectKey = true;
    } else if (ch === '[') stack.push(null);
    else if (ch === '}' || ch === ']') {
      stack.pop();
      expectKey = false;
    } else if (ch === ',') expectKey = stack[stack.length - 1] != null;
  }
  return null;
}

/**
 * Parses JSON text with `schema`: 400 when it is not JSON, 422 naming the first bad field, with
 * every bad field in `details.issues` ({ field, code, message }).
 * `rejectDuplicateKeys`: a key given twice is a 422 (signed bodies must mean one thing).
 */
export function parseJson<S extends z.ZodTypeAny>(text: string, schema: S, opts: { rejectDuplicateKeys?: boolean } = {}): z.infer<S> {
  const r = checkJson(text, schema, opts);
  if (!r.ok) {
    const first = r.issues[0]!;
    throw new AppError('unprocessable', `${first.field}: ${first.message}`, { field: first.field === 'body' ? '' : first.field, issues: r.issues });
  }
  return r.data;
}

/**
 * parseJson's checks, answering every schema problem as issues instead of throwing (a body that is
 * not JSON, a NUL, a repeated key still throw: nothing else can be checked then).
 */
function checkJson<S extends z.ZodTypeAny>(text: string, schema: S, opts: { rejectDuplicateKeys?: boolean } = {}): { ok: true; data: z.infer<S> } | { ok: false; issues: Issue[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'body must be valid JSON');
  }
  refuseNul(raw);
  if (opts.rejectDuplicateKeys) {
    const dup = duplicateKey(text);
    if (dup !== null) throw new AppError('unprocessable', `${JSON.stringify(dup).slice(0, 80)} appears twice in the body; give each key once`, { field: dup.slice(0, 80) });
  }
  const r = schema.safeParse(raw);
  return r.success ? { ok: true, data: r.data } : { ok: false, issues: schemaIssues(r.error.issues) };
}

/** Reads a JSON body and parses it with `schema`; errors name the field. */
export async function jsonBody<S extends z.ZodTypeAny>(c: Context, schema: S): Promise<z.infer<S>> {
  return parseJson(await c.req.text(), schema);
}

/** One 422 listing every issue (the first MAX_ISSUES, and how many there were). */
export function unprocessable(issues: Iterable<Issue>): AppError {
  const list = new IssueList();
  list.add(...issues);
  return new AppError('unprocessable', issuesMessage(list.listed, list.count), list.details());
}

/** The path of the first string (value or key) holding a NUL, which Postgres cannot store in text. */
export function nulPath(v: unknown, path = ''): string | null {
  if (typeof v === 'string') return v.includes('\u0000') ? path || 'body' : null;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = nulPath(v[i], path ? `${path}.${i}` : String(i));
      if (p) return p;
    }
    return null;
  }
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const here = path ? `${path}.${k}` : k;
      if (k.includes('\u0000')) return here;
      const p = nulPath(x, here);
      if (p) return p;
    }
  }
  return null;
}

/** 422 naming the field when any string in `v` holds a NUL byte. */
export function refuseNul(v: unknown): void {
  const field = nulPath(v);
  if (field) throw new AppError('unprocessable', `${field}: must not contain a NUL character`, { field });
}
