/**
 * The wipe Job of `deletionPolicy: WipeOut` and what it needs: its own
 * identity and Role, a Secret with the storage credentials in the runner's
 * layout, the WipePlan, and the ConfigMaps it reports into. When the engine
 * left backup objects, an init container (the OpsRequest executor) first
 * removes their finalizers and deletes them, each by name; the runner then
 * empties the folders. Restricted Pod Security, read-only root filesystem.
 */
import type { OpsPlan } from '../../../api/ops-plan.js'
import { PLAN_PATHS } from '../../../api/ops-plan.js'
import { RUNNER_PATHS } from '../../../api/runner.js'
import { WIPE_PATHS, type WipePlan } from '../../../api/wipe-plan.js'
import type { KObject } from '../../shared/kube.js'
import { childName } from '../../shared/names.js'
import { buildExecutorRbac } from '../../ops-request/executor/rbac.js'
import { RESTRICTED_CONTAINER } from '../../shared/security.js'
import type { WipeWork } from './folders.js'

export const wipeNames = {
  job: (c: string) => childName(c, 'wipe'),
  plan: (c: string) => childName(c, 'wipe-plan'),
  result: (c: string) => childName(c, 'wipe-result'),
  objectsPlan: (c: string) => childName(c, 'wipe-objects-plan'),
  objectsResult: (c: string) => childName(c, 'wipe-objects-result'),
  credentials: (c: string) => childName(c, 'wipe-credentials'),
}

/**
 * The folders must then stay empty this long: the engine's cluster object is
 * gone, but CloudNativePG's instance pods are deleted by the garbage
 * collector afterwards and archive their last WAL while they stop (smart
 * shutdown: 180 s by default).
 */
export const SETTLE_SECONDS = 180

/** At most this many backup objects are deleted (two steps each); more are left in place (the README says so). */
export const MAX_OBJECTS = 500

export interface WipeJobInput {
  cluster: { name: string; namespace: string; uid: string }
  labels: Record<string, string>
  image: string
  work: WipeWork
}

export function wipePlan(input: WipeJobInput): WipePlan {
  const { cluster } = input
  return { apiVersion: 'dbaas.io/v1alpha1', kind: 'WipePlan', cluster, targets: input.work.targets, settleSeconds: SETTLE_SECONDS, result: { configMap: wipeNames.result(cluster.name) } }
}

/** Finalizers off, then delete: by name, and the delete only for the object the hook saw (uid precondition). */
export function objectsPlan(input: WipeJobInput): OpsPlan | undefined {
  const objects = input.work.objects.slice(0, MAX_OBJECTS)
  if (objects.length === 0) return undefined
  const { cluster } = input
  return {
    apiVersion: 'dbaas.io/v1alpha1',
    kind: 'OpsPlan',
    opsRequest: cluster,
    summary: `delete the engine's backup objects of DatabaseCluster ${cluster.namespace}/${cluster.name} (deletionPolicy: WipeOut)`,
    steps: objects.flatMap(({ ref: target, uid }) => [
      { action: 'mergePatch' as const, target, patch: { metadata: { finalizers: null } }, ignoreNotFound: true },
      { action: 'delete' as const, target, ...(uid === undefined ? {} : { uid }), ignoreNotFound: true },
    ]),
    result: { configMap: wipeNames.objectsResult(cluster.name) },
  }
}

function configMap(name: string, namespace: string, labels: Record<string, string>, data?: Record<string, string>): KObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels }, ...(data === undefined ? {} : { data }) }
}

function rbac(input: WipeJobInput, plan: OpsPlan | undefined): KObject[] {
  const { name, namespace } = input.cluster
  const result = { apiGroups: [''], resources: ['configmaps'], resourceNames: [wipeNames.result(name)], verbs: ['get', 'patch'] }
  return buildExecutorRbac(wipeNames.job(name), namespace, input.labels, plan === undefined ? [] : [plan], [result])
}

function executorContainer(image: string): Record<string, unknown> {
  return {
    name: 'delete-backup-objects',
    image,
    imagePullPolicy: 'IfNotPresent',
    command: ['node', 'dist/runner/ops-executor.js'],
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
    securityContext: RESTRICTED_CONTAINER,
    volumeMounts: [{ name: 'objects-plan', mountPath: PLAN_PATHS.plan.replace(/\/[^/]+$/, ''), readOnly: true }],
  }
}

function wipeContainer(input: WipeJobInput, hasSecret: boolean): Record<string, unknown> {
  return {
    name: 'wipe',
    image: input.image,
    imagePullPolicy: 'IfNotPresent',
    command: ['node', 'dist/runner/wipe.js'],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
    securityContext: RESTRICTED_CONTAINER,
    volumeMounts: [
      { name: 'plan', mountPath: WIPE_PATHS.plan.replace(/\/[^/]+$/, ''), readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
      ...(hasSecret ? [{ name: 'storage-credentials', mountPath: RUNNER_PATHS.storageCredentials, readOnly: true }] : []),
      ...input.work.claims.map((c, i) => ({ name: `backups-${i}`, mountPath: `${RUNNER_PATHS.backups}/${c.location}` })),
    ],
  }
}

function job(input: WipeJobInput, plan: OpsPlan | undefined, hasSecret: boolean): KObject {
  const { name, namespace } = input.cluster
  const wipes = input.work.targets.length > 0
  const executor = plan === undefined ? [] : [executorContainer(input.image)]
  const containers = wipes ? [wipeContainer(input, hasSecret)] : executor
  const volumes = [
    ...(plan === undefined ? [] : [{ name: 'objects-plan', configMap: { name: wipeNames.objectsPlan(name) } }]),
    ...(wipes ? [{ name: 'plan', configMap: { name: wipeNames.plan(name) } }, { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }] : []),
    ...(wipes && hasSecret ? [{ name: 'storage-credentials', secret: { secretName: wipeNames.credentials(name), defaultMode: 0o400 } }] : []),
    ...(wipes ? input.work.claims.map((c, i) => ({ name: `backups-${i}`, persistentVolumeClaim: { claimName: c.claimName } })) : []),
  ]
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: wipeNames.job(name), namespace, labels: input.labels },
    spec: {
      backoffLimit: 3,
      activeDeadlineSeconds: 3600,
      template: {
        metadata: { labels: input.labels },
        spec: {
          restartPolicy: 'Never',
          serviceAccountName: wipeNames.job(name),
          automountServiceAccountToken: true,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          ...(wipes && plan !== undefined ? { initContainers: executor } : {}),
          containers,
          volumes,
        },
      },
    },
  }
}

/** Every child the wipe needs, the Job last. */
export function buildWipeChildren(input: WipeJobInput): KObject[] {
  const { name, namespace } = input.cluster
  const plan = objectsPlan(input)
  const hasSecret = Object.keys(input.work.secretData).length > 0
  const children = [...rbac(input, plan)]
  if (hasSecret) children.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: wipeNames.credentials(name), namespace, labels: input.labels }, type: 'Opaque', data: input.work.secretData })
  if (input.work.targets.length > 0) {
    children.push(configMap(wipeNames.plan(name), namespace, input.labels, { 'plan.json': `${JSON.stringify(wipePlan(input), null, 2)}\n` }), configMap(wipeNames.result(name), namespace, input.labels))
  }
  if (plan !== undefined) {
    children.push(configMap(wipeNames.objectsPlan(name), namespace, input.labels, { 'plan.json': `${JSON.stringify(plan, null, 2)}\n` }), configMap(wipeNames.objectsResult(name), namespace, input.labels))
  }
  children.push(job(input, plan, hasSecret))
  return children
}
