/**
 * Internal, transitional: history features now live in `src/history/HistoryFeatures.ts` (public
 * as `HistoryFeatures`). This shim only keeps `decide/NextBestAction.ts` compiling until its import
 * is switched; delete it then.
 *
 * @internal
 * @since 0.1.0
 */
export * from "../history/HistoryFeatures.js"
