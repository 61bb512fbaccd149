// OMS-CD-004: canonical IANA names pass, backward links warn, UTC and GMT alike are accepted.
import { describe, expect, it } from 'vitest'

import { findRule } from '../../src/rules/registry.js'
import { validateDocuments } from './memory-project.js'

const settings = findRule('OMS-CD-004')!.examples.pass

async function zoneProblems(zone: string): Promise<string[]> {
  const run = await validateDocuments(settings.replace('timezone: Europe/Berlin', `timezone: ${zone}`))

  return run.report.problems.map(problem => `${problem.rule}: ${problem.message}; ${problem.hint}`)
}

describe('OMS-CD-004', () => {
  it.each(['Europe/Berlin', 'America/New_York', 'Etc/UTC', 'Etc/GMT', 'UTC', 'GMT'])(
    'accepts %s', async (zone) => {
      expect(await zoneProblems(zone)).toEqual([])
    },
  )

  it.each([
    ['US/Eastern', 'America/New_York', 'write America/New_York'],
    ['Asia/Calcutta', 'Asia/Kolkata', 'write Asia/Kolkata'],
    ['UCT', 'Etc/UTC', 'write UTC (or Etc/UTC)'],
    ['Zulu', 'Etc/UTC', 'write UTC (or Etc/UTC)'],
    ['Etc/Universal', 'Etc/UTC', 'write UTC (or Etc/UTC)'],
    ['Greenwich', 'Etc/GMT', 'write GMT (or Etc/GMT)'],
    ['GMT0', 'Etc/GMT', 'write GMT (or Etc/GMT)'],
  ])('warns on the link %s to %s', async (zone, target, hint) => {
    expect(await zoneProblems(zone)).toEqual([
      `OMS-CD-004: ${zone} is a deprecated alias of the time zone ${target}; ${hint}`,
    ])
  })
})
