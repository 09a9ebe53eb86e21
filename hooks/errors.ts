/** Error codes of the hook server, in Fastify's FST_ERR_* style. Every one answers 500: Metacontroller then changes nothing. */
export const DBAAS_ERR = {
  ENVELOPE: 'DBAAS_ERR_ENVELOPE',
  JSON: 'DBAAS_ERR_JSON',
  RESPONSE: 'DBAAS_ERR_RESPONSE',
  INTERNAL: 'DBAAS_ERR_INTERNAL',
  NOT_FOUND: 'DBAAS_ERR_NOT_FOUND',
  DRAINING: 'DBAAS_ERR_DRAINING',
} as const

export class EnvelopeError extends Error {
  readonly code = DBAAS_ERR.ENVELOPE
  constructor(message: string) {
    super(message)
    this.name = 'EnvelopeError'
  }
}

export class ResponseError extends Error {
  readonly code = DBAAS_ERR.RESPONSE
  constructor(message: string) {
    super(message)
    this.name = 'ResponseError'
  }
}
