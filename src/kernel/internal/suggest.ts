/**
 * Internal: "did you mean" — the closest of some known names to a mistyped one, by edit distance
 * (Levenshtein), or a name that differs only in case.
 *
 * @internal
 * @since 0.1.0
 */

/**
 * The edit distance of two strings (optimal string alignment: insertions, deletions,
 * substitutions and transpositions of neighbours each cost 1), or `limit + 1` as soon as it must
 * exceed `limit`.
 */
export const editDistance = (a: string, b: string, limit: number): number => {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let prev2 = new Array<number>(b.length + 1).fill(0)
  let prev = new Array<number>(b.length + 1)
  let curr = new Array<number>(b.length + 1)
  for (let j = 0; j <= b.length; j++) prev[j] = j
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i
    let best = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1
      let v = Math.min((prev[j] as number) + 1, (curr[j - 1] as number) + 1, (prev[j - 1] as number) + cost)
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1) &&
        (prev2[j - 2] as number) + 1 < v
      )
        v = (prev2[j - 2] as number) + 1
      curr[j] = v
      if (v < best) best = v
    }
    if (best > limit) return limit + 1
    const swap = prev2
    prev2 = prev
    prev = curr
    curr = swap
  }
  return prev[b.length] as number
}

/**
 * The known name closest to `name`: one equal but for case first, else the nearest within an edit
 * distance of a third of its length (at least 1, at most 3); undefined when none is close.
 */
export const closest = (name: string, known: Iterable<string>): string | undefined => {
  const lower = name.toLowerCase()
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)))
  let best: string | undefined
  let bestDistance = limit + 1
  for (const k of known) {
    if (k.toLowerCase() === lower) return k
    const d = editDistance(name, k, limit)
    if (d < bestDistance) {
      best = k
      bestDistance = d
    }
  }
  return best
}

/** `: did you mean "x"?` when some known name is close to `name`, else "". */
export const didYouMean = (name: string, known: Iterable<string>): string => {
  const k = closest(name, known)
  return k === undefined ? "" : `: did you mean ${JSON.stringify(k)}?`
}

/**
 * The most names one suggester searches by edit distance: past it, only a name equal but for case
 * gets a hint, so that input with many unknown names costs linear time (10,000 unknown keys against
 * 1,000 declared ones took 15 s when each was searched).
 */
export const MAX_SEARCHES = 32

/**
 * The nearest known name for many names against the same known ones: a name equal but for case is
 * found in a map (always); the first `searches` others are searched by edit distance, the rest get
 * none.
 */
export const nearest = (
  known: ReadonlyArray<string>,
  searches = MAX_SEARCHES
): ((name: string) => string | undefined) => {
  let lower: Map<string, string> | undefined
  let left = searches
  return (name) => {
    if (lower === undefined) {
      lower = new Map()
      for (const k of known) if (!lower.has(k.toLowerCase())) lower.set(k.toLowerCase(), k)
    }
    const same = lower.get(name.toLowerCase())
    if (same !== undefined) return same
    if (left <= 0) return undefined
    left--
    return closest(name, known)
  }
}

/** `: did you mean "x"?` for a name found by `nearest`, else "". */
export const hintOf = (near: string | undefined): string =>
  near === undefined ? "" : `: did you mean ${JSON.stringify(near)}?`
