/**
 * The install manifests: every overlay is rendered with the real kustomize
 * (`kubectl kustomize`), each object with an upstream schema is validated with
 * unknown fields rejected, and the pieces are checked against each other and
 * against the code (hook routes, enabled engines, Pod Security, the
 * deletion-protection policy). There is no Docker engine here, so the
 * Dockerfile is checked by reading it, and the file its CMD runs is built.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { builtinModules } from 'node:module'
import path from 'node:path'
import { evaluate } from '@marcbachmann/cel-js'
import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { ALL_CRDS, databaseClusterCrd } from '../../api/crds.js'
import { CONTROLLERS } from '../../providers/controllers.js'
import { configFromController } from '../../providers/database-cluster/enabled.js'
import { allProviders } from '../../providers/database-cluster/registry.js'
import { ENGINE_CONTROLLER, HOOK_SERVICE, controllerParts } from '../../providers/metacontroller-config.js'
import { DEFAULT_CONFIG } from '../../providers/shared/defaults.js'
import type { KObject } from '../../providers/shared/kube.js'
import { restrictedViolations } from '../support/pod-security.js'
import { hasSchema, validateChild } from '../support/upstream-schemas.js'

const repoRoot = path.resolve(import.meta.dirname, '../..')
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string>; scripts: Record<string, string> }
const IMAGE = 'ghcr.io/dbaas-operator/dbaas-operator'

type Any = any

interface OverlayExpectation {
  engines: string[]
  monitoring: boolean
  replicas: number
  disruptionBudget: boolean
  tag: string
  logLevel?: string
}

const OVERLAYS: Record<string, OverlayExpectation> = {
  production: { engines: allProviders().map((p) => p.engine), monitoring: true, replicas: 2, disruptionBudget: true, tag: pkg.version },
  dev: { engines: ['postgresql'], monitoring: false, replicas: 1, disruptionBudget: false, tag: 'dev', logLevel: 'debug' },
  'postgresql-only': { engines: ['postgresql'], monitoring: true, replicas: 2, disruptionBudget: true, tag: pkg.version },
}
const overlayNames = Object.keys(OVERLAYS)

function kustomize(dir: string): KObject[] {
  const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', timeout: 30_000 })
  if (result.error !== undefined && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('kubectl is not installed: these tests need `kubectl kustomize` (kubectl with embedded kustomize v5, e.g. /usr/bin/kubectl)')
  }
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${result.stderr}`)
  return parseAllDocuments(result.stdout).map((d) => d.toJSON() as KObject).filter((o) => o !== null)
}

const rendered = new Map<string, KObject[]>()
function overlay(name: string): KObject[] {
  let objects = rendered.get(name)
  if (objects === undefined) {
    objects = kustomize(path.join(repoRoot, 'manifests/overlays', name))
    rendered.set(name, objects)
  }
  return objects
}

function find(objects: KObject[], kind: string, name: string): Any {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name)
  expect(found, `${kind} ${name}`).toHaveLength(1)
  return found[0]
}

it('knows every overlay', () => {
  expect(readdirSync(path.join(repoRoot, 'manifests/overlays')).sort()).toEqual([...overlayNames].sort())
})

const CLUSTER_SCOPED = new Set(['Namespace', 'CustomResourceDefinition', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'CompositeController', 'DecoratorController'])

describe.each(overlayNames)('overlay %s', (name) => {
  const expected = OVERLAYS[name]!

  it('renders, and every object with an upstream schema validates with unknown fields rejected', () => {
    const objects = overlay(name)
    const validated: string[] = []
    for (const obj of objects) {
      if (!hasSchema(obj.apiVersion, obj.kind)) continue
      expect(validateChild(obj), `${obj.kind} ${obj.metadata.name}`).toEqual([])
      validated.push(obj.kind)
    }
    expect(validated).toEqual(expect.arrayContaining(['ServiceAccount', 'Service', 'Deployment', ...(expected.disruptionBudget ? ['PodDisruptionBudget'] : [])]))
  })

  it('puts namespaced objects in dbaas-system and grants the hook server no API access', () => {
    for (const obj of overlay(name)) {
      if (CLUSTER_SCOPED.has(obj.kind)) expect(obj.metadata.namespace, `${obj.kind} ${obj.metadata.name}`).toBeUndefined()
      else expect(obj.metadata.namespace, `${obj.kind} ${obj.metadata.name}`).toBe('dbaas-system')
      expect(obj.metadata.labels?.['app.kubernetes.io/part-of']).toBe('dbaas-operator')
    }
    const kinds = overlay(name).map((o) => o.kind)
    for (const rbac of ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'Secret']) expect(kinds).not.toContain(rbac)
    expect(find(overlay(name), 'ServiceAccount', 'dbaas-hooks').automountServiceAccountToken).toBe(false)
  })

  it('ships every CRD of api/crds.ts, so that every CompositeController has its parent type', () => {
    const crds = overlay(name).filter((o) => o.kind === 'CustomResourceDefinition').map((o) => o.metadata.name).sort()
    expect(crds).toEqual(ALL_CRDS.map((c) => `${c.plural}.${c.group}`).sort())
    for (const cc of overlay(name).filter((o) => o.kind === 'CompositeController') as Any[]) {
      const { apiVersion, resource } = cc.spec.parentResource
      expect(crds, cc.metadata.name).toContain(`${resource}.${apiVersion.split('/')[0]}`)
    }
  })

  it('runs the hook server under the restricted Pod Security profile, in a namespace that enforces it', () => {
    const deployment = find(overlay(name), 'Deployment', 'dbaas-hooks')
    expect(restrictedViolations(deployment.spec.template.spec)).toEqual([])
    const pod = deployment.spec.template.spec
    expect(pod.automountServiceAccountToken).toBe(false)
    expect(pod.serviceAccountName).toBe('dbaas-hooks')
    expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true)
    expect(find(overlay(name), 'Namespace', 'dbaas-system').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted')
  })

  it('has the expected replicas, image, environment and disruption budget', () => {
    const objects = overlay(name)
    const deployment = find(objects, 'Deployment', 'dbaas-hooks')
    expect(deployment.spec.replicas).toBe(expected.replicas)
    const container = deployment.spec.template.spec.containers[0]
    expect(container.image).toBe(`${IMAGE}:${expected.tag}`)
    const env = Object.fromEntries<string>(container.env.map((e: Any) => [e.name, e.value]))
    expect(env.PORT).toBe('8080')
    expect(env.LOG_LEVEL).toBe(expected.logLevel)
    const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget')
    if (!expected.disruptionBudget) {
      expect(pdbs).toEqual([])
      return
    }
    expect(expected.replicas).toBeGreaterThanOrEqual(2)
    expect(pdbs).toHaveLength(1)
    const pdb = pdbs[0] as Any
    expect(pdb.spec.minAvailable).toBe(1)
    expect(pdb.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels)
  })

  it('wires Metacontroller → Service → container port → probes consistently', () => {
    const objects = overlay(name)
    const deployment = find(objects, 'Deployment', 'dbaas-hooks')
    const podLabels = deployment.spec.template.metadata.labels
    for (const [key, value] of Object.entries(deployment.spec.selector.matchLabels)) expect(podLabels[key]).toBe(value)
    const service = find(objects, 'Service', HOOK_SERVICE.name)
    expect(service.metadata.namespace).toBe(HOOK_SERVICE.namespace)
    for (const [key, value] of Object.entries(service.spec.selector)) expect(podLabels[key]).toBe(value)
    const servicePort = service.spec.ports.find((p: Any) => p.port === HOOK_SERVICE.port)
    expect(servicePort).toBeDefined()
    const container = deployment.spec.template.spec.containers[0]
    const containerPort = container.ports.find((p: Any) => p.name === servicePort.targetPort)
    expect(containerPort.containerPort).toBe(8080)
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) expect(container[probe].httpGet.port).toBe(containerPort.name)
    expect(container.livenessProbe.httpGet.path).toBe('/healthz')
    expect(container.readinessProbe.httpGet.path).toBe('/readyz')
    const constraint = deployment.spec.template.spec.topologySpreadConstraints[0]
    expect(constraint.topologyKey).toBe('kubernetes.io/hostname')
    expect(constraint.labelSelector.matchLabels).toEqual(deployment.spec.selector.matchLabels)
  })

  it('lists in each CompositeController the child types of exactly the engines this overlay enables', () => {
    const objects = overlay(name)
    const controllers = objects.filter((o) => o.kind === 'CompositeController')
    expect(controllers.map((c) => c.metadata.name).sort()).toEqual(CONTROLLERS.map((c) => `dbaas-${c.name}`).sort())
    const enabled = [...expected.engines, ...(expected.monitoring ? ['monitoring'] : [])]
    for (const def of CONTROLLERS) {
      const cc = find(objects, 'CompositeController', `dbaas-${def.name}`)
      const parts = controllerParts(def)
      const wanted = [...parts.base, ...enabled.flatMap((c) => parts.components.get(c) ?? [])]
      const listed = cc.spec.childResources.map((r: Any) => `${r.apiVersion}/${r.resource}`)
      expect(listed.sort(), def.name).toEqual(wanted.map((t) => `${t.apiVersion}/${t.resource}`).sort())
      expect(cc.spec.parentResource).toEqual({ apiVersion: def.parent.apiVersion, resource: def.parent.resource })
      for (const rule of cc.spec.childResources) expect(rule.updateStrategy).toEqual({ method: 'InPlace' })
      for (const hook of Object.values<Any>(cc.spec.hooks)) expect(hook.webhook.service).toEqual(HOOK_SERVICE)
    }
    const seen = configFromController(find(objects, 'CompositeController', `dbaas-${ENGINE_CONTROLLER}`), { ...DEFAULT_CONFIG, podMonitors: true })
    expect([...seen.engines].sort()).toEqual([...expected.engines].sort())
    expect(seen.podMonitors).toBe(expected.monitoring)
  })
})

describe('deletion protection', () => {
  const policy = () => find(overlay('production'), 'ValidatingAdmissionPolicy', 'dbaas-databasecluster-deletion-protection')
  const validation = () => policy().spec.validations[0]
  const cluster = (spec: Record<string, unknown>) => ({ apiVersion: 'dbaas.io/v1alpha1', kind: 'DatabaseCluster', metadata: { name: 'orders', namespace: 'team-a' }, spec: { engine: 'postgresql', ...spec } })

  it('applies to DELETE of DatabaseClusters only, and is bound with Deny', () => {
    const { apiVersion, metadata, spec } = policy()
    expect(apiVersion).toBe('admissionregistration.k8s.io/v1')
    expect(spec.failurePolicy).toBe('Fail')
    expect(spec.matchConstraints.resourceRules).toEqual([{ apiGroups: [databaseClusterCrd.group], apiVersions: ['*'], operations: ['DELETE'], resources: [databaseClusterCrd.plural] }])
    const binding = find(overlay('production'), 'ValidatingAdmissionPolicyBinding', metadata.name)
    expect(binding.apiVersion).toBe('admissionregistration.k8s.io/v1')
    expect(binding.spec).toEqual({ policyName: metadata.name, validationActions: ['Deny'] })
  })

  it.each([
    ['protected', { deletionProtection: true }, false],
    ['unprotected', { deletionProtection: false }, true],
    ['without the field', {}, true],
  ])('%s cluster: delete allowed = %s', (_name, spec, allowed) => {
    expect(evaluate(validation().expression, { oldObject: cluster(spec), object: null })).toBe(allowed)
  })

  it('tells the user how to turn protection off', () => {
    const command = `kubectl patch dbc orders -n team-a --type merge -p '{"spec":{"deletionProtection":false}}'`
    expect(evaluate(validation().messageExpression, { oldObject: cluster({ deletionProtection: true }), object: null })).toContain(command)
    expect(validation().message).toContain(`kubectl patch dbc <name> --type merge -p '{"spec":{"deletionProtection":false}}'`)
  })
})

describe('restrictedViolations', () => {
  const good = {
    securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'app', image: 'x', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    volumes: [{ name: 'tmp', emptyDir: {} }],
  }
  const withPod = (patch: Record<string, unknown>) => ({ ...structuredClone(good), ...patch })
  const withContainer = (patch: Record<string, unknown>) => withPod({ containers: [{ ...good.containers[0], securityContext: { ...good.containers[0]!.securityContext, ...patch } }] })

  it('passes a compliant pod', () => {
    expect(restrictedViolations(good)).toEqual([])
  })

  it.each([
    ['root allowed', withPod({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }), 'runAsNonRoot'],
    ['container overrides runAsNonRoot', withContainer({ runAsNonRoot: false }), 'runAsNonRoot'],
    ['uid 0', withContainer({ runAsUser: 0 }), 'runAsUser'],
    ['privilege escalation', withContainer({ allowPrivilegeEscalation: true }), 'allowPrivilegeEscalation'],
    ['escalation unset', withContainer({ allowPrivilegeEscalation: undefined }), 'allowPrivilegeEscalation'],
    ['capabilities kept', withContainer({ capabilities: { drop: ['NET_RAW'] } }), 'drop must include ALL'],
    ['capability added', withContainer({ capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } }), 'SYS_ADMIN'],
    ['no seccomp', withPod({ securityContext: { runAsNonRoot: true } }), 'seccompProfile'],
    ['unconfined seccomp', withContainer({ seccompProfile: { type: 'Unconfined' } }), 'seccompProfile'],
    ['privileged', withContainer({ privileged: true }), 'privileged'],
    ['hostPath', withPod({ volumes: [{ name: 'h', hostPath: { path: '/' } }] }), 'hostPath'],
    ['nfs volume', withPod({ volumes: [{ name: 'n', nfs: { server: 's', path: '/' } }] }), 'nfs'],
    ['hostNetwork', withPod({ hostNetwork: true }), 'hostNetwork'],
    ['hostPID', withPod({ hostPID: true }), 'hostPID'],
    ['hostIPC', withPod({ hostIPC: true }), 'hostIPC'],
    ['hostPort', withPod({ containers: [{ ...good.containers[0], ports: [{ containerPort: 80, hostPort: 80 }] }] }), 'hostPort'],
    ['unsafe sysctl', withPod({ securityContext: { ...good.securityContext, sysctls: [{ name: 'kernel.msgmax', value: '1' }] } }), 'kernel.msgmax'],
    ['proc mount', withContainer({ procMount: 'Unmasked' }), 'procMount'],
    ['SELinux user', withContainer({ seLinuxOptions: { user: 'root' } }), 'seLinuxOptions.user'],
    ['AppArmor unconfined', withContainer({ appArmorProfile: { type: 'Unconfined' } }), 'appArmorProfile'],
    ['init container', withPod({ initContainers: [{ name: 'init', image: 'x' }] }), 'initContainers[init]'],
  ])('reports %s', (_name, pod, message) => {
    expect(restrictedViolations(pod).join('\n')).toContain(message)
  })
})

describe('Dockerfile', () => {
  const dockerfile = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8')
  const lines = dockerfile.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'))
  const stages: string[][] = []
  for (const line of lines) {
    if (/^FROM\s/i.test(line)) stages.push([])
    stages.at(-1)?.push(line)
  }
  const build = stages[0] ?? []
  const runtime = stages.at(-1) ?? []
  const cmdLine = runtime.find((l) => l.startsWith('CMD '))
  /** Runs the build script when its output is missing; true when `file` exists afterwards. */
  const ensureBuilt = (file: string): boolean => {
    const target = path.join(repoRoot, file)
    if (!existsSync(target)) execFileSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'pipe', timeout: 170_000 })
    return existsSync(target)
  }

  it('builds in one stage and runs production dependencies and dist/ only in another', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2)
    expect(build[0]).toMatch(/^FROM node:20-bookworm-slim AS build$/)
    expect(runtime[0]).toMatch(/^FROM node:20-bookworm-slim\b/)
    expect(build).toContain('RUN npm ci --no-audit --no-fund')
    expect(build).toContain('RUN npm run build')
    expect(runtime.some((l) => /^RUN npm ci\b.*--omit=dev/.test(l))).toBe(true)
    expect(runtime).toContain('COPY --from=build /app/dist ./dist')
    expect(runtime.some((l) => /^COPY (?!--from)/.test(l) && !/package(-lock)?\.json/.test(l))).toBe(false)
  })

  it('installs the PostgreSQL client of the newest PostgreSQL the catalog runs (pg_dump cannot dump a newer server)', () => {
    const newest = Math.max(...Object.keys(DEFAULT_CONFIG.images.postgresql).map(Number))
    expect(runtime).toContain(`ARG POSTGRESQL_CLIENT_VERSION=${newest}`)
    expect(dockerfile).toContain('"postgresql-client-${POSTGRESQL_CLIENT_VERSION}"')
    expect(dockerfile).toContain('https://apt.postgresql.org/pub/repos/apt bookworm-pgdg main')
  })

  it('runs as a non-root user, with the port the Deployment probes', () => {
    const user = runtime.filter((l) => l.startsWith('USER ')).at(-1)
    expect(user).toBeDefined()
    const [uid] = user!.slice(5).split(':')
    expect(uid === 'root' || uid === '0').toBe(false)
    expect(uid).toMatch(/^[1-9]\d*$/)
    const deployment = find(overlay('production'), 'Deployment', 'dbaas-hooks')
    expect(String(deployment.spec.template.spec.securityContext.runAsUser)).toBe(uid)
    expect(runtime).toContain('EXPOSE 8080')
    expect(runtime).toContain('ENV NODE_ENV=production PORT=8080 HOST=0.0.0.0')
  })

  it('starts with an exec-form CMD that runs the file `npm run build` produces', () => {
    expect(pkg.scripts.build).toBe('tsc -p tsconfig.build.json')
    expect(cmdLine).toBeDefined()
    const cmd = JSON.parse(cmdLine!.slice(4)) as string[]
    expect(cmd).toEqual(['node', 'dist/hooks/server.js'])
    expect(ensureBuilt(cmd[1]!)).toBe(true)
  }, 180_000)

  it('needs nothing at run time that `npm ci --omit=dev` leaves out', () => {
    ensureBuilt('dist/hooks/server.js')
    const dist = path.join(repoRoot, 'dist')
    const files = readdirSync(dist, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.js'))
    expect(files.length).toBeGreaterThan(0)
    const builtins = new Set(builtinModules)
    const missing = new Set<string>()
    for (const file of files) {
      const text = readFileSync(path.join(file.parentPath, file.name), 'utf8')
      const imports = /\b(?:import|export)\s+[\w*\s{},$]+?\s+from\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]/g
      for (const match of text.matchAll(imports)) {
        const spec = match[1] ?? match[2]!
        if (spec.startsWith('.')) continue
        if (spec.startsWith('node:') || builtins.has(spec)) continue
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!
        if (!(name in pkg.dependencies)) missing.add(`${name} (${path.relative(dist, path.join(file.parentPath, file.name))})`)
      }
    }
    expect([...missing]).toEqual([])
  }, 180_000)

  it('.dockerignore keeps host artefacts out and every build input in', () => {
    const patterns = readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'))
    const escape = (part: string) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*').replaceAll('?', '[^/]')
    const toRegex = (p: string) => new RegExp(`^${p.replace(/\/$/, '').split('**').map(escape).join('.*')}(/.*)?$`)
    const ignored = (file: string) => patterns.reduce((out, p) => (p.startsWith('!') ? (toRegex(p.slice(1)).test(file) ? false : out) : toRegex(p).test(file) ? true : out), false)
    for (const artefact of ['node_modules/yaml/package.json', 'dist/hooks/server.js', '.git/HEAD', 'test/contract/manifests.test.ts']) expect(ignored(artefact), artefact).toBe(true)
    const tsconfig = JSON.parse(readFileSync(path.join(repoRoot, 'tsconfig.build.json'), 'utf8')) as { include: string[] }
    const inputs = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', ...tsconfig.include.map((dir) => `${dir}/index.ts`)]
    for (const input of inputs) expect(ignored(input), input).toBe(false)
  })
})
