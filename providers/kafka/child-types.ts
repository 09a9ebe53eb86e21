/** The objects the Kafka provider emits. */
import type { ChildType } from '../shared/kube.js'

export const STRIMZI_API = 'kafka.strimzi.io/v1'
export const MONITORING_API = 'monitoring.coreos.com/v1'

export const KAFKA_TYPE: ChildType = { apiVersion: STRIMZI_API, kind: 'Kafka', resource: 'kafkas', stateful: true, teardown: 2 }
export const NODE_POOL_TYPE: ChildType = { apiVersion: STRIMZI_API, kind: 'KafkaNodePool', resource: 'kafkanodepools', stateful: true, teardown: 2 }
export const POD_MONITOR_TYPE: ChildType = { apiVersion: MONITORING_API, kind: 'PodMonitor', resource: 'podmonitors', stateful: false, teardown: 1 }
/** The JMX exporter rules: the Kafka references them until it is gone. */
export const CONFIG_MAP_TYPE: ChildType = { apiVersion: 'v1', kind: 'ConfigMap', resource: 'configmaps', stateful: false, teardown: 3 }

export const KAFKA_CHILD_TYPES: readonly ChildType[] = [KAFKA_TYPE, NODE_POOL_TYPE, POD_MONITOR_TYPE, CONFIG_MAP_TYPE]
