/**
 * The contract between the OpsRequest hook and its executor Job: a plan of
 * exact API calls, computed by the pure hook, carried out in order by the
 * executor (runner/ops-executor), which does nothing else. The executor's
 * Role allows exactly the objects the plan names.
 */
import Type, { type Static } from 'typebox'
import { OpenObject, StringEnum } from './k8s-schema.js'

export const PLAN_PATHS = {
  /** The plan JSON, mounted from the plan ConfigMap. */
  plan: '/etc/dbaas/plan/plan.json',
} as const

/** Key of the result in the result ConfigMap the executor writes. */
export const RESULT_KEY = 'result.json'

export const ObjectRef = Type.Object(
  {
    apiVersion: Type.String({ description: 'API version.' }),
    kind: Type.String({ description: 'Kind.' }),
    /** Plural resource name, for the URL and the executor's Role. */
    resource: Type.String({ description: 'Plural resource.' }),
    name: Type.String({ description: 'Name.' }),
    namespace: Type.String({ description: 'Namespace.' }),
  },
  { description: 'One object the plan touches.' },
)
export type ObjectRef = Static<typeof ObjectRef>

export const ApplyStep = Type.Object(
  {
    action: StringEnum(['apply'] as const, { description: 'Server-side apply.' }),
    target: ObjectRef,
    fieldManager: Type.String({ description: 'Field manager: `dbaas-ops-<OpsRequest name>`.' }),
    /** The fields this step owns: a partial object with apiVersion, kind and metadata.name. */
    object: OpenObject({ description: 'Apply configuration.' }),
    force: Type.Boolean({ description: 'Take fields owned by another manager (reported, not silent).' }),
  },
  { description: 'Server-side apply of the fields the operation changes.' },
)

export const MergePatchStep = Type.Object(
  {
    action: StringEnum(['mergePatch'] as const, { description: 'JSON merge patch.' }),
    target: ObjectRef,
    subresource: Type.Optional(StringEnum(['status'] as const, { description: 'Patch the status subresource.' })),
    patch: OpenObject({ description: 'The merge patch.' }),
    /** Treat a missing object as done (removing a finalizer from an object that may already be gone). */
    ignoreNotFound: Type.Optional(Type.Boolean({ description: 'Not found is success.' })),
  },
  { description: 'A JSON merge patch (annotations, a status field an operator acts on).' },
)

export const DeleteStep = Type.Object(
  {
    action: StringEnum(['delete'] as const, { description: 'Delete.' }),
    target: ObjectRef,
    /** Only delete the object with this uid (the one the hook saw), never a newer one of the same name. */
    uid: Type.Optional(Type.String({ description: 'UID precondition.' })),
    /** Treat a missing object as done. */
    ignoreNotFound: Type.Boolean({ description: 'Not found is success.' }),
  },
  { description: 'Delete one object.' },
)

export const CreateStep = Type.Object(
  {
    action: StringEnum(['create'] as const, { description: 'Create.' }),
    target: ObjectRef,
    object: OpenObject({ description: 'The object to create.' }),
    /** Treat an existing object as done (the step may be retried). */
    ignoreExisting: Type.Boolean({ description: 'Already exists is success.' }),
  },
  { description: 'Create one object.' },
)

export const PlanStep = Type.Union([ApplyStep, MergePatchStep, DeleteStep, CreateStep])
export type PlanStep = Static<typeof PlanStep>

export const OpsPlan = Type.Object(
  {
    apiVersion: Type.String({ description: 'dbaas.io/v1alpha1' }),
    kind: Type.String({ description: 'OpsPlan' }),
    opsRequest: Type.Object({ name: Type.String({ description: 'Name.' }), namespace: Type.String({ description: 'Namespace.' }), uid: Type.String({ description: 'UID.' }) }, { description: 'The OpsRequest the plan serves.' }),
    /** What the plan does, in a sentence, for logs and status. */
    summary: Type.String({ description: 'Summary.' }),
    steps: Type.Array(PlanStep, { description: 'Steps, carried out in order; the first failure stops the plan.', minItems: 1, maxItems: 1024 }),
    result: Type.Object({ configMap: Type.String({ description: 'ConfigMap to write the result into.' }) }, { description: 'Where to report.' }),
  },
  { description: 'Exactly what an executor Job does.' },
)
export type OpsPlan = Static<typeof OpsPlan>

export const StepResult = Type.Object(
  {
    index: Type.Integer({ description: 'Step index.' }),
    action: Type.String({ description: 'Action.' }),
    target: Type.String({ description: '`<kind>/<namespace>/<name>`.' }),
    ok: Type.Boolean({ description: 'Done.' }),
    message: Type.String({ description: 'What happened (an API error verbatim, never a secret).' }),
  },
  { description: 'One step\'s outcome.' },
)

export const PlanResult = Type.Object(
  {
    ok: Type.Boolean({ description: 'Every step succeeded.' }),
    steps: Type.Array(StepResult, { description: 'Per step, in order, up to the first failure.' }),
  },
  { description: 'What the executor reports.' },
)
export type PlanResult = Static<typeof PlanResult>
