import { defineConfig } from "tsup"

// ESM: one output module per source module (not bundled), so that a consumer's bundler keeps only
// the modules it imports (package.json `sideEffects: false`): `import { Rule } from "nextbest"`
// pulls in the rule algebra and the kernel, no learner (test/package/size.test.ts). A single
// bundled file would defeat this: its top-level codec constructions (calls into the external
// io-ts) cannot be proven pure, so a bundler keeps all of them. CJS: one bundled file, as
// `require()` loads everything anyway. `npm run build` empties dist/ first (the two builds run
// concurrently, so neither cleans).
export default defineConfig([
  {
    entry: ["src/**/*.ts"],
    format: ["esm"],
    bundle: false,
    dts: false,
    clean: false,
    sourcemap: true,
    target: "es2022",
    tsconfig: "tsconfig.build.json"
  },
  {
    entry: ["src/index.ts"],
    format: ["cjs"],
    dts: false,
    clean: false,
    sourcemap: true,
    target: "es2022",
    tsconfig: "tsconfig.build.json"
  }
])
