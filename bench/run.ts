// `npm run bench [section ...]`: prints the figures the issues ask for. Sections run in
// the order given; with none, all of them.
import { benchLayers } from './layers.js'
import { benchValidate } from './validate.js'

const sections: Record<string, () => Promise<void>> = {
  validate: benchValidate,
  layers: benchLayers,
}

const wanted = process.argv.slice(2)
for (const name of wanted.length > 0 ? wanted : Object.keys(sections)) {
  const section = sections[name]
  if (!section) throw new Error(`unknown bench section "${name}"; known: ${Object.keys(sections).join(', ')}`)
  await section()
}
