/**
 * When the spec cannot be carried out, the answer keeps every observed child
 * exactly as it was last applied: nothing is deleted and nothing changes.
 */
import type { KObject, ObjectMap } from '../shared/kube.js'
import { allObjects, lastApplied } from '../shared/observed.js'

export function keepLastApplied(children: ObjectMap): KObject[] {
  return allObjects(children).map(lastApplied)
}
