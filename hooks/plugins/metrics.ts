/**
 * Prometheus metrics of the hook server, on a registry of the app's own (so
 * tests get a fresh one). Names follow controller-runtime's vocabulary under
 * our prefix; labels are bounded (no namespace or name).
 */
import type { FastifyInstance } from 'fastify'
import { Counter, Histogram, type Registry, collectDefaultMetrics } from 'prom-client'

export interface HookMetrics {
  requests: Counter<'controller' | 'hook' | 'code'>
  errors: Counter<'controller' | 'hook' | 'code'>
  duration: Histogram<'controller' | 'hook'>
  children: Histogram<'controller'>
}

export function createMetrics(registry: Registry): HookMetrics {
  collectDefaultMetrics({ register: registry })
  return {
    requests: new Counter({ name: 'dbaas_hook_requests_total', help: 'Hook calls by controller, hook and HTTP status code.', labelNames: ['controller', 'hook', 'code'], registers: [registry] }),
    errors: new Counter({ name: 'dbaas_reconcile_errors_total', help: 'Hook calls that could not compute the desired state (answered 500).', labelNames: ['controller', 'hook', 'code'], registers: [registry] }),
    duration: new Histogram({ name: 'dbaas_reconcile_time_seconds', help: 'Time to answer a hook call.', labelNames: ['controller', 'hook'], buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry] }),
    children: new Histogram({ name: 'dbaas_hook_children', help: 'Children (or attachments) in a sync answer.', labelNames: ['controller'], buckets: [0, 1, 2, 5, 10, 20, 50, 100], registers: [registry] }),
  }
}

export function metricsRoute(app: FastifyInstance, registry: Registry): void {
  app.get('/metrics', async (_req, reply) => {
    const body = await registry.metrics()
    return reply.header('content-type', registry.contentType).send(body)
  })
}
