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

/** What each file-system refusal means for the user, and what they can do about it. */
const FILE_SYSTEM_REASONS: Readonly<Record<string, { reason: string, hint: string }>> = {
  ENOTDIR: {
    reason: 'part of the path is a file, not a folder',
    hint: 'choose a path whose parent folders are folders',
  },
  EEXIST: { reason: 'a file of that name is in the way', hint: 'choose another path, or move the file' },
  EISDIR: { reason: 'it is a folder, not a file', hint: 'choose a file path, or move the folder' },
  EACCES: {
    reason: 'permission denied',
    hint: 'choose a place you can write to, or fix the permissions',
  },
  EPERM: {
    reason: 'the operation is not permitted there',
    hint: 'choose a folder of your own, for example under your home folder',
  },
  EROFS: { reason: 'the file system is read-only', hint: 'choose a folder on a writable file system' },
  ENOSPC: { reason: 'the disk is full', hint: 'free some space and run again' },
}

/**
 * A file-system error the user can act on (a path that is a file, no permission, a read-only
 * disk) as a user error that says what omsctl was doing; anything else is left as it is.
 */
export function fileSystemError(
  error: unknown, doing: string, path: string,
): UserError | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const known = code === undefined ? undefined : FILE_SYSTEM_REASONS[code]
  if (!known) return undefined

  return new UserError(`cannot ${doing} ${path}: ${known.reason}`, {
    hint: known.hint,
    code: `file/${code!.toLowerCase()}`,
    cause: error,
  })
}
