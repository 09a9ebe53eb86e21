import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseDocuments, renderDocuments } from '../../../cli/render.js'
import { CTX, condition } from '../../support/clusters.js'
import { expectValidChild } from '../../support/upstream-schemas.js'
import { strimziProblems } from './fixtures.js'

const file = path.resolve(import.meta.dirname, '../../../examples/kafka.yaml')

describe('examples/kafka.yaml', () => {
  const documents = parseDocuments(fs.readFileSync(file, 'utf8'))
  const res = renderDocuments(documents, CTX)

  it('renders (as `dbaas render -f examples/kafka.yaml` does) to a valid Kafka with dedicated controllers, metrics and rack awareness', () => {
    expect(condition(res.status, 'SpecValid')).toMatchObject({ status: 'True' })
    expect(res.children.map((c) => `${c.kind}/${c.metadata.name}`).sort()).toEqual(['ConfigMap/logs-kafka-metrics', 'Kafka/logs', 'KafkaNodePool/logs-brokers', 'KafkaNodePool/logs-controllers', 'PodMonitor/logs'])
    expect((res.children[0]!.spec as { kafka: Record<string, unknown> }).kafka).toMatchObject({ version: '4.3.1', rack: { topologyKey: 'topology.kubernetes.io/zone' } })
    for (const child of res.children) expectValidChild(child)
    expect(strimziProblems(res.children)).toEqual([])
  })

  it('its KafkaTopic and KafkaUser are valid Strimzi objects for this cluster', () => {
    const extras = documents.filter((d) => d.kind === 'KafkaTopic' || d.kind === 'KafkaUser')
    expect(extras.map((d) => d.kind)).toEqual(['KafkaTopic', 'KafkaUser'])
    for (const obj of extras) {
      expectValidChild(obj)
      expect(obj.metadata.labels?.['strimzi.io/cluster']).toBe('logs')
    }
  })
})
