import pino, { type Logger } from 'pino';

/** Structured logs. Bodies, names and full phone numbers never go in at info level (invariant 8). */
export function createLogger(level: string = 'info'): Logger {
  return pino({
    level,
    base: { app: 'saisoku' },
    redact: { paths: ['body', 'name', 'phone', '*.body', '*.name', '*.phone'], censor: '[redacted]' },
  });
}
