import chalk from 'chalk'

import type { ApplyProgress } from './apply-plan.js'

/** Steps with elapsed time on stderr, for a person watching; CI gets only the summary. */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ApplyProgress {
  const started = Date.now()
  const elapsed = () => chalk.dim(`[${((Date.now() - started) / 1000).toFixed(1)}s]`)

  if (!stream.isTTY) {
    return {
      step: () => undefined,
      warn: message => stream.write(`Warning: ${message}\n`),
    }
  }

  return {
    step: message => stream.write(`${elapsed()} ${message}…\n`),
    warn: message => stream.write(`${elapsed()} ${chalk.yellow('Warning:')} ${message}\n`),
  }
}
