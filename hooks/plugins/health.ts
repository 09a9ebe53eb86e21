/**
 * Probes. /healthz: the process answers (liveness; no dependency checks).
 * /readyz: 200 once the app is ready, 503 while draining, so the Service
 * stops sending Metacontroller here before the server closes.
 */
import type { FastifyInstance } from 'fastify'

export interface Readiness {
  ready: boolean
  draining: boolean
}

export function healthRoutes(app: FastifyInstance, state: Readiness): void {
  app.addHook('onReady', (done) => {
    state.ready = true
    done()
  })
  app.get('/healthz', () => ({ status: 'ok' }))
  app.get('/readyz', async (_req, reply) => {
    if (state.draining) return reply.code(503).send({ status: 'draining' })
    if (!state.ready) return reply.code(503).send({ status: 'starting' })
    return { status: 'ready' }
  })
}
