/** The restricted Pod Security profile for every container we run: non-root, no escalation, no capabilities, RuntimeDefault seccomp, read-only root. */
export const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
} as const
