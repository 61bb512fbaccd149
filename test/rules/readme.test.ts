import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

import { rulesTable, section, settingsTable } from './readme-tables.js'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

describe('the README', () => {
  it('lists every rule of the pack with its severity and title', () => {
    expect(section(readme, 'rules')).toBe(rulesTable())
  })

  it('documents every setting with the default the code uses', () => {
    expect(section(readme, 'settings')).toBe(settingsTable())
  })
})
