/**
 * Which way a decision goes: inbound (the customer is here now: a web visit, a call) or outbound
 * (the business reaches out: an email, a letter). Catalog actions, decisions, decision records and
 * response timeouts are told apart by it.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Inbound: the customer is here now. Outbound: the business reaches out.
 *
 * @category model
 * @since 0.1.0
 */
export type Direction = "inbound" | "outbound"

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

/**
 * Both directions, inbound first.
 *
 * @category constants
 * @since 0.1.0
 */
export const directions: ReadonlyArray<Direction> = ["inbound", "outbound"]
