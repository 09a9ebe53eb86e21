/** The labels every child carries, from one place. */

export const LABEL_NAME = 'app.kubernetes.io/name'
export const LABEL_INSTANCE = 'app.kubernetes.io/instance'
export const LABEL_COMPONENT = 'app.kubernetes.io/component'
export const LABEL_PART_OF = 'app.kubernetes.io/part-of'
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by'
export const LABEL_CLUSTER = 'dbaas.io/cluster'
export const LABEL_ENGINE = 'dbaas.io/engine'
export const MANAGED_BY = 'dbaas-operator'

/** Standard labels of a child of a DatabaseCluster. */
export function clusterLabels(cluster: string, engine: string, component: string): Record<string, string> {
  return {
    [LABEL_NAME]: engine,
    [LABEL_INSTANCE]: cluster,
    [LABEL_COMPONENT]: component,
    [LABEL_PART_OF]: 'dbaas',
    [LABEL_MANAGED_BY]: MANAGED_BY,
    [LABEL_CLUSTER]: cluster,
    [LABEL_ENGINE]: engine,
  }
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/

export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value)
}
