/**
 * The Kubernetes Pod Security Standards, "restricted" profile (which includes
 * "baseline"), as a check on a pod spec: what the API server's PodSecurity
 * admission would refuse in a namespace labelled
 * `pod-security.kubernetes.io/enforce: restricted`.
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/
 *
 * Returns one message per violation; an empty list means the pod passes.
 */

type Obj = Record<string, unknown>

const RESTRICTED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'])
const RESTRICTED_ADDABLE_CAPABILITIES = new Set(['NET_BIND_SERVICE'])
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
])
const SELINUX_TYPES = new Set(['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'])
const APPARMOR_TYPES = new Set(['RuntimeDefault', 'Localhost'])
const SECCOMP_TYPES = new Set(['RuntimeDefault', 'Localhost'])

function obj(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : undefined
}

function list(value: unknown): Obj[] {
  return Array.isArray(value) ? value.map(obj).filter((v): v is Obj => v !== undefined) : []
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

interface Container {
  where: string
  spec: Obj
  security: Obj
}

function containersOf(pod: Obj): Container[] {
  return (['initContainers', 'containers', 'ephemeralContainers'] as const).flatMap((field) =>
    list(pod[field]).map((c) => ({ where: `${field}[${String(c.name)}]`, spec: c, security: obj(c.securityContext) ?? {} })),
  )
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** Host namespaces, hostProcess, unsafe sysctls, SELinux and AppArmor at pod level. */
function podBaselineViolations(pod: Obj, podSecurity: Obj): string[] {
  const found: string[] = []
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (pod[field] === true) found.push(`spec.${field} must not be true`)
  }
  if (obj(podSecurity.windowsOptions)?.hostProcess === true) found.push('spec.securityContext.windowsOptions.hostProcess must not be true')
  for (const sysctl of list(podSecurity.sysctls)) {
    if (typeof sysctl.name !== 'string' || !SAFE_SYSCTLS.has(sysctl.name)) found.push(`spec.securityContext.sysctls: ${text(sysctl.name)} is not a safe sysctl`)
  }
  found.push(...selinuxViolations('spec.securityContext', podSecurity), ...apparmorViolations('spec.securityContext', podSecurity))
  return found
}

/** Privileged, hostProcess, /proc mount, host ports, SELinux and AppArmor per container. */
function containerBaselineViolations({ where, spec, security }: Container): string[] {
  const found: string[] = []
  if (security.privileged === true) found.push(`${where}.securityContext.privileged must not be true`)
  if (obj(security.windowsOptions)?.hostProcess === true) found.push(`${where}.securityContext.windowsOptions.hostProcess must not be true`)
  if (security.procMount !== undefined && security.procMount !== 'Default') found.push(`${where}.securityContext.procMount must be Default`)
  for (const port of list(spec.ports)) {
    if (port.hostPort !== undefined && port.hostPort !== 0) found.push(`${where}.ports: hostPort ${text(port.hostPort)} is not allowed`)
  }
  found.push(...selinuxViolations(`${where}.securityContext`, security), ...apparmorViolations(`${where}.securityContext`, security))
  return found
}

const isSet = (value: unknown): boolean => value !== undefined && value !== ''

function selinuxViolations(where: string, security: Obj): string[] {
  const options = obj(security.seLinuxOptions) ?? {}
  const found: string[] = []
  if (isSet(options.type) && !SELINUX_TYPES.has(text(options.type))) found.push(`${where}.seLinuxOptions.type ${text(options.type)} is not allowed`)
  if (isSet(options.user)) found.push(`${where}.seLinuxOptions.user must not be set`)
  if (isSet(options.role)) found.push(`${where}.seLinuxOptions.role must not be set`)
  return found
}

function apparmorViolations(where: string, security: Obj): string[] {
  const type = obj(security.appArmorProfile)?.type
  return type === undefined || APPARMOR_TYPES.has(text(type)) ? [] : [`${where}.appArmorProfile.type ${text(type)} is not allowed`]
}

function volumeViolations(pod: Obj): string[] {
  return list(pod.volumes).flatMap((volume) =>
    Object.keys(volume)
      .filter((type) => type !== 'name' && !RESTRICTED_VOLUME_TYPES.has(type))
      .map((type) => `spec.volumes[${text(volume.name)}]: volume type ${type} is not allowed`),
  )
}

function capabilityViolations(where: string, security: Obj): string[] {
  const capabilities = obj(security.capabilities) ?? {}
  const found = strings(capabilities.drop).includes('ALL') ? [] : [`${where}.securityContext.capabilities.drop must include ALL`]
  for (const added of strings(capabilities.add)) {
    if (!RESTRICTED_ADDABLE_CAPABILITIES.has(added)) found.push(`${where}.securityContext.capabilities.add: ${added} is not allowed`)
  }
  return found
}

/** Non-root, no privilege escalation, capabilities dropped, seccomp confined. */
function restrictedContainerViolations(podSecurity: Obj, { where, security }: Container): string[] {
  const found: string[] = []
  if (security.allowPrivilegeEscalation !== false) found.push(`${where}.securityContext.allowPrivilegeEscalation must be false`)
  if ((security.runAsNonRoot ?? podSecurity.runAsNonRoot) !== true) found.push(`${where}: runAsNonRoot must be true (in the pod or container securityContext)`)
  if (security.runAsUser === 0) found.push(`${where}.securityContext.runAsUser must not be 0`)
  const seccomp = obj(security.seccompProfile)?.type ?? obj(podSecurity.seccompProfile)?.type
  if (typeof seccomp !== 'string' || !SECCOMP_TYPES.has(seccomp)) found.push(`${where}: seccompProfile.type must be RuntimeDefault or Localhost (in the pod or container securityContext)`)
  return [...found, ...capabilityViolations(where, security)]
}

/** Non-root and seccomp at pod level. */
function restrictedPodViolations(podSecurity: Obj): string[] {
  const found: string[] = []
  if (podSecurity.runAsUser === 0) found.push('spec.securityContext.runAsUser must not be 0')
  if (podSecurity.runAsNonRoot === false) found.push('spec.securityContext.runAsNonRoot must not be false')
  const seccomp = obj(podSecurity.seccompProfile)?.type
  if (seccomp !== undefined && !SECCOMP_TYPES.has(text(seccomp))) found.push(`spec.securityContext.seccompProfile.type ${text(seccomp)} is not allowed`)
  return found
}

/** Every way `podSpec` breaks the restricted Pod Security profile. */
export function restrictedViolations(podSpec: unknown): string[] {
  const pod = obj(podSpec)
  if (pod === undefined) return ['pod spec is not an object']
  const podSecurity = obj(pod.securityContext) ?? {}
  const containers = containersOf(pod)
  const found = [...podBaselineViolations(pod, podSecurity), ...volumeViolations(pod), ...restrictedPodViolations(podSecurity)]
  if (containers.length === 0) found.push('pod has no containers')
  for (const c of containers) found.push(...containerBaselineViolations(c), ...restrictedContainerViolations(podSecurity, c))
  return found
}
