// Counts the conformance suite's server scenarios against the expected-failures list, judging each scenario the way
// the suite's --expected-failures does: it fails when any of its checks is a FAILURE or a WARNING.
//
//   node count-scenarios.mjs <results-dir> <expected-failures.yml>
//
// <results-dir> is the suite's -o folder (one server-<scenario>-<timestamp>/checks.json per scenario). Prints each
// unexpected result on stderr, then one line on stdout: "<passed> <failed> <expected>", where
//   passed   = scenarios that pass and are not listed,
//   failed   = unexpected failures + listed scenarios that pass (stale) + listed scenarios that did not run,
//   expected = listed scenarios that fail.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [resultsDir, expectedFailuresFile] = process.argv.slice(2);

// The list is ours and flat ("server:" then "- name # reason" lines), so it is read without a YAML library.
function listedServerScenarios(text) {
  const listed = new Set();
  let inServerList = false;
  for (const line of text.split('\n')) {
    const content = line.replace(/#.*$/, '').trimEnd();
    if (!content) continue;
    if (/^\S/.test(content)) {
      inServerList = content === 'server:';
      continue;
    }
    const item = /^\s+-\s+(\S+)$/.exec(content);
    if (inServerList && item) listed.add(item[1]);
  }
  return listed;
}

function scenarioOutcomes(dir) {
  const outcomes = new Map();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const name = /^server-(.+)-\d{4}-\d{2}-\d{2}T[\d-]+Z$/.exec(entry.name)?.[1];
    if (!entry.isDirectory() || !name) continue;
    const checks = JSON.parse(readFileSync(join(dir, entry.name, 'checks.json'), 'utf8'));
    outcomes.set(name, checks.some((check) => check.status === 'FAILURE' || check.status === 'WARNING') ? 'fail' : 'pass');
  }
  return outcomes;
}

const listed = listedServerScenarios(readFileSync(expectedFailuresFile, 'utf8'));
const outcomes = scenarioOutcomes(resultsDir);
let passed = 0;
let failed = 0;
let expected = 0;

for (const [scenario, outcome] of outcomes) {
  if (outcome === 'pass' && !listed.has(scenario)) passed++;
  else if (outcome === 'fail' && listed.has(scenario)) expected++;
  else {
    failed++;
    console.error(outcome === 'fail' ? `unexpected failure: ${scenario}` : `stale expected failure (now passes, remove it): ${scenario}`);
  }
}
for (const scenario of listed) {
  if (!outcomes.has(scenario)) {
    failed++;
    console.error(`listed but not run (misspelt or removed from the suite?): ${scenario}`);
  }
}

console.log(`${passed} ${failed} ${expected}`);
