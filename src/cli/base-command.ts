import { Command, Errors, Flags } from '@oclif/core'
import chalk from 'chalk'

import { ExitCode, fileSystemError, UserError } from '../errors.js'

/** Shown at the end of every command's --help: exit codes are part of the interface. */
export const EXIT_CODES_HELP = `EXIT CODES
  0  success, no changes
  1  failure: invalid configuration, refused apply, or an error
  2  changes found (plan --detailed-exitcode) or drift found (drift)`

/** validate never exits 2: it has no changes to find, only problems. */
export const VALIDATE_EXIT_CODES_HELP = `EXIT CODES
  0  valid: no errors (warnings may be listed)
  1  invalid configuration, or an error`

/**
 * What every omsctl command shares: --json, --debug, colour rules, and one place where
 * errors become messages and exit codes. Commands return their result; under --json oclif
 * prints it, otherwise the command renders it.
 */
export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true

  static override baseFlags = {
    debug: Flags.boolean({
      description: 'Print stack traces and causes of errors.',
      helpGroup: 'GLOBAL',
    }),
  }

  protected override async init(): Promise<void> {
    await super.init()
    if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') chalk.level = 0
  }

  protected override catch(error: Error & { oclif?: { exit?: number } }): Promise<void> {
    const debug = this.argv.includes('--debug')
    const userError = asUserError(error)
    process.exitCode = userError?.exitCode ?? ExitCode.failure

    if (this.jsonEnabled()) {
      const body = userError
        ? {
            code: userError.code,
            message: userError.message,
            ...(userError.hint ? { hint: userError.hint } : {}),
          }
        : { code: 'internal_error', message: error.message }
      this.logJson({ error: body })
      return Promise.resolve()
    }

    if (userError) {
      this.logToStderr(`${chalk.red('Error:')} ${userError.message}`)
      if (userError.hint) this.logToStderr(`${chalk.dim('Hint:')} ${userError.hint}`)
      if (debug) this.logToStderr(describeCauses(error))
      return Promise.resolve()
    }

    this.logToStderr(`${chalk.red('Internal error:')} ${error.message}`)
    this.logToStderr(debug
      ? describeCauses(error)
      : 'This is a bug in omsctl. Run again with --debug for details and report it.')
    return Promise.resolve()
  }
}

/**
 * Flag-parsing errors from oclif are the user's too; they exit 1, not oclif's 2. So is a
 * file-system refusal that no command put into words (a read-only disk, no permission).
 */
function asUserError(error: Error & { oclif?: { exit?: number } }): UserError | undefined {
  if (error instanceof UserError) return error
  if (error instanceof Errors.CLIError || error.oclif !== undefined) {
    const message = error.message.split('\n').filter(line => !line.startsWith('See more help')).join('\n')
    return new UserError(message, { hint: 'see --help for usage', code: 'usage', cause: error })
  }

  const { path, syscall } = error as NodeJS.ErrnoException
  return path === undefined ? undefined : fileSystemError(error, syscall ?? 'use', path)
}

function describeCauses(error: unknown): string {
  const lines: string[] = []
  let current: unknown = error
  while (current instanceof Error) {
    lines.push(current.stack ?? current.message)
    current = current.cause
  }

  return lines.join('\nCaused by: ')
}
