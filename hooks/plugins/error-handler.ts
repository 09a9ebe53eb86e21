/**
 * What the server answers when no hook handler did: Fastify's own errors
 * (invalid JSON, a body over the limit) as coded 500s that still count as a
 * hook call, unknown paths as a coded 404, and requests that arrive while
 * the server closes as a coded 503.
 */
import type { FastifyInstance } from 'fastify'
import { DBAAS_ERR, ERRORS, toErrorReply } from '../errors.js'
import { type CallRecorder, hookOf } from '../hook-call.js'

export function errorHandling(app: FastifyInstance, record: CallRecorder): void {
  let closing = false
  app.addHook('preClose', (done) => {
    closing = true
    done()
  })
  app.addHook('onRequest', async (_req, reply) => {
    if (closing) await reply.code(503).header('connection', 'close').send({ error: DBAAS_ERR.DRAINING, message: ERRORS.DBAAS_ERR_DRAINING.message })
  })
  app.setErrorHandler(async (error: unknown, req, reply) => {
    const { statusCode, body } = toErrorReply(error)
    const hook = hookOf(req)
    if (hook !== undefined) record(req, reply, hook, { result: 'error', error: body })
    else req.log.error({ error: body }, 'request failed')
    return reply.code(statusCode).send(body)
  })
  app.setNotFoundHandler(async (req, reply) => reply.code(404).send({ error: DBAAS_ERR.NOT_FOUND, message: `${ERRORS.DBAAS_ERR_NOT_FOUND.message}: ${req.method} ${req.url}` }))
}
