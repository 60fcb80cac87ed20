/**
 * Internal: a persistent stack (a cons list, newest first) so that a reducer can add to an
 * outbox in O(1) per step without copying it, and `toArray` lists it oldest first.
 *
 * @internal
 */

export interface Cons<A> {
  readonly head: A
  readonly tail: Stack<A>
  readonly size: number
}

export type Stack<A> = Cons<A> | null

export const push = <A>(stack: Stack<A>, head: A): Stack<A> => ({
  head,
  tail: stack,
  size: stack === null ? 1 : stack.size + 1
})

export const size = <A>(stack: Stack<A>): number => (stack === null ? 0 : stack.size)

/** oldest first */
export const toArray = <A>(stack: Stack<A>): Array<A> => {
  const out: Array<A> = new Array<A>(size(stack))
  let i = out.length - 1
  for (let s = stack; s !== null; s = s.tail) out[i--] = s.head
  return out
}

/** from a list, oldest first */
export const fromArray = <A>(list: ReadonlyArray<A>): Stack<A> => {
  let s: Stack<A> = null
  for (const a of list) s = push(s, a)
  return s
}
