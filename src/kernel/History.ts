/**
 * Internal, transitional: the history types now live in `src/history/History.ts` (public as
 * `History`). This shim only keeps `decide/NextBestAction.ts` and `bench/decision.ts` compiling
 * until their imports are switched; delete it then.
 *
 * @internal
 * @since 0.1.0
 */
export type { BuiltInOutcome, History, Interaction } from "../history/History.js"
