import pino, { type DestinationStream, type Logger } from 'pino';

/** Structured logs. Bodies, names and full phone numbers never go in at info level (invariant 8). */
export function createLogger(level: string = 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { app: 'saisoku' },
    redact: { paths: ['body', 'name', 'phone', 'from', 'to', '*.body', '*.name', '*.phone', '*.from', '*.to'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
