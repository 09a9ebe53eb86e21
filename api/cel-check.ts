/**
 * What the API server checks about CEL rules when a CRD is written, offline:
 * every rule compiles and type-checks to bool against the types the schema
 * declares (so `self.storge` or a function the environment lacks is caught
 * before a cluster refuses the CRD), a messageExpression to string, transition
 * rules sit only where an old value can be correlated, and message, reason,
 * fieldPath and optionalOldSelf are well formed.
 */
import type { Environment } from '@marcbachmann/cel-js'
import { compileRule } from './cel.js'
import { typedEnvironment } from './cel-library.js'
import type { SchemaNode } from './cel-values.js'

export interface RuleProblem {
  path: string
  rule: string
  problem: string
}

interface Rule {
  rule?: unknown
  message?: unknown
  messageExpression?: unknown
  fieldPath?: unknown
  reason?: unknown
  optionalOldSelf?: unknown
}

const REASONS = ['FieldValueInvalid', 'FieldValueForbidden', 'FieldValueRequired', 'FieldValueDuplicate']

function children(node: SchemaNode): [string, SchemaNode][] {
  const out: [string, SchemaNode][] = Object.entries((node.properties ?? {}) as Record<string, SchemaNode>).map(([k, v]) => [`.${k}`, v])
  if (typeof node.items === 'object') out.push(['[*]', node.items as SchemaNode])
  if (typeof node.additionalProperties === 'object') out.push(['[*]', node.additionalProperties as SchemaNode])
  return out
}

/** Declares the CEL type of a schema node in `env` and returns its name (structural schemas only). */
function declare(env: Environment, node: SchemaNode, name: string, resource: boolean): string {
  if (node['x-kubernetes-int-or-string'] === true) return 'dyn'
  switch (node.type) {
    case 'string':
      return node.format === 'date-time' ? 'google.protobuf.Timestamp' : 'string'
    case 'integer':
      return 'int'
    case 'number':
      return 'double'
    case 'boolean':
      return 'bool'
    case 'array':
      return typeof node.items === 'object' ? `list<${declare(env, node.items as SchemaNode, `${name}.items`, false)}>` : 'list<dyn>'
    case 'object':
      return declareObject(env, node, name, resource)
    default:
      return 'dyn'
  }
}

function declareObject(env: Environment, node: SchemaNode, name: string, resource: boolean): string {
  if (typeof node.additionalProperties === 'object') return `map<string, ${declare(env, node.additionalProperties as SchemaNode, `${name}.values`, false)}>`
  const fields: Record<string, string> = {}
  for (const [key, value] of Object.entries((node.properties ?? {}) as Record<string, SchemaNode>)) {
    if (resource && key === 'metadata') continue
    fields[key] = declare(env, value, `${name}.${key}`, value['x-kubernetes-embedded-resource'] === true)
  }
  if (resource) {
    env.registerType(`${name}.metadata`, { fields: { name: 'string', generateName: 'string' } })
    fields.metadata = `${name}.metadata`
  }
  env.registerType(name, { fields })
  return name
}

/** The first line of a checker error (the rest is a source excerpt). */
function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''
}

function typeCheck(node: SchemaNode, rule: Rule, resource: boolean, usesOldSelf: boolean): string[] {
  const env = typedEnvironment()
  const self = declare(env, node, '$self', resource)
  env.registerVariable('self', self)
  if (usesOldSelf) env.registerVariable('oldSelf', rule.optionalOldSelf === true ? `optional<${self}>` : self)
  const problems: string[] = []
  const result = env.check(String(rule.rule))
  if (!result.valid) problems.push(`does not compile: ${firstLine(result.error)}`)
  else if (String(result.type) !== 'bool') problems.push(`evaluates to ${String(result.type)}, not bool`)
  if (typeof rule.messageExpression === 'string') {
    const message = env.check(rule.messageExpression)
    if (!message.valid) problems.push(`messageExpression does not compile: ${firstLine(message.error)}`)
    else if (String(message.type) !== 'string') problems.push(`messageExpression evaluates to ${String(message.type)}, not string`)
  }
  return problems
}

/** Whether a fieldPath such as `.backup.retentionDays` names a field under `node`. */
function fieldExists(node: SchemaNode, fieldPath: string): boolean {
  let current: SchemaNode | undefined = node
  for (const part of fieldPath.split('.').slice(1)) {
    current = (current?.properties as Record<string, SchemaNode> | undefined)?.[part]
    if (current === undefined) return false
  }
  return fieldPath.startsWith('.')
}

/** message, reason and fieldPath, as the API server validates them. */
function shapeProblems(node: SchemaNode, rule: Rule): string[] {
  const out: string[] = []
  const { message, reason, fieldPath } = rule
  if (message !== undefined && (typeof message !== 'string' || message.trim() === '' || message.includes('\n'))) out.push('message must be a non-empty single line')
  if (reason !== undefined && (typeof reason !== 'string' || !REASONS.includes(reason))) out.push(`reason must be one of ${REASONS.join(', ')}`)
  if (fieldPath !== undefined && (typeof fieldPath !== 'string' || !fieldExists(node, fieldPath))) out.push(`fieldPath ${JSON.stringify(fieldPath)} does not name a field of this node`)
  return out
}

function ruleProblems(node: SchemaNode, rule: Rule, resource: boolean, correlatable: boolean): string[] {
  if (typeof rule.rule !== 'string' || rule.rule.trim() === '') return ['rule is empty']
  let usesOldSelf: boolean
  try {
    usesOldSelf = compileRule(rule.rule).usesOldSelf
  } catch (error: unknown) {
    return [`does not parse: ${firstLine(error)}`]
  }
  const problems = typeCheck(node, rule, resource, usesOldSelf)
  if (usesOldSelf && !correlatable) problems.push('uses oldSelf under a list that is not x-kubernetes-list-type: map, where old and new values cannot be correlated')
  if (rule.optionalOldSelf === true && !usesOldSelf) problems.push('optionalOldSelf is set but the rule does not use oldSelf')
  return [...problems, ...shapeProblems(node, rule)]
}

function visit(node: SchemaNode, path: string, resource: boolean, correlatable: boolean, out: RuleProblem[]): void {
  for (const rule of (node['x-kubernetes-validations'] ?? []) as Rule[]) {
    for (const problem of ruleProblems(node, rule, resource, correlatable)) out.push({ path: path === '' ? '.' : path, rule: String(rule.rule), problem })
  }
  const mapList = node.type !== 'array' || node['x-kubernetes-list-type'] === 'map'
  for (const [suffix, schema] of children(node)) {
    visit(schema, `${path}${suffix}`, schema['x-kubernetes-embedded-resource'] === true, correlatable && mapList, out)
  }
}

/** Every problem with the CEL rules of a CRD's openAPIV3Schema; empty when the API server would take them. */
export function checkCrdRules(schema: SchemaNode): RuleProblem[] {
  const out: RuleProblem[] = []
  visit(schema, '', true, true, out)
  return out
}
