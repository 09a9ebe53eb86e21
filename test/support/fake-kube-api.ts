/**
 * A small Kubernetes API server on loopback for client tests: discovery,
 * get/create/patch (JSON merge patch and server-side apply with field-manager
 * conflicts)/delete (UID preconditions) on namespaced objects, the status
 * subresource, and the status codes and Status bodies the real one returns.
 * Every request is recorded so tests can prove a client did nothing else.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { KubeConfig } from '@kubernetes/client-node'
import { mergePatch } from '../../providers/shared/merge-patch.js'

export interface Resource {
  apiVersion: string
  kind: string
  plural: string
}

export interface RecordedRequest {
  method: string
  path: string
  query: Record<string, string>
  contentType: string | undefined
  body: unknown
}

type Obj = Record<string, any>

const CORE: Resource[] = [
  { apiVersion: 'v1', kind: 'Pod', plural: 'pods' },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims' },
  { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', plural: 'statefulsets' },
  { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', plural: 'leases' },
]

function status(code: number, reason: string, message: string): Obj {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code }
}

export class FakeKubeApi {
  readonly requests: RecordedRequest[] = []
  private readonly objects = new Map<string, Obj>()
  /** Field owners per object key: top-level spec field → manager (server-side apply). */
  private readonly owners = new Map<string, Map<string, string>>()
  private readonly resources: Resource[]
  private server: http.Server | undefined
  private uidCounter = 0

  constructor(resources: Resource[] = []) {
    this.resources = [...CORE, ...resources]
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => { resolve(); }))
  }

  kubeConfig(server: string): KubeConfig {
    const kc = new KubeConfig()
    kc.loadFromOptions({
      clusters: [{ name: 'fake', server, skipTLSVerify: true }],
      users: [{ name: 'executor', token: 'test-token' }],
      contexts: [{ name: 'fake', cluster: 'fake', user: 'executor', namespace: 'team-a' }],
      currentContext: 'fake',
    })
    return kc
  }

  /** Put an object in place, optionally owned (per spec field) by a manager. */
  seed(obj: Obj, owner?: string): void {
    const resource = this.resources.find((r) => r.apiVersion === obj.apiVersion && r.kind === obj.kind)
    if (resource === undefined) throw new Error(`no resource for ${obj.kind}`)
    const key = this.key(resource, obj.metadata.namespace, obj.metadata.name)
    this.objects.set(key, { ...obj, metadata: { uid: `uid-${++this.uidCounter}`, resourceVersion: '1', generation: 1, ...obj.metadata } })
    if (owner !== undefined) this.owners.set(key, new Map(Object.keys(obj.spec ?? {}).map((k) => [k, owner])))
  }

  get(apiVersion: string, kind: string, namespace: string, name: string): Obj | undefined {
    const r = this.resources.find((x) => x.apiVersion === apiVersion && x.kind === kind)
    return r === undefined ? undefined : this.objects.get(this.key(r, namespace, name))
  }

  /** Requests other than discovery. */
  calls(): RecordedRequest[] {
    return this.requests.filter((r) => !/^\/(api|apis)(\/[^/]+){0,2}$/.test(r.path))
  }

  private key(r: Resource, namespace: string, name: string): string {
    return `${r.apiVersion}/${r.plural}/${namespace}/${name}`
  }

  private discovery(path: string): Obj | undefined {
    const groupVersion = path === '/api/v1' ? 'v1' : path.startsWith('/apis/') ? path.slice('/apis/'.length) : undefined
    if (groupVersion === undefined || groupVersion.split('/').length > 2) return undefined
    const list = this.resources.filter((r) => r.apiVersion === groupVersion)
    if (list.length === 0) return undefined
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: list.flatMap((r) => [{ name: r.plural, singularName: r.kind.toLowerCase(), namespaced: true, kind: r.kind, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update'] }, { name: `${r.plural}/status`, singularName: '', namespaced: true, kind: r.kind, verbs: ['get', 'patch', 'update'] }]) }
  }

  private route(path: string): { resource: Resource; namespace: string; name?: string; subresource?: string } | undefined {
    const m = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?(?:\/(status))?$/.exec(path)
    if (m === null) return undefined
    const apiVersion = m[1] ?? m[2] ?? ''
    const resource = this.resources.find((r) => r.apiVersion === apiVersion && r.plural === m[4])
    if (resource === undefined) return undefined
    return { resource, namespace: m[3] ?? '', ...(m[5] === undefined ? {} : { name: m[5] }), ...(m[6] === undefined ? {} : { subresource: m[6] }) }
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', 'http://localhost')
    const body = text === '' ? undefined : (JSON.parse(text) as unknown)
    this.requests.push({ method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), contentType: req.headers['content-type'], body })
    const [code, answer] = this.answer(req.method ?? 'GET', url, req.headers['content-type'], body as Obj | undefined)
    res.writeHead(code, { 'content-type': 'application/json' })
    res.end(JSON.stringify(answer))
  }

  private answer(method: string, url: URL, contentType: string | undefined, body: Obj | undefined): [number, Obj] {
    const found = method === 'GET' ? this.discovery(url.pathname) : undefined
    if (found !== undefined) return [200, found]
    const route = this.route(url.pathname)
    if (route === undefined) return [404, status(404, 'NotFound', `the server could not find the requested resource (${url.pathname})`)]
    const key = route.name === undefined ? undefined : this.key(route.resource, route.namespace, route.name)
    const current = key === undefined ? undefined : this.objects.get(key)
    const what = `${route.resource.plural} "${route.name ?? ''}"`
    if (method === 'POST') return this.create(route.resource, route.namespace, body ?? {})
    if (key === undefined) return [405, status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource')]
    if (method === 'GET') return current === undefined ? [404, status(404, 'NotFound', `${what} not found`)] : [200, current]
    if (method === 'DELETE') return this.remove(key, current, what, body)
    if (method === 'PATCH') return this.patch(key, current, what, route.subresource, contentType, body ?? {}, url)
    if (method === 'PUT') {
      if (current === undefined) return [404, status(404, 'NotFound', `${what} not found`)]
      const expected = body?.metadata?.resourceVersion as string | undefined
      if (expected !== undefined && expected !== current.metadata.resourceVersion) {
        return [409, status(409, 'Conflict', `Operation cannot be fulfilled on ${what}: the object has been modified; please apply your changes to the latest version and try again`)]
      }
      const next = { ...(body ?? {}), metadata: { ...(body?.metadata ?? {}), uid: current.metadata.uid, resourceVersion: current.metadata.resourceVersion } }
      this.objects.set(key, this.bump(next, true))
      return [200, this.objects.get(key) as Obj]
    }
    return [405, status(405, 'MethodNotAllowed', `${method} is not supported here`)]
  }

  private create(resource: Resource, namespace: string, body: Obj): [number, Obj] {
    const key = this.key(resource, namespace, String(body.metadata?.name))
    if (this.objects.has(key)) return [409, status(409, 'AlreadyExists', `${resource.plural} "${String(body.metadata?.name)}" already exists`)]
    const obj = { ...body, metadata: { ...body.metadata, namespace, uid: `uid-${++this.uidCounter}`, resourceVersion: '1', generation: 1 } }
    this.objects.set(key, obj)
    return [201, obj]
  }

  private remove(key: string, current: Obj | undefined, what: string, body: Obj | undefined): [number, Obj] {
    if (current === undefined) return [404, status(404, 'NotFound', `${what} not found`)]
    const uid = body?.preconditions?.uid as string | undefined
    if (uid !== undefined && uid !== current.metadata.uid) {
      return [409, status(409, 'Conflict', `Operation cannot be fulfilled on ${what}: Precondition failed: UID in precondition: ${uid}, UID in object meta: ${String(current.metadata.uid)}`)]
    }
    this.objects.delete(key)
    return [200, { kind: 'Status', apiVersion: 'v1', status: 'Success', details: { name: current.metadata.name, uid: current.metadata.uid } }]
  }

  private patch(key: string, current: Obj | undefined, what: string, subresource: string | undefined, contentType: string | undefined, body: Obj, url: URL): [number, Obj] {
    if (contentType?.startsWith('application/apply-patch') === true) return this.apply(key, current, what, body, url)
    if (current === undefined) return [404, status(404, 'NotFound', `${what} not found`)]
    if (contentType?.startsWith('application/merge-patch+json') !== true) return [415, status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/merge-patch+json, application/apply-patch+yaml (got ${contentType ?? 'none'})`)]
    const next = subresource === 'status' ? { ...current, status: mergePatch(current.status, body.status) } : (mergePatch(current, { ...body, status: undefined }) as Obj)
    if (subresource !== 'status') next.status = current.status
    this.objects.set(key, this.bump(next, subresource !== 'status' && JSON.stringify(next.spec) !== JSON.stringify(current.spec)))
    return [200, this.objects.get(key) as Obj]
  }

  private apply(key: string, current: Obj | undefined, what: string, body: Obj, url: URL): [number, Obj] {
    const manager = url.searchParams.get('fieldManager')
    if (manager === null) return [400, status(400, 'BadRequest', 'PATCH /apply requires a non-empty fieldManager')]
    const force = url.searchParams.get('force') === 'true'
    const owners = this.owners.get(key) ?? new Map<string, string>()
    const conflicts = Object.keys(body.spec ?? {}).filter((k) => {
      const owner = owners.get(k)
      return owner !== undefined && owner !== manager && JSON.stringify(current?.spec?.[k]) !== JSON.stringify(body.spec[k])
    })
    if (conflicts.length > 0 && !force) {
      const list = conflicts.map((k) => `conflict with "${owners.get(k) ?? ''}": .spec.${k}`).join('\n- ')
      return [409, status(409, 'Conflict', `Apply failed with ${conflicts.length} conflict${conflicts.length > 1 ? 's' : ''}: ${list}`)]
    }
    for (const k of Object.keys(body.spec ?? {})) owners.set(k, manager)
    this.owners.set(key, owners)
    const base = current ?? { apiVersion: body.apiVersion, kind: body.kind, metadata: { ...body.metadata, uid: `uid-${++this.uidCounter}`, resourceVersion: '0', generation: 0 } }
    const spec = { ...(base.spec ?? {}) }
    for (const [k, v] of Object.entries(body.spec ?? {})) {
      if (v === null) delete spec[k]
      else spec[k] = v
    }
    const next = { ...base, spec }
    this.objects.set(key, this.bump(next, JSON.stringify(spec) !== JSON.stringify(base.spec)))
    return [current === undefined ? 201 : 200, this.objects.get(key) as Obj]
  }

  private bump(obj: Obj, specChanged: boolean): Obj {
    const rv = Number(obj.metadata.resourceVersion ?? 0) + 1
    return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(rv), generation: Number(obj.metadata.generation ?? 0) + (specChanged ? 1 : 0) } }
  }
}
