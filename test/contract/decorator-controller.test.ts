/** The generated DecoratorController validates against Metacontroller's CRD and only selects annotated objects. */
import fs from 'node:fs'
import path from 'node:path'
import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import YAML from 'yaml'
import { DECORATORS } from '../../providers/controllers.js'
import { decoratorController } from '../../providers/metacontroller-config.js'
import { KUBERNETES_KEYWORDS } from '../../api/validate.js'
import { closeSchema } from '../support/upstream-schemas.js'

const crdFile = path.resolve(import.meta.dirname, '../../../shared/schemas/metacontroller/decoratorcontrollers.metacontroller.k8s.io.yaml')

describe('DecoratorController', () => {
  const crd = YAML.parse(fs.readFileSync(crdFile, 'utf8')) as { spec: { versions: { schema: { openAPIV3Schema: object } }[] } }
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false })
  ajv.addVocabulary(KUBERNETES_KEYWORDS)
  ajv.addFormat('duration', true)
  const validate = ajv.compile(closeSchema(crd.spec.versions[0]!.schema.openAPIV3Schema) as object)

  for (const def of DECORATORS) {
    it(`${def.name}: valid, v2, no finalize hook, selects by annotation`, () => {
      const obj = decoratorController(def)
      expect(validate(obj) ? [] : validate.errors).toEqual([])
      const spec = obj.spec as { hooks: Record<string, { version: string }>; resources: { annotationSelector: unknown }[] }
      expect(Object.keys(spec.hooks)).toEqual(['sync'])
      expect(spec.hooks.sync!.version).toBe('v2')
      for (const r of spec.resources) expect(r.annotationSelector).toEqual({ matchExpressions: [{ key: 'backup.dbaas.io/storage-class', operator: 'Exists' }] })
    })
  }
})
