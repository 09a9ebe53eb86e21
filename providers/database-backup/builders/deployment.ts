/**
 * The runner Deployment: one replica, Recreate (the old runner stops before
 * the new one starts; the Lease covers the overlap a node failure can still
 * cause), restricted Pod Security, read-only root filesystem, probes, and a
 * hash of its configuration and credentials in the pod template so any change
 * rolls it.
 */
import { RUNNER_PATHS } from '../../../api/runner.js'
import type { RunnerSpec } from '../../../api/database-backup.js'
import type { KObject } from '../../shared/kube.js'
import { CONFIG_KEY } from './config-maps.js'
import { RESTRICTED_CONTAINER } from '../../shared/security.js'

export const METRICS_PORT = 9090
export const CONFIG_HASH = 'backup.dbaas.io/config-hash'

export interface DeploymentInput {
  name: string
  namespace: string
  labels: Record<string, string>
  selector: Record<string, string>
  image: string
  configMap: string
  storageSecret: string | undefined
  target: { secretName: string; usernameKey?: string; passwordKey: string }
  claims: { location: string; claimName: string }[]
  runner: RunnerSpec | undefined
  configHash: string
}

function volumes(input: DeploymentInput): { volumes: Record<string, unknown>[]; mounts: Record<string, unknown>[] } {
  const { target } = input
  const items = [
    ...(target.usernameKey === undefined ? [] : [{ key: target.usernameKey, path: 'username' }]),
    { key: target.passwordKey, path: 'password' },
  ]
  const volumes: Record<string, unknown>[] = [
    { name: 'config', configMap: { name: input.configMap, items: [{ key: CONFIG_KEY, path: 'config.json' }] } },
    { name: 'target-credentials', secret: { secretName: target.secretName, items, defaultMode: 0o400 } },
    { name: 'scratch', emptyDir: { sizeLimit: input.runner?.scratchSize ?? '1Gi' } },
    { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
  ]
  const mounts: Record<string, unknown>[] = [
    { name: 'config', mountPath: RUNNER_PATHS.config.replace(/\/[^/]+$/, ''), readOnly: true },
    { name: 'target-credentials', mountPath: RUNNER_PATHS.targetCredentials, readOnly: true },
    { name: 'scratch', mountPath: RUNNER_PATHS.scratch },
    { name: 'tmp', mountPath: '/tmp' },
  ]
  if (input.storageSecret !== undefined) {
    volumes.push({ name: 'storage-credentials', secret: { secretName: input.storageSecret, defaultMode: 0o400 } })
    mounts.push({ name: 'storage-credentials', mountPath: RUNNER_PATHS.storageCredentials, readOnly: true })
  }
  for (const claim of input.claims) {
    volumes.push({ name: `backups-${claim.location}`, persistentVolumeClaim: { claimName: claim.claimName } })
    mounts.push({ name: `backups-${claim.location}`, mountPath: `${RUNNER_PATHS.backups}/${claim.location}` })
  }
  return { volumes, mounts }
}

function probe(path: string, period: number): Record<string, unknown> {
  return { httpGet: { path, port: 'metrics' }, periodSeconds: period, timeoutSeconds: 3, failureThreshold: 3 }
}

function scheduling(runner: RunnerSpec | undefined): Record<string, unknown> {
  return {
    ...(runner?.nodeSelector === undefined ? {} : { nodeSelector: runner.nodeSelector }),
    ...(runner?.tolerations === undefined ? {} : { tolerations: runner.tolerations }),
    ...(runner?.affinity === undefined ? {} : { affinity: runner.affinity }),
    ...(runner?.priorityClassName === undefined ? {} : { priorityClassName: runner.priorityClassName }),
  }
}

export function buildRunnerDeployment(input: DeploymentInput): KObject {
  const { volumes: vols, mounts } = volumes(input)
  const container = {
    name: 'runner',
    image: input.image,
    imagePullPolicy: 'IfNotPresent',
    command: ['node', 'dist/runner/main.js', 'serve'],
    env: [
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    ],
    ports: [{ name: 'metrics', containerPort: METRICS_PORT, protocol: 'TCP' }],
    resources: input.runner?.resources ?? { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
    livenessProbe: probe('/healthz', 20),
    readinessProbe: probe('/readyz', 10),
    securityContext: RESTRICTED_CONTAINER,
    volumeMounts: mounts,
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: input.name, namespace: input.namespace, labels: input.labels },
    spec: {
      replicas: 1,
      strategy: { type: 'Recreate' },
      selector: { matchLabels: input.selector },
      template: {
        metadata: { labels: { ...input.labels, ...input.selector }, annotations: { [CONFIG_HASH]: input.configHash } },
        spec: {
          serviceAccountName: input.name,
          automountServiceAccountToken: true,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          terminationGracePeriodSeconds: 60,
          containers: [container],
          volumes: vols,
          ...scheduling(input.runner),
        },
      },
    },
  }
}
