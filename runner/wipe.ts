/**
 * The wipe Job of `deletionPolicy: WipeOut`: empties exactly the folders of
 * the WipePlan mounted at WIPE_PATHS.plan (DBAAS_WIPE_PLAN overrides it),
 * with the storage credentials mounted as the backup runner has them,
 * reports a WipeResult in the plan's result ConfigMap, and exits 0 when
 * every folder is empty, 1 when one is not, 2 (nothing deleted) when the
 * plan is refused: unreadable, schema-invalid, or a prefix that is not
 * `<cluster namespace>/<folder>/`. Secrets are redacted from every line.
 */
import fs from 'node:fs'
import path from 'node:path'
import { KubeConfig } from '@kubernetes/client-node'
import pino from 'pino'
import type { RunnerLocation } from '../api/runner.js'
import { parserFor } from '../api/validate.js'
import { WIPE_PATHS, WIPE_RESULT_KEY, WipePlan, type WipeResult } from '../api/wipe-plan.js'
import { buildLocation, filesystemRoot, pathsFromEnv, secrets, type RunnerPaths } from './config.js'
import type { Location } from './locations/location.js'
import { redactor, type Redact } from './redact.js'
import { writeResult } from './result-config-map.js'
import { planRefusals, wipeTargets, type LocationFor } from './wipe/wipe-targets.js'

export const EXIT = { ok: 0, failed: 1, refused: 2 } as const

const parsePlan = parserFor<WipePlan>(WipePlan)

export type PlanRead = { ok: true; plan: WipePlan } | { ok: false; plan: WipePlan | undefined; message: string }

/** The plan, or why it is refused (with the plan itself when only its prefixes are wrong, so the refusal can be reported). */
export function readWipePlan(file: string): PlanRead {
  let raw: unknown
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (error: unknown) {
    return { ok: false, plan: undefined, message: `cannot read the plan at ${file}: ${error instanceof Error ? error.message : String(error)}` }
  }
  const parsed = parsePlan(raw)
  if (!parsed.ok) return { ok: false, plan: undefined, message: `the plan at ${file} is invalid: ${parsed.errors.join('; ')}` }
  const refusals = planRefusals(parsed.value)
  return refusals.length === 0 ? { ok: true, plan: parsed.value } : { ok: false, plan: parsed.value, message: `the plan at ${file} is refused: ${refusals.join('; ')}` }
}

/**
 * The location of a target as the backup runner builds it. A filesystem
 * location's volume must be mounted where the runner has it
 * (`<backups root>/<location name>`): an empty mount point would list as
 * "nothing to delete", so a missing one fails the target instead.
 */
export function wipeLocation(paths: RunnerPaths): LocationFor {
  return (l: RunnerLocation): Location => {
    if (l.s3 === undefined && l.gcs === undefined) {
      const root = filesystemRoot(l, paths)
      const relative = path.relative(paths.backups, root)
      const mount = relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? root : path.join(paths.backups, relative.split(path.sep)[0] ?? '')
      if (!fs.statSync(mount, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`the volume of location ${l.name} is not mounted at ${mount}`)
    }
    return buildLocation(l, paths)
  }
}

async function report(kc: KubeConfig, plan: WipePlan, result: WipeResult): Promise<void> {
  await writeResult(kc, { namespace: plan.cluster.namespace, configMap: plan.result.configMap, key: WIPE_RESULT_KEY, fieldManager: `dbaas-wipe-${plan.cluster.name}` }, result)
}

async function reportOrLog(kc: KubeConfig, plan: WipePlan, result: WipeResult, log: pino.Logger, redact: Redact): Promise<void> {
  try {
    await report(kc, plan, result)
  } catch (error: unknown) {
    log.error({ err: redact(error instanceof Error ? error.message : String(error)) }, 'could not write the result ConfigMap')
  }
}

export interface WipeRunOptions {
  planPath: string
  paths: RunnerPaths
  kubeConfig: KubeConfig
  logger: pino.Logger
  /** Builds a target's location (default: wipeLocation(paths)). */
  locationFor?: LocationFor
  concurrency?: number
  /** Waits between settle rounds (tests). */
  sleep?: (seconds: number) => Promise<void>
}

export async function runWipe(options: WipeRunOptions): Promise<number> {
  const redact = redactor(secrets(options.paths))
  const read = readWipePlan(options.planPath)
  if (!read.ok) {
    options.logger.error({ ok: false }, redact(`${read.message}; nothing deleted`))
    if (read.plan !== undefined) {
      const message = redact(`refused, nothing deleted: ${read.message}`)
      const refused: WipeResult = { ok: false, targets: read.plan.targets.map((t) => ({ location: t.location.name, prefix: t.prefix, deleted: 0, remaining: 0, ok: false, message })) }
      await reportOrLog(options.kubeConfig, read.plan, refused, options.logger, redact)
    }
    return EXIT.refused
  }
  const { plan } = read
  const log = options.logger.child({ cluster: `${plan.cluster.namespace}/${plan.cluster.name}` })
  log.info({ targets: plan.targets.length }, 'wiping backups')
  const result = await wipeTargets(plan, options.locationFor ?? wipeLocation(options.paths), (level, fields, message) => { log[level](fields, message) }, {
    redact,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  })
  await reportOrLog(options.kubeConfig, plan, result, log, redact)
  const deleted = result.targets.reduce((n, t) => n + t.deleted, 0)
  const remaining = result.targets.reduce((n, t) => n + t.remaining, 0)
  log[result.ok ? 'info' : 'error']({ ok: result.ok, deleted, remaining, failedTargets: result.targets.filter((t) => !t.ok).length }, result.ok ? 'wipe done' : 'wipe failed')
  return result.ok ? EXIT.ok : EXIT.failed
}

const isMain = /[\\/]runner[\\/]wipe\.[jt]s$/.test(process.argv[1] ?? '')
if (isMain) {
  const paths = pathsFromEnv(process.env)
  const redact = redactor(secrets(paths))
  const kubeConfig = new KubeConfig()
  kubeConfig.loadFromDefault()
  const logger = pino({ base: { component: 'wipe' }, formatters: { level: (label) => ({ level: label }) }, timestamp: pino.stdTimeFunctions.isoTime, hooks: { streamWrite: redact } })
  runWipe({ planPath: process.env.DBAAS_WIPE_PLAN ?? WIPE_PATHS.plan, paths, kubeConfig, logger })
    .then((code) => {
      process.exitCode = code
    })
    .catch((error: unknown) => {
      logger.error({ err: redact(error instanceof Error ? error.message : String(error)) }, 'wipe failed')
      process.exitCode = EXIT.failed
    })
}
