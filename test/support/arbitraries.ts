/** fast-check arbitraries for our API objects. */
import fc from 'fast-check'

export const dnsLabel = (max = 20) =>
  fc.stringMatching(new RegExp(`^[a-z]([-a-z0-9]{0,${Math.max(0, max - 2)}}[a-z0-9])?$`)).filter((s) => !s.includes('--') && s.length <= max)

const paramName = fc.constantFrom('max_connections', 'shared_buffers', 'work_mem', 'maintenance_work_mem', 'effective_cache_size', 'random_page_cost', 'log_min_duration_statement')
const paramValue = fc.oneof(fc.integer({ min: 1, max: 100000 }).map(String), fc.constantFrom('128MB', '4GB', 'on', 'off', '1.1'))

const config = fc.uniqueArray(fc.record({ name: paramName, value: paramValue }), { selector: (p) => p.name, maxLength: 5 })

const schedule = fc.record({
  name: dnsLabel(12),
  schedule: fc.constantFrom('0 2 * * *', '*/30 * * * *', '0 0 * * 0', '15 3 1 * *'),
  enabled: fc.boolean(),
})

export const postgresSpec = fc.record(
  {
    engine: fc.constant('postgresql'),
    version: fc.constantFrom('18', '17', '16', '15'),
    clusterSize: fc.integer({ min: 1, max: 9 }),
    storage: fc.constantFrom('1Gi', '10Gi', '100Gi', '2Ti', '500Mi'),
    storageClass: fc.constantFrom('standard', 'fast-ssd'),
    resources: fc.record({ requests: fc.record({ cpu: fc.constantFrom('500m', '1', '2'), memory: fc.constantFrom('1Gi', '4Gi') }) }),
    config,
    proxy: fc.record({ enabled: fc.boolean(), replicas: fc.integer({ min: 1, max: 5 }), poolMode: fc.constantFrom('session', 'transaction') }),
    expose: fc.record({ type: fc.constantFrom('internal', 'external') }),
    monitoring: fc.record({ enabled: fc.boolean() }),
    scheduling: fc.record({ antiAffinity: fc.constantFrom('preferred', 'required', 'none'), nodeSelector: fc.dictionary(fc.constantFrom('zone', 'workload'), dnsLabel(8), { maxKeys: 2 }) }),
    backup: fc.record({
      storageClassName: fc.constant('s3-default'),
      retentionDays: fc.integer({ min: 1, max: 90 }),
      schedules: fc.uniqueArray(schedule, { selector: (s) => s.name, minLength: 1, maxLength: 3 }),
    }),
    stopped: fc.boolean(),
    deletionPolicy: fc.constantFrom('Retain', 'Delete', 'WipeOut'),
  },
  { requiredKeys: ['engine', 'clusterSize', 'storage'] },
)

/** Cluster names, up to the CRD's 45-character limit. */
export const clusterName = fc.oneof(dnsLabel(12), dnsLabel(45))
