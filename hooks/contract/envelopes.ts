/**
 * The Metacontroller v2 wire contract: request envelopes, checked before any
 * provider runs, and the top-level response fields strict v2 decoding accepts.
 * Objects inside are left open (providers read them defensively). Checked
 * with our own non-mutating ajv (no coercion, no defaults, nothing removed),
 * never Fastify's. A new hook kind adds its envelope and checker here.
 */
import Type from 'typebox'
import { checkerFor } from '../../api/validate.js'

const Open = Type.Object({}, { additionalProperties: true })
const Meta = Type.Object({ name: Type.String({ minLength: 1 }) }, { additionalProperties: true })
/** An object as Metacontroller sends it: named, with its type. */
export const KObjectEnvelope = Type.Object({ apiVersion: Type.String(), kind: Type.String(), metadata: Meta }, { additionalProperties: true })
/** children / related / attachments: `<Kind>.<apiVersion>` → `[namespace/]name` → object. */
export const ObjectMapEnvelope = Type.Record(Type.String(), Type.Record(Type.String(), KObjectEnvelope))

export const CompositeSyncEnvelope = Type.Object(
  { controller: Open, parent: KObjectEnvelope, children: ObjectMapEnvelope, related: Type.Optional(ObjectMapEnvelope), finalizing: Type.Optional(Type.Boolean()) },
  { additionalProperties: true },
)

export const DecoratorSyncEnvelope = Type.Object(
  { controller: Open, object: KObjectEnvelope, attachments: ObjectMapEnvelope, related: Type.Optional(ObjectMapEnvelope), finalizing: Type.Optional(Type.Boolean()) },
  { additionalProperties: true },
)

export const CustomizeEnvelope = Type.Object({ controller: Open, parent: KObjectEnvelope }, { additionalProperties: true })

export const checkCompositeSync = checkerFor(CompositeSyncEnvelope)
export const checkDecoratorSync = checkerFor(DecoratorSyncEnvelope)
export const checkCustomize = checkerFor(CustomizeEnvelope)

/** Top-level response fields Metacontroller v2 accepts in strict mode, per hook kind. */
export const COMPOSITE_RESPONSE_FIELDS = ['status', 'children', 'resyncAfterSeconds', 'finalized'] as const
export const DECORATOR_RESPONSE_FIELDS = ['labels', 'annotations', 'status', 'attachments', 'resyncAfterSeconds', 'finalized'] as const
export const CUSTOMIZE_RESPONSE_FIELDS = ['relatedResources'] as const
