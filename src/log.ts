import pino, { type DestinationStream, type Logger } from 'pino';

/** Fields of database errors that carry row values (drizzle: `params`; postgres: `parameters`, `detail`). */
const VALUE_FIELDS = ['params', 'parameters', 'detail'] as const;
const KEPT_FIELDS = ['code', 'constraint', 'constraint_name', 'table', 'table_name', 'column', 'column_name', 'severity', 'routine'] as const;

/**
 * A failed query's error repeats its parameters (phones, names, message bodies) in its message, its
 * stack and `params`: logged errors keep the statement, the code and the frames, never the values.
 */
function withoutValues(e: unknown, depth = 0): unknown {
  if (!(e instanceof Error) || depth > 5) return e;
  const raw = e as Error & Record<string, unknown>;
  const cause = withoutValues(raw.cause, depth + 1);
  const hasValues = VALUE_FIELDS.some((k) => k in raw);
  if (!hasValues && cause === raw.cause) return e;
  const message = typeof raw.query === 'string' && 'params' in raw ? `Failed query: ${raw.query}` : e.message;
  const out = new Error(message, cause === undefined ? undefined : { cause }) as Error & Record<string, unknown>;
  out.name = e.name;
  for (const k of KEPT_FIELDS) if (raw[k] !== undefined) out[k] = raw[k];
  if (typeof raw.query === 'string') out.query = raw.query;
  const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  out.stack = [`${e.name}: ${message}`, ...frames].join('\n');
  return out;
}

/** Structured logs. Bodies, names and full phone numbers never go in at info level (invariant 8). */
export function createLogger(level: string = 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { app: 'saisoku' },
    redact: { paths: ['body', 'name', 'phone', 'from', 'to', '*.body', '*.name', '*.phone', '*.from', '*.to'], censor: '[redacted]' },
    serializers: { err: (e: unknown) => pino.stdSerializers.err(withoutValues(e) as Error) },
    // The Workers bundle gets pino's browser build, which redacts and serializes only in object mode.
    browser: { asObject: true, serialize: true },
  };
  return destination ? pino(options, destination) : pino(options);
}
