/**
 * Suggestions for misspelt names (fields, kinds, enum values, time zones). A suggestion that
 * is far from what was typed is worse than none, so the distance allowed grows slowly with
 * the length of the word.
 */
import { createRequire } from 'node:module'

type Distance = (a: string, b: string) => number

const require = createRequire(import.meta.url)
let distance: Distance | undefined

/** Loaded on first use: suggestions are needed only when something is wrong. */
function editDistance(a: string, b: string): number {
  distance ??= (require('fastest-levenshtein') as { distance: Distance }).distance
  return distance(a, b)
}

/** Edits tolerated: 1 for words of up to 3 letters, then 2 or a third of the length. */
function tolerance(word: string): number {
  return word.length <= 3 ? 1 : Math.max(2, Math.floor(word.length / 3))
}

/**
 * The closest candidate within tolerance. A case-insensitive exact match wins; failing a close
 * spelling, a candidate that is the only one to contain the word ("1.2" in "TLSv1.2").
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase()
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  const containing: string[] = []

  for (const candidate of candidates) {
    if (candidate === word) continue

    const lowerCandidate = candidate.toLowerCase()
    if (lowerCandidate === lower) return candidate
    if (lower.length >= 2 && lowerCandidate.includes(lower)) containing.push(candidate)

    const edits = editDistance(lower, lowerCandidate)
    if (edits < bestDistance) {
      best = candidate
      bestDistance = edits
    }
  }

  if (bestDistance <= tolerance(word)) return best
  return containing.length === 1 ? containing[0] : undefined
}
