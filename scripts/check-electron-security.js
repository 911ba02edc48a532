#!/usr/bin/env node
/**
 * `npm run check:electron`: Electronegativity (Doyensec's static checker for
 * Electron apps) on src-main, offline and against the Electron version we
 * build with. Fails on every finding above informational that
 * docs/security-accepted.json does not accept by check name and file (as many
 * times as it says), and on every finding of the CSP evaluator on the two
 * policies the app really sends (the tool cannot compute them) that is not
 * accepted there. docs/SECURITY.md explains each acceptance.
 *
 * Needs the build (dist/) for the computed policies; npm test builds first.
 * An argument scans another folder instead of src-main (the check's own test).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');
// The evaluator the tool itself uses, resolved from the tool (it is its dependency, not ours).
const csp = createRequire(require.resolve('@doyensec/electronegativity'))('@doyensec/csp-evaluator');
const accepted = JSON.parse(readFileSync(join(ROOT, 'docs', 'security-accepted.json'), 'utf8'));
const electron = require('electron/package.json').version;

// AVAILABLE_SECURITY_FIXES downloads Electron's release list: no network here or in CI, and the
// Electron version is kept current through package.json like every other dependency.
const result = await run({
  input: process.argv[2] ?? join(ROOT, 'src-main'),
  isRelative: true,
  electronVersionOverride: electron, // else it assumes 0.1.0 and reports checks for long-removed features (the remote module)
  excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  severitySet: 'INFORMATIONAL',
  confidenceSet: 'TENTATIVE',
  output: undefined,
});

const problems = [];
if (result.errors?.length) problems.push(...result.errors.map((e) => `could not scan ${e.file}: ${e.message ?? e.error ?? JSON.stringify(e)}`));

// Tool findings above informational, counted per check and file.
const seen = new Map();
for (const issue of result.issues) {
  if (issue.severity.value <= 0) continue;
  const key = `${issue.id} ${issue.file}`;
  seen.set(key, [...(seen.get(key) ?? []), issue]);
}
for (const [key, issues] of seen) {
  const [id, file] = key.split(' ');
  const allowed = accepted.checks[id]?.files?.[file] ?? 0;
  if (issues.length > allowed) {
    for (const i of issues) {
      problems.push(`${id} (${i.severity.name}, ${i.confidence.name}) at src-main/${file}:${i.location.line}:${i.location.column}: ${i.description}`);
    }
  }
}
for (const [id, { files }] of Object.entries(accepted.checks)) {
  for (const [file, n] of Object.entries(files)) {
    const got = seen.get(`${id} ${file}`)?.length ?? 0;
    if (got < n) console.log(`note: ${id} in ${file} is accepted ${n} time(s) but found ${got}: tighten docs/security-accepted.json`);
  }
}

// The policies the app sends: the bridge's page, and Electron's shoebox://app page.
const { contentSecurityPolicy } = await import(pathToFileURL(join(ROOT, 'dist', 'src-main', 'api', 'renderer-files.js')).href);
for (const [where, policy] of [
  ['the bridge page', contentSecurityPolicy()],
  ['the Electron window', contentSecurityPolicy('shoebox-media:')],
]) {
  const findings = new csp.CspEvaluator(new csp.CspParser(policy).csp, csp.Version.CSP3).evaluate();
  for (const f of findings) {
    if (f.severity >= csp.severities.INFO) continue;
    const text = `${f.directive}: ${f.description}`;
    if (!(text in accepted.csp)) problems.push(`CSP of ${where} (severity ${f.severity}): ${text}\n  policy: ${policy}`);
  }
}

const n = result.issues.filter((i) => i.severity.value > 0).length;
if (problems.length) {
  console.error(`\nElectron security check: ${problems.length} finding(s) not accepted in docs/security-accepted.json:`);
  for (const p of problems) console.error(`- ${p}`);
  console.error('Fix each, or accept it there with its reason and explain it in docs/SECURITY.md.');
  process.exit(1);
}
console.log(`Electron security check: Electronegativity ${result.globalChecks + result.atomicChecks} checks on Electron ${electron}; ${n} finding(s) above informational, all accepted in docs/security-accepted.json; both CSPs evaluated.`);
