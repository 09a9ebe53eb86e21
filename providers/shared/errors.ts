/**
 * A HookError means the hook cannot compute the complete desired state. The
 * HTTP shell answers 500, so Metacontroller changes nothing and retries: never
 * a partial answer that would delete children.
 */
export class HookError extends Error {
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.name = 'HookError'
    this.code = code
  }
}
