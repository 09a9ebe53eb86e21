/** Turning the parent object of a request into a ClusterObject, or saying why it cannot be. */
import { evaluateCrdRules } from '../../api/cel.js'
import { openApiSchema } from '../../api/crd.js'
import { databaseClusterCrd } from '../../api/crds.js'
import { DatabaseClusterSpec } from '../../api/database-cluster.js'
import { type ParseResult, parserFor } from '../../api/validate.js'
import { HookError } from '../shared/errors.js'
import type { KObject } from '../shared/kube.js'
import type { ClusterObject } from './engine-provider.js'

const parseSpec = parserFor<DatabaseClusterSpec>(DatabaseClusterSpec)
const SCHEMA = openApiSchema(databaseClusterCrd)

/**
 * Metadata problems are bugs in the caller (Metacontroller always sends name,
 * namespace and uid) and throw; spec problems are the user's and are returned.
 */
export function parseCluster(parent: KObject): ParseResult<ClusterObject> {
  const { name, namespace, uid, generation, labels } = parent.metadata
  if (typeof namespace !== 'string' || namespace === '' || typeof uid !== 'string' || uid === '') {
    throw new HookError('ParentMetadataInvalid', 'parent has no namespace or uid')
  }
  const status = typeof parent.status === 'object' && parent.status !== null && !Array.isArray(parent.status) ? (parent.status as Record<string, unknown>) : {}
  const parsed = parseSpec(parent.spec)
  if (!parsed.ok) return parsed
  // The API server has run these rules already; a hook does not trust its input.
  const failures = evaluateCrdRules(SCHEMA, { metadata: { name }, spec: parsed.value })
  if (failures.length > 0) return { ok: false, errors: failures.map((f) => `${f.path}: ${f.message}`) }
  return {
    ok: true,
    value: {
      name,
      namespace,
      uid,
      generation: typeof generation === 'number' ? generation : 0,
      labels: labels ?? {},
      spec: parsed.value,
      status,
    },
  }
}
