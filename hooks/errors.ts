/**
 * Error codes of the hook server, in Fastify's FST_ERR_* style: one table with
 * a message and an HTTP status each. Every failure of a hook call answers 500,
 * so Metacontroller changes nothing and retries; only an unknown path is a 404.
 */
import { HookError } from '../providers/shared/errors.js'

export const ERRORS = {
  DBAAS_ERR_JSON: { statusCode: 500, message: 'request body is not valid JSON' },
  DBAAS_ERR_TOO_LARGE: { statusCode: 500, message: 'request body is larger than the hook body limit' },
  DBAAS_ERR_ENVELOPE: { statusCode: 500, message: 'malformed Metacontroller request' },
  DBAAS_ERR_RESPONSE: { statusCode: 500, message: 'the computed response is not a valid Metacontroller response' },
  DBAAS_ERR_INTERNAL: { statusCode: 500, message: 'internal error' },
  DBAAS_ERR_NOT_FOUND: { statusCode: 404, message: 'no such route' },
  DBAAS_ERR_DRAINING: { statusCode: 503, message: 'the server is shutting down' },
} as const

export type DbaasErrorCode = keyof typeof ERRORS

export const DBAAS_ERR = {
  JSON: 'DBAAS_ERR_JSON',
  TOO_LARGE: 'DBAAS_ERR_TOO_LARGE',
  ENVELOPE: 'DBAAS_ERR_ENVELOPE',
  RESPONSE: 'DBAAS_ERR_RESPONSE',
  INTERNAL: 'DBAAS_ERR_INTERNAL',
  NOT_FOUND: 'DBAAS_ERR_NOT_FOUND',
  DRAINING: 'DBAAS_ERR_DRAINING',
} as const satisfies Record<string, DbaasErrorCode>

/** An error of the HTTP shell itself (not of a provider). */
export class DbaasError extends Error {
  readonly code: DbaasErrorCode
  readonly statusCode: number
  constructor(code: DbaasErrorCode, detail?: string) {
    super(detail === undefined ? ERRORS[code].message : `${ERRORS[code].message}: ${detail}`)
    this.name = 'DbaasError'
    this.code = code
    this.statusCode = ERRORS[code].statusCode
  }
}

export interface ErrorBody {
  error: string
  message: string
}

/** Fastify's own errors while reading a body; their messages never quote the body. */
const FRAMEWORK: Readonly<Record<string, DbaasErrorCode>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'DBAAS_ERR_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'DBAAS_ERR_JSON',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'DBAAS_ERR_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'DBAAS_ERR_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'DBAAS_ERR_TOO_LARGE',
}

/**
 * The answer for anything thrown while handling a hook call: a provider's
 * HookError keeps its code, our own errors keep theirs, everything else is
 * DBAAS_ERR_INTERNAL. The body carries a code and a message, never a stack.
 */
export function toErrorReply(error: unknown): { statusCode: number; body: ErrorBody } {
  if (error instanceof HookError) return { statusCode: 500, body: { error: error.code, message: error.message } }
  if (error instanceof DbaasError) return { statusCode: error.statusCode, body: { error: error.code, message: error.message } }
  const frameworkCode = (error as { code?: unknown } | null)?.code
  const mapped = typeof frameworkCode === 'string' ? FRAMEWORK[frameworkCode] : undefined
  if (mapped !== undefined) return { statusCode: ERRORS[mapped].statusCode, body: { error: mapped, message: `${ERRORS[mapped].message} (${(error as Error).message})` } }
  const message = error instanceof Error ? error.message : String(error)
  return { statusCode: 500, body: { error: DBAAS_ERR.INTERNAL, message: `${ERRORS.DBAAS_ERR_INTERNAL.message}: ${message}` } }
}
