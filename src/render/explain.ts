import chalk from 'chalk'
import { stringify } from 'yaml'

import type { Explanation, Step } from '../explain/explain.js'

export function renderExplanation(explanation: Explanation): string {
  const title = `${chalk.bold(explanation.resource)}${explanation.path ? ` ${explanation.path}` : ''}`
  const lines = [`${title}  ${chalk.dim(`(target ${explanation.target})`)}`, '']
  lines.push(...stringify(explanation.value, { lineWidth: 100 }).trimEnd().split('\n').map(line => `  ${line}`), '')

  for (const leaf of explanation.leaves) {
    lines.push(`${chalk.bold(leaf.path || '(document)')} = ${JSON.stringify(leaf.value)}`)
    for (const step of leaf.steps) lines.push(`  ${renderStep(step)}`)
  }

  return lines.join('\n')
}

const effects: Record<Step['effect'], (text: string) => string> = {
  'in-effect': text => chalk.green(text),
  'overridden': text => chalk.dim(text),
  'set': text => text,
  'stopped-by-lock': text => chalk.red(text),
}

function renderStep(step: Step): string {
  const where = `${step.file}:${step.line}`
  const effect = effects[step.effect](step.effect.replace(/-/g, ' '))
  const lock = step.locks ? ` ${chalk.yellow('locks it')}` : ''
  const history = step.history
    ? step.history.uncommitted
      ? chalk.yellow('not committed yet')
      : chalk.dim(`${step.history.commit.slice(0, 8)} ${step.history.author} ${step.history.date.slice(0, 10)} ${step.history.summary}`)
    : ''
  return `${step.layer.padEnd(28)} ${where.padEnd(44)} ${effect}${lock}  ${history}`.trimEnd()
}
