// ESLint 9 flat config: eslint recommended + typescript-eslint recommended, import cycles, and the
// rules of the house for the pure core (src/). Formatting is Prettier's job (.prettierrc.json);
// `max-len` only holds comment lines, which Prettier does not wrap.
import { builtinModules } from "node:module"
import js from "@eslint/js"
import { defineConfig } from "eslint/config"
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript"
import { importX } from "eslint-plugin-import-x"
import tseslint from "typescript-eslint"

/** Prettier's printWidth (.prettierrc.json); `max-len` holds comments to the same width. */
const WIDTH = 120

/** Node built-ins, bare (`fs`) and prefixed (`node:fs`), with their subpaths (`fs/promises`). */
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith("_"))

export default defineConfig(
  {
    ignores: [
      "dist/",
      "node_modules/",
      "coverage/",
      "test/.doc-examples/",
      "test/.doc-blocks/",
      "docs-api/",
      "demo-report/",
      "test-output/",
      "outbound-cli-out/"
    ]
  },

  js.configs.recommended,
  tseslint.configs.recommended,

  // import cycles, resolved as TypeScript does: `./x.js` specifiers to `./x.ts`, `nextbest` by tsconfig paths
  {
    files: ["**/*.ts"],
    plugins: { "import-x": importX },
    settings: {
      // without these, import-x reads only .js/.mjs/.cjs dependencies and no-cycle never sees a .ts file
      "import-x/extensions": [".ts", ".js"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
      "import-x/external-module-folders": ["node_modules", "node_modules/@types"],
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })]
    },
    rules: {
      "import-x/no-cycle": ["error", { ignoreExternal: true }]
    }
  },

  // two type-aware rules that are cheap and catch real mistakes in the async tests, benchmarks and
  // examples (an un-awaited promise, an await of a non-promise). Not recommendedTypeChecked: its
  // no-unsafe-* family is churn for now; no-misused-promises doubled the lint time for a core with
  // no promises in it.
  {
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/await-thenable": "error"
    }
  },

  {
    rules: {
      // tsc already reports unused locals and parameters (noUnusedLocals, noUnusedParameters), with
      // its `_` convention; a second report of the same line is noise
      "@typescript-eslint/no-unused-vars": "off",
      // Prettier holds the width of code; comments it does not wrap
      "max-len": [
        "error",
        {
          code: WIDTH,
          tabWidth: 2,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreUrls: true,
          ignoreRegExpLiterals: true,
          // a line its author asked Prettier to keep as written (a hand-inlined hot loop) keeps its width too
          ignorePattern: "// prettier-ignore$"
        }
      ]
    }
  },

  // the pure core: no clock, no randomness, no I/O, no Node built-ins; fp-ts/io-ts by their lib/ paths
  {
    files: ["src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: "src/ is a pure core: no Node built-ins (see ../shared/STYLE.md)."
          })),
          patterns: [
            {
              regex: "^node:",
              message: "src/ is a pure core: no Node built-ins (see ../shared/STYLE.md)."
            },
            {
              regex: `^(${nodeBuiltins.map((m) => m.replace(/[/.]/g, "\\$&")).join("|")})/`,
              message: "src/ is a pure core: no Node built-ins (see ../shared/STYLE.md)."
            },
            {
              regex: "^fp-ts(?!/lib/[A-Za-z]+\\.js$)",
              message: 'Import fp-ts by its lib path with the extension: "fp-ts/lib/Either.js".'
            },
            {
              regex: "^io-ts(?!/lib/index\\.js$)",
              message: 'Import io-ts by its lib path with the extension: "io-ts/lib/index.js".'
            }
          ]
        }
      ],
      "no-restricted-properties": [
        "error",
        {
          object: "Math",
          property: "random",
          message: "Randomness is an input: use kernel/Random (a seeded generator)."
        },
        {
          object: "Date",
          property: "now",
          message: "Time is an input: take an `Instant` (kernel/Time) as a parameter."
        },
        { object: "performance", property: "now", message: "Time is an input: take an `Instant` as a parameter." }
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "Time is an input: `new Date()` reads the clock; take an `Instant` (kernel/Time) as a parameter."
        },
        {
          selector: "CallExpression[callee.name='Date']",
          message: "Time is an input: `Date()` reads the clock; take an `Instant` (kernel/Time) as a parameter."
        },
        {
          selector: "ImportExpression",
          message: "src/ is a pure, synchronous core: no dynamic import()."
        }
      ],
      "no-restricted-globals": [
        "error",
        ...["process", "require", "module", "Buffer", "__dirname", "__filename", "global"].map((name) => ({
          name,
          message: "src/ is a pure core: no Node globals."
        })),
        ...["setTimeout", "setInterval", "setImmediate", "queueMicrotask", "fetch", "crypto", "performance"].map(
          (name) => ({ name, message: "src/ is a pure core: no timers, I/O, clock or randomness from the host." })
        )
      ]
    }
  },

  // this file and other plain JavaScript are not in tsconfig.json: no type information for them
  { files: ["**/*.js", "**/*.mjs", "**/*.cjs"], ...tseslint.configs.disableTypeChecked },
  // build scripts run in Node
  {
    files: ["scripts/**/*.mjs"],
    languageOptions: { globals: { URL: "readonly", process: "readonly", console: "readonly" } }
  }
)
