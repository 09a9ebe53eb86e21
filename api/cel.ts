/**
 * Offline evaluation of the CEL rules (`x-kubernetes-validations`) in our CRD
 * schemas, as the API server runs them: each rule at the node it sits on, with
 * `self` the value there and `oldSelf` the previous value on updates;
 * transition rules (those using oldSelf) only run on updates. Used by tests
 * and by `dbaas validate`.
 */
import { Environment } from '@marcbachmann/cel-js'
import { compareQuantities, parseQuantity } from './quantity.js'

export interface RuleFailure {
  path: string
  rule: string
  message: string
}

interface Rule {
  rule: string
  message?: string
  fieldPath?: string
  optionalOldSelf?: boolean
}

type Node = Record<string, unknown>

/** The Kubernetes CEL library's quantity type, as much of it as our rules use. */
class Quantity {
  readonly text: string
  constructor(text: string) {
    this.text = text
  }
}

function cmp(a: Quantity, b: Quantity): bigint {
  return BigInt(compareQuantities(a.text, b.text) ?? 0)
}

const env = new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false })
  .registerType('Quantity', Quantity)
  .registerFunction('quantity(string): Quantity', (text: string) => {
    if (parseQuantity(text) === undefined) throw new Error(`invalid quantity ${text}`)
    return new Quantity(text)
  })
  .registerFunction({ name: 'compareTo', receiverType: 'Quantity', returnType: 'int', params: [{ name: 'other', type: 'Quantity' }], handler: cmp })
  .registerFunction({ name: 'isGreaterThan', receiverType: 'Quantity', returnType: 'bool', params: [{ name: 'other', type: 'Quantity' }], handler: (a: Quantity, b: Quantity) => cmp(a, b) > 0n })
  .registerFunction({ name: 'isLessThan', receiverType: 'Quantity', returnType: 'bool', params: [{ name: 'other', type: 'Quantity' }], handler: (a: Quantity, b: Quantity) => cmp(a, b) < 0n })

const compiled = new Map<string, ReturnType<typeof env.parse>>()

/** CEL integers are 64-bit ints: JSON integers become BigInt, as the API server's decoding does. */
export function toCel(value: unknown): unknown {
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value)
  if (Array.isArray(value)) return value.map(toCel)
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCel(v)]))
  return value
}

function evaluate(rule: Rule, self: unknown, oldSelf: unknown, hasOld: boolean): boolean {
  let program = compiled.get(rule.rule)
  if (program === undefined) {
    program = env.parse(rule.rule)
    compiled.set(rule.rule, program)
  }
  return program({ self, ...(hasOld ? { oldSelf } : {}) }) === true
}

function checkNode(node: Node, value: unknown, old: unknown, hasOld: boolean, at: string, out: RuleFailure[]): void {
  for (const rule of (node['x-kubernetes-validations'] ?? []) as Rule[]) {
    const transition = /\boldSelf\b/.test(rule.rule)
    if (transition && !hasOld && rule.optionalOldSelf !== true) continue
    let ok: boolean
    try {
      ok = evaluate(rule, value, old, hasOld)
    } catch (error: unknown) {
      out.push({ path: at, rule: rule.rule, message: `rule failed to evaluate: ${error instanceof Error ? error.message : String(error)}` })
      continue
    }
    if (!ok) out.push({ path: `${at}${rule.fieldPath ?? ''}`, rule: rule.rule, message: rule.message ?? `failed rule: ${rule.rule}` })
  }
}

function walk(node: Node, value: unknown, old: unknown, hasOld: boolean, at: string, out: RuleFailure[]): void {
  if (value === undefined) return
  checkNode(node, value, old, hasOld, at, out)
  const properties = node.properties as Record<string, Node> | undefined
  if (properties !== undefined && typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(properties)) {
      const v = (value as Node)[key]
      const o = hasOld && typeof old === 'object' && old !== null ? (old as Node)[key] : undefined
      walk(child, v, o, o !== undefined, `${at}.${key}`, out)
    }
  }
  if (Array.isArray(value) && typeof node.items === 'object') value.forEach((v, i) => { walk(node.items as Node, v, undefined, false, `${at}[${i}]`, out); })
  if (typeof node.additionalProperties === 'object' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, v] of Object.entries(value)) walk(node.additionalProperties as Node, v, undefined, false, `${at}.${key}`, out)
  }
}

/** Every CEL rule the object fails (on create when `old` is undefined, else on update). */
export function evaluateCrdRules(schema: Node, object: unknown, old?: unknown): RuleFailure[] {
  const out: RuleFailure[] = []
  // Convert once; every rule then sees CEL values (int as BigInt) without copying again.
  walk(schema, toCel(object), old === undefined ? undefined : toCel(old), old !== undefined, '', out)
  return out
}
