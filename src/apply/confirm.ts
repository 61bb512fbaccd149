import { UserError } from '../errors.js'

/**
 * Asks the user to type `yes`. Without a terminal there is nobody to ask: refuse rather than
 * hang or apply unreviewed (CI passes --auto-approve, or applies a saved, reviewed plan).
 */
export async function confirmApply(question: string, interactive: boolean): Promise<void> {
  if (!interactive) {
    throw new UserError('Refusing to apply without confirmation: there is no terminal to ask', {
      code: 'apply/not-confirmed',
      hint: 'review the plan and pass --auto-approve, or apply a saved plan: '
        + 'omsctl plan --out plan.json, then omsctl apply plan.json',
    })
  }

  const { input } = await import('@inquirer/prompts')
  const answer = await input({ message: question }, { output: process.stderr })
    .catch((error: unknown) => {
      throw new UserError('Apply cancelled; nothing was changed', {
        code: 'apply/cancelled', cause: error,
      })
    })

  if (answer.trim() !== 'yes') {
    throw new UserError('Apply cancelled; nothing was changed', {
      code: 'apply/cancelled',
      hint: 'only the exact answer "yes" applies the plan',
    })
  }
}
