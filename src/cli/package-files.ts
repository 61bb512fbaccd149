import { fileURLToPath } from 'node:url'

/**
 * Files that ship inside the omsctl package beside the compiled code. The same relative
 * path works from src/cli (tests, bin/dev.js) and from dist/cli (the built CLI).
 */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url))
export const schemasDir = fileURLToPath(new URL('../../schemas/', import.meta.url))
