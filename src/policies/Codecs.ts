/**
 * Internal, transitional: the codec kit now lives in `src/kernel/internal/codec.ts`. This shim
 * only keeps the modules outside the history/policies/feedback work (arbitration, outbound,
 * catalog/Action, catalog/Value, catalog/Availability) compiling until their imports are switched
 * to the kit; delete it then.
 *
 * @internal
 * @since 0.1.0
 */
export * from "../kernel/internal/codec.js"
