/** Turning the parent object of a request into a ClusterObject, or saying why it cannot be. */
import { evaluateCrdRules } from '../../api/cel.js'
import { openApiSchema } from '../../api/crd.js'
import { databaseClusterCrd } from '../../api/crds.js'
import { DatabaseClusterSpec } from '../../api/database-cluster.js'
import { type ParseResult, parserFor } from '../../api/validate.js'
import { HookError } from '../shared/errors.js'
import { memoByKey } from '../shared/memo.js'
import type { KObject } from '../shared/kube.js'
import type { ClusterObject } from './engine-provider.js'

const parseSpec = parserFor<DatabaseClusterSpec>(DatabaseClusterSpec)
const SCHEMA = openApiSchema(databaseClusterCrd)

/** A checked spec as JSON text (each caller gets its own copy), or why it is not valid. */
type SpecVerdict = { ok: true; specText: string } | { ok: false; errors: readonly string[] }

/**
 * Metacontroller sends the same parent again and again (every resync, every
 * change of a child's status), and checking a spec (schema defaults and
 * validation, then the CRD's CEL rules) is the most expensive step of a sync.
 * Both depend only on the spec's JSON text and the name (parserFor copies its
 * input through JSON), so verdicts are remembered by that text. Bounded: the
 * whole memo is dropped when it is full.
 */
const remembered = memoByKey<SpecVerdict>(512)

function checkSpec(name: string, spec: unknown): SpecVerdict {
  const parsed = parseSpec(spec)
  if (!parsed.ok) return { ok: false, errors: parsed.errors }
  // The API server has run these rules already; a hook does not trust its input.
  const failures = evaluateCrdRules(SCHEMA, { metadata: { name }, spec: parsed.value })
  if (failures.length > 0) return { ok: false, errors: failures.map((f) => `${f.path}: ${f.message}`) }
  return { ok: true, specText: JSON.stringify(parsed.value) }
}

function verdictFor(name: string, spec: unknown): SpecVerdict {
  const text = JSON.stringify(spec) as string | undefined
  if (text === undefined || typeof name !== 'string') return checkSpec(name, spec)
  return remembered(`${name}\u0000${text}`, () => checkSpec(name, spec))
}

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
  const verdict = verdictFor(name, parent.spec)
  if (!verdict.ok) return { ok: false, errors: [...verdict.errors] }
  return {
    ok: true,
    value: {
      name,
      namespace,
      uid,
      generation: typeof generation === 'number' ? generation : 0,
      labels: labels ?? {},
      spec: JSON.parse(verdict.specText) as DatabaseClusterSpec,
      status,
    },
  }
}
