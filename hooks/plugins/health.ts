/**
 * Probes. /healthz: the process answers (liveness; no dependency checks).
 * /readyz: 200 once ready, 503 while draining so the Service stops sending
 * Metacontroller here before the server closes.
 */
import type { FastifyInstance } from 'fastify'

export interface Readiness {
  draining: boolean
}

export function healthRoutes(app: FastifyInstance, state: Readiness): void {
  app.get('/healthz', () => ({ status: 'ok' }))
  app.get('/readyz', async (_req, reply) => (state.draining ? reply.code(503).send({ status: 'draining' }) : { status: 'ready' }))
}
