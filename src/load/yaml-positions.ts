import { createRequire } from 'node:module'

/**
 * The `yaml` package, which keeps source positions, loaded on first use: most runs report no
 * problem and never need a position, so they should not pay for loading it.
 */
export type YamlLibrary = typeof import('yaml')

let library: YamlLibrary | undefined

export function yamlWithPositions(): YamlLibrary {
  library ??= createRequire(import.meta.url)('yaml') as YamlLibrary
  return library
}
