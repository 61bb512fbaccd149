import { execa } from 'execa'
import { describe, expect, it } from 'vitest'

import { repoRoot } from './cli.js'

describe('npm run demo', () => {
  it('validates, plans, applies, plans again and shows drift with the other user', async () => {
    const result = await execa('node', ['scripts/demo.js'], { cwd: repoRoot, env: { NO_COLOR: '1' }, reject: false })

    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('✔ valid')
    expect(result.stdout).toMatch(/Plan: \d+ to create, 0 to update, 0 to delete\./)
    expect(result.stdout).toMatch(/Applied plan \S+ to staging\/acme-eu: \d+ created/)
    expect(result.stdout).toContain('No changes. Live matches the desired state.')
    expect(result.stdout).toContain('spec.escalation.afterHours')
    expect(result.stdout).toMatch(/update by maria\.schmidt at \d{4}-/)
  })
})
