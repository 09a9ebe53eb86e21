/**
 * CEL rules generated from the capability table, so the API server rejects an
 * unsupported engine/feature combination at `kubectl apply` time with a
 * message that names the engine and the reason.
 */
import { CAPABILITIES, type EngineCapabilities } from './capabilities.js'
import type { CelRule } from './k8s-schema.js'

function forEngine(caps: EngineCapabilities, condition: string, message: string, fieldPath: string): CelRule {
  return { rule: `self.engine != '${caps.engine}' || (${condition})`, message: `${caps.engine}: ${message}`, fieldPath }
}

/** The schema already bounds clusterSize to 1..9; a size rule is only needed when an engine allows less. */
const SCHEMA_SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 9]

function rulesFor(caps: EngineCapabilities): CelRule[] {
  const restricted = caps.sizes.length !== SCHEMA_SIZES.length || caps.sizes.some((n, i) => n !== SCHEMA_SIZES[i])
  const rules: CelRule[] = restricted ? [forEngine(caps, `self.clusterSize in [${caps.sizes.join(', ')}]`, `clusterSize must be one of ${caps.sizes.join(', ')} (${caps.sizeRule})`, '.clusterSize')] : []
  if (caps.proxies.length === 0) {
    rules.push(forEngine(caps, '!has(self.proxy) || !self.proxy.enabled', `has no proxy; clients connect to the ${caps.engine} endpoints directly`, '.proxy'))
  } else {
    const list = caps.proxies.map((p) => `'${p}'`).join(', ')
    rules.push(forEngine(caps, `!has(self.proxy) || !has(self.proxy.type) || self.proxy.type in [${list}]`, `proxy.type must be ${caps.proxies.join(' or ')}`, '.proxy.type'))
  }
  if (!caps.backup) rules.push(forEngine(caps, '!has(self.backup)', `has no backups in ${caps.operator}`, '.backup'))
  if (!caps.restore) rules.push(forEngine(caps, '!has(self.dataSource)', `cannot be created from a backup or a clone in ${caps.operator}`, '.dataSource'))
  if (!caps.stop) rules.push(forEngine(caps, '!self.stopped', `cannot be stopped: ${caps.operator} has no way to pause it`, '.stopped'))
  if (caps.retention === 'days') {
    rules.push(forEngine(caps, '!has(self.backup) || self.backup.schedules.all(s, !has(s.retentionCopies))', 'retention is time-based: use backup.retentionDays, not schedules[].retentionCopies', '.backup.schedules'))
  }
  if (caps.retention === 'copies') {
    rules.push(forEngine(caps, '!has(self.backup) || !has(self.backup.retentionDays)', 'retention counts backups: use backup.schedules[].retentionCopies, not retentionDays', '.backup.retentionDays'))
  }
  return rules
}

export function capabilityRules(): CelRule[] {
  return Object.values(CAPABILITIES).flatMap(rulesFor)
}
