// `npm run bench [section ...]`: prints the figures the issues ask for. Sections run in
// the order given; with none, all of them.
import { execa } from 'execa'

import { benchLayers } from './layers.js'
import { benchPlan } from './plan.js'
import { benchRules } from './rules.js'
import { benchValidate } from './validate.js'

const sections: Record<string, () => Promise<void>> = {
  validate: benchValidate,
  layers: benchLayers,
  rules: benchRules,
  plan: benchPlan,
  server: async () => {
    await execa('npx', ['tsx', 'bench/server.ts'], { stdio: 'inherit' })
  },
}

const wanted = process.argv.slice(2)
for (const name of wanted.length > 0 ? wanted : Object.keys(sections)) {
  const section = sections[name]
  if (!section) throw new Error(`unknown bench section "${name}"; known: ${Object.keys(sections).join(', ')}`)
  await section()
}
