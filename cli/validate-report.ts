/** How `dbaas validate` prints its results: one line per problem and a summary, or JSON. Pure. */
import type { FileResult, Problem, Skipped } from './validate.js'

export interface Totals {
  files: number
  documents: number
  validated: number
  skipped: number
  errors: number
  warnings: number
}

export interface Report {
  valid: boolean
  summary: Totals
  problems: Problem[]
  skipped: Skipped[]
}

export function buildReport(files: number, results: FileResult[]): Report {
  const problems = results.flatMap((r) => r.problems)
  const skipped = results.flatMap((r) => r.skipped)
  const errors = problems.filter((p) => p.severity === 'error').length
  const summary: Totals = {
    files,
    documents: results.reduce((n, r) => n + r.documents, 0),
    validated: results.reduce((n, r) => n + r.validated, 0),
    skipped: skipped.length,
    errors,
    warnings: problems.length - errors,
  }
  return { valid: errors === 0, summary, problems, skipped }
}

/** `file:document kind/name: path: message`, warnings marked as such. */
export function problemLine(p: Problem): string {
  return `${p.file}:${p.document} ${p.kind}/${p.name}: ${p.path}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

export function formatText(report: Report, verbose: boolean): string {
  const lines = report.problems.map(problemLine)
  if (verbose) for (const s of report.skipped) lines.push(`${s.file}:${s.document} ${s.kind}/${s.name}: skipped: ${s.reason}`)
  const t = report.summary
  const parts = [`${plural(t.files, 'file')}, ${plural(t.documents, 'document')}: ${t.validated} validated, ${t.skipped} skipped`]
  parts.push(plural(t.errors, 'error'))
  if (t.warnings > 0) parts.push(plural(t.warnings, 'warning'))
  const hint = t.skipped > 0 && !verbose ? ' (--verbose lists the skipped documents)' : ''
  lines.push(`${report.valid ? 'valid' : 'INVALID'}: ${parts.join(', ')}${hint}`)
  return `${lines.join('\n')}\n`
}

export function formatJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`
}
