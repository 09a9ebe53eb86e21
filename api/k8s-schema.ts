/**
 * Schema helpers that only emit structural-schema-safe JSON Schema, so every
 * schema built from them can go straight into a CRD's openAPIV3Schema.
 *
 * TypeBox's own Literal/Union/Record builders emit `const`, `anyOf` of consts and
 * `patternProperties`, which the API server rejects in CRDs; these helpers emit
 * `enum`, `additionalProperties` and `x-kubernetes-*` extensions instead.
 */
import Type, { type Static, type TSchema, type TUnsafe } from 'typebox'

export interface Described {
  description: string
  default?: unknown
  'x-kubernetes-validations'?: CelRule[]
  [key: string]: unknown
}

/** A CEL validation rule as the API server takes it. */
export interface CelRule {
  rule: string
  message?: string
  messageExpression?: string
  fieldPath?: string
  reason?: 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate'
  optionalOldSelf?: boolean
}

/** A string restricted to a fixed set of values (`type: string` + `enum`). */
export function StringEnum<const T extends readonly string[]>(values: T, options: Described): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options })
}

/** A map with string keys and values of one schema (`additionalProperties`, never `patternProperties`). */
export function MapOf<T extends TSchema>(value: T, options: Described): TUnsafe<Record<string, Static<T>>> {
  return Type.Unsafe<Record<string, Static<T>>>({ type: 'object', additionalProperties: value, ...options })
}

/** A map of string to string, as labels, annotations and node selectors are. */
export function StringMap(options: Described): TUnsafe<Record<string, string>> {
  return MapOf(Type.String(), options)
}

/** Kubernetes resource quantity pattern (the API server's own regular expression). */
export const QUANTITY_PATTERN =
  '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$'

/** A quantity written as a string (`10Gi`, `500m`). */
export function QuantityString(options: Described): TUnsafe<string> {
  return Type.Unsafe<string>({ type: 'string', pattern: QUANTITY_PATTERN, ...options })
}

/** A quantity that may be written as a number or a string (`cpu: 1`, `cpu: 500m`). */
export function Quantity(options: Described): TUnsafe<string | number> {
  return Type.Unsafe<string | number>({
    'x-kubernetes-int-or-string': true,
    anyOf: [{ type: 'integer' }, { type: 'string' }],
    pattern: QUANTITY_PATTERN,
    ...options,
  })
}

/**
 * An object whose content the API server keeps as is (a core Kubernetes type such
 * as Affinity or Toleration that we pass through to the engine operator).
 */
export function OpenObject(options: Described): TUnsafe<Record<string, unknown>> {
  return Type.Unsafe<Record<string, unknown>>({
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
    ...options,
  })
}

/** metav1.Condition, exactly as the API conventions define it. */
export const Condition = Type.Object(
  {
    type: Type.String({ description: 'Type of condition in CamelCase.', maxLength: 316, pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$' }),
    status: StringEnum(['True', 'False', 'Unknown'] as const, { description: 'Status of the condition.' }),
    observedGeneration: Type.Optional(Type.Integer({ description: 'The .metadata.generation the condition was set from.', minimum: 0 })),
    lastTransitionTime: Type.String({ description: 'Last time the condition changed status (RFC 3339).', format: 'date-time' }),
    reason: Type.String({ description: 'Programmatic identifier of the reason for the last transition, in CamelCase.', maxLength: 1024, minLength: 1, pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$' }),
    message: Type.String({ description: 'Human-readable details of the last transition. Never contains secrets.', maxLength: 32768 }),
  },
  { description: 'A condition in metav1.Condition form.' },
)
export type Condition = Static<typeof Condition>

/** A list of conditions keyed by type, as `kubectl` and server-side apply expect. */
export function ConditionList(description: string) {
  return Type.Array(Condition, { description, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'], maxItems: 32 })
}

/** Requests and limits as in core ResourceRequirements, restricted to cpu and memory plus extended resources. */
export const ResourceRequirements = Type.Object(
  {
    requests: Type.Optional(MapOf(Quantity({ description: 'A quantity.' }), { description: 'Minimum resources reserved for each instance (cpu, memory).' })),
    limits: Type.Optional(MapOf(Quantity({ description: 'A quantity.' }), { description: 'Maximum resources each instance may use (cpu, memory).' })),
  },
  { description: 'Compute resources for each instance, as in a Pod container.' },
)
export type ResourceRequirements = Static<typeof ResourceRequirements>

/** A reference to a Secret in a stated namespace. */
export const NamespacedSecretRef = Type.Object(
  {
    name: Type.String({ description: 'Secret name.', minLength: 1, maxLength: 253 }),
    namespace: Type.String({ description: 'Namespace of the Secret.', minLength: 1, maxLength: 63 }),
  },
  { description: 'A reference to a Secret.' },
)
export type NamespacedSecretRef = Static<typeof NamespacedSecretRef>

/** A DNS-1123 label, the name rule for most Kubernetes objects we reference. */
export const DNS_LABEL_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'
