/**
 * Offline evaluation of the CEL rules (`x-kubernetes-validations`) in our CRD
 * schemas, the way the API server runs them:
 *
 * - each rule at the node it sits on, `self` bound to the value there, and not
 *   at all when the value is absent (null counts as absent);
 * - transition rules (those that reference `oldSelf`) only where an old value
 *   correlates with the new one: on update, through object properties, map
 *   keys and the keys of `x-kubernetes-list-type: map` lists; never on create,
 *   and not when the field is being set or unset, unless the rule has
 *   `optionalOldSelf`, in which case `oldSelf` is an optional;
 * - ratcheting (on by default, as since Kubernetes 1.30): on update, a rule
 *   without `oldSelf` is not enforced on a value that did not change;
 * - a rule that fails to evaluate is a failure, as it is for the API server.
 *
 * Used by the hooks (which do not trust their input), `dbaas validate` and tests.
 */
import { Optional } from '@marcbachmann/cel-js'
import { CEL_ENVIRONMENT } from './cel-library.js'
import { type SchemaNode, celEqual, toCelValue } from './cel-values.js'

export interface RuleFailure {
  path: string
  rule: string
  message: string
  reason: string
}

export interface EvaluateOptions {
  /** Skip rules without oldSelf on unchanged values (default true, as the API server does since 1.30). */
  ratcheting?: boolean
}

interface Rule {
  rule: string
  message?: string
  messageExpression?: string
  fieldPath?: string
  reason?: string
  optionalOldSelf?: boolean
}

type Program = ReturnType<typeof CEL_ENVIRONMENT.parse>

interface Compiled {
  program: Program
  usesOldSelf: boolean
}

const cache = new Map<string, Compiled>()

function mentionsOldSelf(ast: unknown): boolean {
  if (Array.isArray(ast)) return ast.some(mentionsOldSelf)
  if (typeof ast !== 'object' || ast === null) return false
  const node = ast as { op?: unknown; args?: unknown }
  if (node.op === 'id' && node.args === 'oldSelf') return true
  return mentionsOldSelf(node.args)
}

/** The parsed rule, and whether it is a transition rule (cached by its text). */
export function compileRule(expression: string): Compiled {
  let compiled = cache.get(expression)
  if (compiled === undefined) {
    const program = CEL_ENVIRONMENT.parse(expression)
    compiled = { program, usesOldSelf: mentionsOldSelf(program.ast) }
    cache.set(expression, compiled)
  }
  return compiled
}

/** Where the walk is: the new value, and the old one it correlates with (if any). */
interface Position {
  value: unknown
  old: unknown
  hasOld: boolean
  unchanged: boolean
  path: string
}

type Bindings = Record<string, unknown>

function bindings(rule: Rule, usesOldSelf: boolean, at: Position): Bindings | undefined {
  if (!usesOldSelf) return { self: at.value }
  if (rule.optionalOldSelf === true) return { self: at.value, oldSelf: at.hasOld ? Optional.of(at.old) : Optional.none() }
  return at.hasOld ? { self: at.value, oldSelf: at.old } : undefined
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''
}

function messageOf(rule: Rule, context: Bindings): string {
  if (rule.messageExpression !== undefined) {
    try {
      const text: unknown = compileRule(rule.messageExpression).program(context)
      if (typeof text === 'string' && text.trim() !== '' && !text.includes('\n')) return text
    } catch {
      // The API server falls back to message when messageExpression fails.
    }
  }
  return rule.message ?? `failed rule: ${rule.rule}`
}

function checkRules(node: SchemaNode, at: Position, ratcheting: boolean, out: RuleFailure[]): void {
  for (const rule of (node['x-kubernetes-validations'] ?? []) as Rule[]) {
    const { program, usesOldSelf } = compileRule(rule.rule)
    if (!usesOldSelf && ratcheting && at.unchanged) continue
    const context = bindings(rule, usesOldSelf, at)
    if (context === undefined) continue
    const reason = rule.reason ?? 'FieldValueInvalid'
    let result: unknown
    try {
      result = program(context)
    } catch (error: unknown) {
      out.push({ path: at.path, rule: rule.rule, message: `rule failed to evaluate: ${errorText(error)}`, reason })
      continue
    }
    if (result === true) continue
    const message = typeof result === 'boolean' ? messageOf(rule, context) : `rule did not evaluate to a bool: ${rule.rule}`
    out.push({ path: `${at.path}${rule.fieldPath ?? ''}`, rule: rule.rule, message, reason })
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
}

function child(parent: Position, value: unknown, old: unknown, hasOld: boolean, path: string): Position {
  const unchanged = parent.unchanged || (hasOld && celEqual(value, old))
  return { value, old, hasOld, unchanged, path }
}

/** The old item each new item of a list correlates with: by key for map lists, by value for sets. */
function oldItems(node: SchemaNode, value: unknown[], old: unknown): (unknown[] | undefined)[] {
  const listType = node['x-kubernetes-list-type']
  if (!Array.isArray(old) || (listType !== 'map' && listType !== 'set')) return value.map(() => undefined)
  const previous: unknown[] = old
  if (listType === 'set') return value.map((v) => (previous.some((o) => celEqual(o, v)) ? [v] : undefined))
  const keys = (node['x-kubernetes-list-map-keys'] ?? []) as string[]
  const keyOf = (item: unknown) => (isRecord(item) ? keys.map((k) => item[k]) : [])
  return value.map((v) => {
    const match = previous.find((o) => celEqual(keyOf(o), keyOf(v)))
    return match === undefined ? undefined : [match]
  })
}

function walkItems(node: SchemaNode, items: SchemaNode, at: Position, value: unknown[], ratcheting: boolean, out: RuleFailure[]): void {
  const olds = oldItems(node, value, at.hasOld ? at.old : undefined)
  value.forEach((v, i) => {
    const o = olds[i]
    walk(items, child(at, v ?? undefined, o?.[0], o !== undefined, `${at.path}[${i}]`), ratcheting, out)
  })
}

function walkFields(node: SchemaNode, at: Position, value: Record<string, unknown>, ratcheting: boolean, out: RuleFailure[]): void {
  const properties = node.properties as Record<string, SchemaNode> | undefined
  const additional = typeof node.additionalProperties === 'object' ? (node.additionalProperties as SchemaNode) : undefined
  const oldRecord = at.hasOld && isRecord(at.old) ? at.old : undefined
  for (const [key, v] of Object.entries(value)) {
    const schema = properties?.[key] ?? additional
    if (schema === undefined) continue
    const correlated = oldRecord !== undefined && key in oldRecord
    walk(schema, child(at, v, oldRecord?.[key], correlated, `${at.path}.${key}`), ratcheting, out)
  }
}

function walk(node: SchemaNode, at: Position, ratcheting: boolean, out: RuleFailure[]): void {
  if (at.value === undefined) return
  checkRules(node, at, ratcheting, out)
  if (Array.isArray(at.value) && typeof node.items === 'object') walkItems(node, node.items as SchemaNode, at, at.value, ratcheting, out)
  else if (isRecord(at.value)) walkFields(node, at, at.value, ratcheting, out)
}

/**
 * Every CEL rule of a CRD's openAPIV3Schema that `object` fails: on create when
 * `oldObject` is undefined, else on update from `oldObject`.
 */
export function evaluateCrdRules(schema: SchemaNode, object: unknown, oldObject?: unknown, options: EvaluateOptions = {}): RuleFailure[] {
  const out: RuleFailure[] = []
  const value = toCelValue(schema, object, true)
  const hasOld = oldObject !== undefined
  const old = hasOld ? toCelValue(schema, oldObject, true) : undefined
  const root: Position = { value, old, hasOld, unchanged: hasOld && celEqual(value, old), path: '' }
  walk(schema, root, options.ratcheting ?? true, out)
  return out
}
