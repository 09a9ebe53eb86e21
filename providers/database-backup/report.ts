/** The runner's report, read from the observed report ConfigMap. */
import { REPORT_KEY, RunnerReport } from '../../api/runner.js'
import { parserFor } from '../../api/validate.js'
import type { ObjectMap } from '../shared/kube.js'
import { findObject, stringField } from '../shared/observed.js'
import { backupNames } from './names.js'
import type { BackupObject } from './parse.js'

const parseReport = parserFor<RunnerReport>(RunnerReport)

export type ReportResult = { state: 'absent' } | { state: 'invalid'; message: string } | { state: 'ok'; report: RunnerReport }

export function readReport(backup: BackupObject, children: ObjectMap): ReportResult {
  const cm = findObject(children, 'v1', 'ConfigMap', backupNames.report(backup.name), backup.namespace)
  const text = stringField(cm, 'data', REPORT_KEY)
  if (text === undefined) return { state: 'absent' }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { state: 'invalid', message: 'the runner report is not JSON' }
  }
  const parsed = parseReport(json)
  return parsed.ok ? { state: 'ok', report: parsed.value } : { state: 'invalid', message: `the runner report is invalid: ${parsed.errors.join('; ')}` }
}
