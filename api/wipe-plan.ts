/**
 * The contract between the DatabaseCluster finalize hook and the wipe Job
 * that carries out `deletionPolicy: WipeOut`: exactly which folders of which
 * locations hold the cluster's backups. The runner (runner/wipe.ts) deletes
 * every object under each prefix, checks nothing is left, and reports into
 * the result ConfigMap; it touches nothing else.
 *
 * A prefix is always `<namespace>/<folder>/`, relative to the location's own
 * prefix, with the trailing slash: `team-a/orders/` never matches
 * `team-a/orders-2/`. The namespace must be the cluster's.
 */
import Type, { type Static } from 'typebox'
import { RunnerLocation } from './runner.js'

export const WIPE_PATHS = {
  /** The plan JSON, mounted from the plan ConfigMap. */
  plan: '/etc/dbaas/wipe/plan.json',
} as const

/** Key of the result in the result ConfigMap the wipe Job writes. */
export const WIPE_RESULT_KEY = 'result.json'

/** `<namespace>/<folder>/`: two DNS-label-like segments and a trailing slash, nothing else. */
export const WIPE_PREFIX_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9.]*[a-z0-9])?/$'

export const WipeTarget = Type.Object(
  {
    location: RunnerLocation,
    prefix: Type.String({ description: 'Folder to empty: `<namespace>/<folder>/`, relative to the location\'s prefix.', pattern: WIPE_PREFIX_PATTERN, maxLength: 190 }),
    what: Type.String({ description: 'What is stored there, for logs and status (for example `postgresql backups (barman-cloud) of server orders`).', maxLength: 256 }),
  },
  { description: 'One folder of one location.' },
)
export type WipeTarget = Static<typeof WipeTarget>

export const WipePlan = Type.Object(
  {
    apiVersion: Type.String({ description: 'dbaas.io/v1alpha1' }),
    kind: Type.String({ description: 'WipePlan' }),
    cluster: Type.Object({ name: Type.String({ description: 'Name.' }), namespace: Type.String({ description: 'Namespace.' }), uid: Type.String({ description: 'UID.' }) }, { description: 'The DatabaseCluster being deleted.' }),
    targets: Type.Array(WipeTarget, { description: 'Folders to empty, in order.', minItems: 1, maxItems: 32 }),
    settleSeconds: Type.Optional(
      Type.Integer({
        description: 'After emptying, the folders must stay empty for this long: instances that were still stopping (a last WAL segment archived at shutdown) may write after the first pass. What appears is deleted and the wait starts again, a few times at most.',
        minimum: 0,
        maximum: 900,
      }),
    ),
    result: Type.Object({ configMap: Type.String({ description: 'ConfigMap to write the result into.' }) }, { description: 'Where to report.' }),
  },
  { description: 'Exactly what a wipe Job deletes.' },
)
export type WipePlan = Static<typeof WipePlan>

export const WipeTargetResult = Type.Object(
  {
    location: Type.String({ description: 'Location name.' }),
    prefix: Type.String({ description: 'The prefix.' }),
    deleted: Type.Integer({ description: 'Objects deleted.' }),
    remaining: Type.Integer({ description: 'Objects still listed under the prefix afterwards (0 when done).' }),
    ok: Type.Boolean({ description: 'The folder is empty.' }),
    message: Type.String({ description: 'What happened (an error verbatim, never a secret).' }),
  },
  { description: 'One target\'s outcome.' },
)
export type WipeTargetResult = Static<typeof WipeTargetResult>

export const WipeResult = Type.Object(
  {
    ok: Type.Boolean({ description: 'Every folder is empty.' }),
    targets: Type.Array(WipeTargetResult, { description: 'Per target, in plan order.' }),
  },
  { description: 'What the wipe Job reports.' },
)
export type WipeResult = Static<typeof WipeResult>
