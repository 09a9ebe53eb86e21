/**
 * The Metacontroller v2 request envelopes, checked before any provider runs.
 * Objects inside are left open: providers read them defensively. Checked with
 * our own non-mutating ajv, never Fastify's coercing one.
 */
import Type from 'typebox'
import { checkerFor } from '../../api/validate.js'

const Meta = Type.Object({ name: Type.String({ minLength: 1 }) }, { additionalProperties: true })
const KObject = Type.Object({ apiVersion: Type.String(), kind: Type.String(), metadata: Meta }, { additionalProperties: true })
const ObjectMap = Type.Record(Type.String(), Type.Record(Type.String(), KObject))

export const CompositeSyncEnvelope = Type.Object(
  { controller: Type.Object({}, { additionalProperties: true }), parent: KObject, children: ObjectMap, related: Type.Optional(ObjectMap), finalizing: Type.Optional(Type.Boolean()) },
  { additionalProperties: true },
)

export const DecoratorSyncEnvelope = Type.Object(
  { controller: Type.Object({}, { additionalProperties: true }), object: KObject, attachments: ObjectMap, related: Type.Optional(ObjectMap), finalizing: Type.Optional(Type.Boolean()) },
  { additionalProperties: true },
)

export const CustomizeEnvelope = Type.Object({ controller: Type.Object({}, { additionalProperties: true }), parent: KObject }, { additionalProperties: true })

export const checkCompositeSync = checkerFor(CompositeSyncEnvelope)
export const checkDecoratorSync = checkerFor(DecoratorSyncEnvelope)
export const checkCustomize = checkerFor(CustomizeEnvelope)
