/**
 * Secrets never reach a log line or an exec client: every text the runner
 * writes out passes through a redactor that knows the secrets it read (the
 * database password, storage keys, the encryption key), as written and as
 * they appear URL-encoded or JSON-escaped.
 */
export type Redact = (text: string) => string

const MIN_LENGTH = 4

export function redactor(secrets: readonly (string | undefined)[]): Redact {
  const forms = new Set<string>()
  for (const s of secrets) {
    if (s === undefined || s.length < MIN_LENGTH) continue
    forms.add(s)
    forms.add(encodeURIComponent(s))
    forms.add(JSON.stringify(s).slice(1, -1))
  }
  const sorted = [...forms].sort((a, b) => b.length - a.length)
  return (text) => sorted.reduce((t, s) => t.split(s).join('[REDACTED]'), text)
}
