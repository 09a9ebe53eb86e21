/**
 * The server's pino logger: JSON lines with string level labels and ISO
 * times, and redaction of anything that could carry Secret data. Request and
 * response bodies are never logged at all; the redaction is a second fence.
 */
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino'

export const REDACT = ['req.headers.authorization', 'data', 'stringData', '*.data', '*.stringData']

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** Our defaults under the caller's options (level, stream-independent settings). */
export function loggerOptions(options: LoggerOptions = {}): LoggerOptions {
  return {
    level: 'info',
    ...options,
    redact: { paths: REDACT, censor: '[redacted]' },
    formatters: { ...options.formatters, level: (label) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
  }
}

export function createLogger(options: LoggerOptions = {}, destination?: DestinationStream): Logger {
  return destination === undefined ? pino(loggerOptions(options)) : pino(loggerOptions(options), destination)
}

export function isLogger(value: unknown): value is Logger {
  return typeof value === 'object' && value !== null && typeof (value as Logger).child === 'function' && typeof (value as Logger).info === 'function'
}
