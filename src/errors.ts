/**
 * A failure the user can act on: printed as a message and a hint, never with a stack
 * trace (unless --debug). Anything else that reaches the top is an internal error.
 */
export class UserError extends Error {
  readonly hint: string | undefined
  readonly code: string
  readonly exitCode: number

  constructor(
    message: string,
    options: { hint?: string, code?: string, exitCode?: number, cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause })
    this.name = 'UserError'
    this.hint = options.hint
    this.code = options.code ?? 'user_error'
    this.exitCode = options.exitCode ?? 1
  }
}

/** Exit codes are part of the interface; the README and every command's help show them. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  changes: 2,
} as const
