/**
 * The API server's checks on object metadata that no JSON schema states:
 * name formats per kind, namespace, label keys and values (also in nested
 * templates and label selectors), annotation keys and size, finalizers.
 * (k8s.io/apimachinery validation: IsDNS1123Subdomain, IsQualifiedName, …)
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/
const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/
const ANNOTATIONS_MAX_BYTES = 256 * 1024

type Obj = Record<string, unknown>

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function isDnsLabel(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s)
}

export function isDnsSubdomain(s: string): boolean {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s)
}

/** `prefix/name` or `name`, as label and annotation keys are. */
export function isQualifiedName(key: string): boolean {
  const parts = key.split('/')
  if (parts.length > 2) return false
  const name = parts.pop() ?? ''
  const prefix = parts[0]
  if (prefix !== undefined && !isDnsSubdomain(prefix)) return false
  return name.length <= 63 && NAME_PART.test(name)
}

export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value)
}

const PATH_SEGMENT = { test: (n: string) => n !== '' && n !== '.' && n !== '..' && !/[/%]/.test(n), rule: 'must be a valid path segment' }
const DNS_SUBDOMAIN = { test: isDnsSubdomain, rule: 'must be a DNS-1123 subdomain (a-z, 0-9, -, ., at most 253)' }

/** The name rule the API server applies to objects of a kind (most kinds: a DNS subdomain). */
const NAME_RULES: Record<string, { test: (name: string) => boolean; rule: string }> = {
  Service: { test: (n) => n.length <= 63 && DNS1035_LABEL.test(n), rule: 'must be a DNS-1035 label (a-z, 0-9, -, starting with a letter, at most 63)' },
  Namespace: { test: isDnsLabel, rule: 'must be a DNS-1123 label' },
  Role: PATH_SEGMENT,
  RoleBinding: PATH_SEGMENT,
  ClusterRole: PATH_SEGMENT,
  ClusterRoleBinding: PATH_SEGMENT,
}

function nameProblem(kind: string, name: string): string | undefined {
  const { test, rule } = NAME_RULES[kind] ?? DNS_SUBDOMAIN
  return test(name) ? undefined : rule
}

function labelProblems(labels: unknown, where: string): string[] {
  if (!isObject(labels)) return []
  const out: string[] = []
  for (const [key, value] of Object.entries(labels)) {
    if (!isQualifiedName(key)) out.push(`${where}: key "${key}" is not a qualified name`)
    if (typeof value !== 'string' || !isLabelValue(value)) out.push(`${where}.${key}: "${String(value)}" is not a valid label value`)
  }
  return out
}

function annotationProblems(annotations: unknown, where: string): string[] {
  if (!isObject(annotations)) return []
  const out = Object.keys(annotations).filter((k) => !isQualifiedName(k.toLowerCase())).map((k) => `${where}: key "${k}" is not a qualified name`)
  const size = Object.entries(annotations).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(String(v)), 0)
  if (size > ANNOTATIONS_MAX_BYTES) out.push(`${where}: ${size} bytes, more than the 256 KiB the API server allows`)
  return out
}

/** Labels, annotations and selectors anywhere in the object (pod templates, operator templates). */
function nestedProblems(value: unknown, path: string, out: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => { nestedProblems(v, `${path}[${i}]`, out) })
    return
  }
  if (!isObject(value)) return
  for (const [key, v] of Object.entries(value)) {
    const at = path === '' ? key : `${path}.${key}`
    if (key === 'metadata' && path !== '' && isObject(v)) {
      out.push(...labelProblems(v.labels, `${at}.labels`), ...annotationProblems(v.annotations, `${at}.annotations`))
    }
    if (key === 'matchLabels') out.push(...labelProblems(v, at))
    nestedProblems(v, at, out)
  }
}

/** Everything the API server would refuse in the metadata of `obj` (of kind `kind`), with paths. */
export function metadataProblems(kind: string, obj: Obj): string[] {
  const meta = isObject(obj.metadata) ? obj.metadata : {}
  const out: string[] = []
  if (typeof meta.name === 'string') {
    const problem = nameProblem(kind, meta.name)
    if (problem !== undefined) out.push(`metadata.name: "${meta.name}" ${problem}`)
  } else if (typeof meta.generateName !== 'string') {
    out.push('metadata.name: required (or generateName)')
  }
  if (typeof meta.namespace === 'string' && !isDnsLabel(meta.namespace)) out.push(`metadata.namespace: "${meta.namespace}" must be a DNS-1123 label`)
  out.push(...labelProblems(meta.labels, 'metadata.labels'), ...annotationProblems(meta.annotations, 'metadata.annotations'))
  for (const f of Array.isArray(meta.finalizers) ? (meta.finalizers as unknown[]) : []) {
    if (typeof f !== 'string' || !isQualifiedName(f)) out.push(`metadata.finalizers: "${String(f)}" is not a qualified name`)
  }
  nestedProblems(obj, '', out)
  return out
}
