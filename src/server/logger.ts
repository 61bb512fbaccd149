import pino from 'pino'

/**
 * Paths pino blanks in every log line, whatever a future log call passes: request
 * headers (the bearer token), any `value`, `token` or `key` field (secret values, new
 * tokens, the server key). Request logging itself only ever logs chosen fields.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
  'token',
  '*.token',
  'value',
  '*.value',
  '*.*.value',
  'key',
  '*.key',
  'body',
  '*.body',
]

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'

/** JSON lines on stderr (stdout carries the URL the server listens on). */
export function createLogger(level: LogLevel): pino.Logger {
  return pino({
    level,
    base: { service: 'omsctl-server' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  }, pino.destination({ dest: 2, sync: false }))
}
