/**
 * Internal: the one way the library reports a programming mistake at construction time.
 *
 * @internal
 * @since 0.1.0
 */
/** Throws `TypeError("api: message")`; `api` names the public function, e.g. "Rule.between". */
export const misuse = (api: string, message: string): never => {
  throw new TypeError(`${api}: ${message}`)
}
