/** The OpsRequest parent of a request, parsed with defaults. */
import { OpsRequestSpec, type OpsRequestStatus } from '../../api/ops-request.js'
import { type ParseResult, parserFor } from '../../api/validate.js'
import { HookError } from '../shared/errors.js'
import type { KObject } from '../shared/kube.js'

export interface OpsObject {
  name: string
  namespace: string
  uid: string
  generation: number
  createdAt: string
  spec: OpsRequestSpec
  status: OpsRequestStatus
}

const parseSpec = parserFor<OpsRequestSpec>(OpsRequestSpec)

export function previousStatus(parent: KObject): OpsRequestStatus {
  const s = parent.status
  return typeof s === 'object' && s !== null && !Array.isArray(s) ? (s) : {}
}

export function parseOps(parent: KObject, now: string): ParseResult<OpsObject> {
  const { name, namespace, uid, generation, creationTimestamp } = parent.metadata
  if (typeof namespace !== 'string' || namespace === '' || typeof uid !== 'string' || uid === '') {
    throw new HookError('ParentMetadataInvalid', 'parent has no namespace or uid')
  }
  const parsed = parseSpec(parent.spec)
  if (!parsed.ok) return parsed
  return {
    ok: true,
    value: {
      name,
      namespace,
      uid,
      generation: typeof generation === 'number' ? generation : 0,
      createdAt: typeof creationTimestamp === 'string' ? creationTimestamp : now,
      spec: parsed.value,
      status: previousStatus(parent),
    },
  }
}
