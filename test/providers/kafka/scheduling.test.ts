import { describe, expect, it } from 'vitest'
import { child, databaseCluster, sync } from '../../support/clusters.js'
import { expectValidChild } from '../../support/upstream-schemas.js'
import { spec, strimziProblems } from './fixtures.js'

type Obj = Record<string, any>

function placement(extra: Obj, pool = 'logs-dual'): { pod: Obj | undefined; kafka: Obj } {
  const res = sync(databaseCluster('logs', spec(extra)))
  for (const c of res.children) expectValidChild(c)
  expect(strimziProblems(res.children)).toEqual([])
  return { pod: (child(res, 'KafkaNodePool', pool).spec as Obj).template?.pod, kafka: (child(res, 'Kafka').spec as Obj).kafka }
}

const term = (role: string, topologyKey = 'kubernetes.io/hostname') => ({ labelSelector: { matchLabels: { 'strimzi.io/cluster': 'logs', [`strimzi.io/${role}-role`]: 'true' } }, topologyKey })

describe('kafka: scheduling → node pool pod templates', () => {
  it.each<[string, Obj, string, Obj | undefined]>([
    ['preferred anti-affinity by default, brokers apart from brokers', {}, 'logs-dual', { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term('broker') }] } } }],
    ['required anti-affinity', { scheduling: { antiAffinity: 'required' } }, 'logs-dual', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('broker')] } } }],
    ['controllers apart from controllers', { clusterSize: 5, scheduling: { antiAffinity: 'required' } }, 'logs-controllers', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('controller')] } } }],
    ['no anti-affinity: no template at all', { scheduling: { antiAffinity: 'none' } }, 'logs-dual', undefined],
    [
      'tolerations, spread constraints and priority',
      { scheduling: { antiAffinity: 'none', tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'kafka', effect: 'NoSchedule' }], topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { 'strimzi.io/cluster': 'logs' } } }], priorityClassName: 'db-high' } },
      'logs-dual',
      { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'kafka', effect: 'NoSchedule' }], topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { 'strimzi.io/cluster': 'logs' } } }], priorityClassName: 'db-high' },
    ],
    [
      'a node selector becomes a required node affinity term (Strimzi\'s pod template has no nodeSelector)',
      { scheduling: { antiAffinity: 'none', nodeSelector: { workload: 'kafka', 'disk': 'ssd' } } },
      'logs-dual',
      { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }, { key: 'workload', operator: 'In', values: ['kafka'] }] }] } } } },
    ],
    [
      'a node selector is added to every term of the user\'s node affinity',
      {
        scheduling: {
          antiAffinity: 'none',
          nodeSelector: { workload: 'kafka' },
          affinity: {
            requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] },
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] } }],
          },
        },
      },
      'logs-dual',
      {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'workload', operator: 'In', values: ['kafka'] }] },
                { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }], matchExpressions: [{ key: 'workload', operator: 'In', values: ['kafka'] }] },
              ],
            },
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] } }],
          },
        },
      },
    ],
  ])('%s', (_name, extra, pool, expected) => {
    expect(placement(extra, pool).pod).toEqual(expected)
  })

  it('rack awareness when spreading over zones; anti-affinity over the same key', () => {
    const { pod, kafka } = placement({ scheduling: { antiAffinity: 'required', topologyKey: 'topology.kubernetes.io/zone' } })
    expect(kafka.rack).toEqual({ topologyKey: 'topology.kubernetes.io/zone' })
    expect(pod).toEqual({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('broker', 'topology.kubernetes.io/zone')] } } })
  })

  it('no rack awareness over host names (every broker would be its own rack)', () => {
    expect(placement({ scheduling: { topologyKey: 'kubernetes.io/hostname' } }).kafka).not.toHaveProperty('rack')
    expect(placement({}).kafka).not.toHaveProperty('rack')
  })
})
