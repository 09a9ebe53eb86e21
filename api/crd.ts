/**
 * Renders our TypeBox schemas into CustomResourceDefinitions.
 *
 * The CRD YAML under manifests/base/crds/ is written from these objects by a
 * test (test/contract/crds.test.ts), which fails in CI when the files drift.
 */
import type { V1CustomResourceColumnDefinition, V1CustomResourceDefinition } from '@kubernetes/client-node'
import Type, { type TSchema } from 'typebox'
import type { CelRule } from './k8s-schema.js'

export interface CrdDefinition {
  group: string
  kind: string
  plural: string
  singular: string
  shortNames: string[]
  scope: 'Namespaced' | 'Cluster'
  spec: TSchema
  status: TSchema
  description: string
  printerColumns: V1CustomResourceColumnDefinition[]
  /** CEL rules on the whole object (for rules that need metadata). */
  rootValidations?: CelRule[]
}

/** Strips TypeBox's non-enumerable markers and key order quirks: what JSON sees is what the API server sees. */
function plain(schema: TSchema): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema)) as Record<string, unknown>
}

export function openApiSchema(def: CrdDefinition): Record<string, unknown> {
  const root = Type.Object(
    {
      apiVersion: Type.String({ description: 'APIVersion defines the versioned schema of this representation of an object.' }),
      kind: Type.String({ description: 'Kind is a string value representing the REST resource this object represents.' }),
      metadata: Type.Object({}, { description: 'Standard object metadata.' }),
      spec: def.spec,
      status: def.status,
    },
    { description: def.description },
  )
  const schema = plain(root)
  schema.required = ['spec']
  if (def.rootValidations !== undefined) schema['x-kubernetes-validations'] = def.rootValidations
  return schema
}

export function renderCrd(def: CrdDefinition): V1CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${def.plural}.${def.group}`,
      labels: { 'app.kubernetes.io/name': 'dbaas-operator', 'app.kubernetes.io/part-of': 'dbaas-operator' },
    },
    spec: {
      group: def.group,
      names: {
        kind: def.kind,
        listKind: `${def.kind}List`,
        plural: def.plural,
        singular: def.singular,
        shortNames: def.shortNames,
        categories: ['dbaas'],
      },
      scope: def.scope,
      versions: [
        {
          name: 'v1alpha1',
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: def.printerColumns,
          schema: { openAPIV3Schema: openApiSchema(def) },
        },
      ],
    },
  }
}
