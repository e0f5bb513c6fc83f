// Validates Kubernetes manifests against the Kubernetes OpenAPI schemas, with the models of the npm package
// kubernetes-models (each class's validate() runs the schema of its kind). Every document of every *.yaml file under
// the paths given must be a kind the package models (by apiVersion and kind) and valid; a Kustomization (kustomize's
// own kind, which has no Kubernetes schema) must name resources that exist. Each file under --expect-invalid paths must
// be rejected: they prove the validator fails on a broken manifest.
//
// Usage: node tests/kubernetes/validate.mjs deploy/kubernetes --expect-invalid tests/kubernetes/invalid
// Prints one "ok"/"FAIL" line per document (per file for --expect-invalid), then "kubernetes: N passed, N failed".
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { parseAllDocuments } from "yaml";

const kustomizeApiVersion = "kustomize.config.k8s.io/v1beta1";

function yamlFiles(path) {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .flatMap((entry) => {
      const child = join(path, entry.name);
      if (entry.isDirectory()) return entry.name === "node_modules" ? [] : yamlFiles(child);
      return /\.ya?ml$/.test(entry.name) ? [child] : [];
    })
    .sort();
}

// The model class for apiVersion and kind: kubernetes-models/<group>/<version> (core: kubernetes-models/<version>).
async function modelFor(apiVersion, kind) {
  let module;
  try {
    module = await import(`kubernetes-models/${apiVersion}`);
  } catch {
    throw new Error(`unknown apiVersion "${apiVersion}" (no Kubernetes schema for it)`);
  }
  if (typeof module[kind] !== "function") throw new Error(`unknown kind "${kind}" in ${apiVersion}`);
  return module[kind];
}

function checkKustomization(file, kustomization) {
  for (const resource of kustomization.resources ?? []) {
    const path = join(dirname(file), resource);
    if (!existsSync(path)) throw new Error(`resources: "${resource}" does not exist`);
    if (statSync(path).isDirectory() && !existsSync(join(path, "kustomization.yaml"))) {
      throw new Error(`resources: "${resource}" is a folder without kustomization.yaml`);
    }
  }
}

async function checkDocument(file, document) {
  if (document.errors.length > 0) throw new Error(document.errors.map((e) => e.message).join("; "));
  const object = document.toJS();
  if (object === null || typeof object !== "object") throw new Error("not a Kubernetes object (no mapping)");
  const { apiVersion, kind } = object;
  if (!apiVersion || !kind) throw new Error("apiVersion and kind are required");
  if (apiVersion === kustomizeApiVersion && kind === "Kustomization") return checkKustomization(file, object);
  const Model = await modelFor(apiVersion, kind);
  try {
    new Model(object).validate();
  } catch (error) {
    const details = (error.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
    throw new Error(details.length > 0 ? details.join("; ") : error.message);
  }
}

// Problems of one file, one entry per document: { name, error } (error undefined when the document is valid).
async function checkFile(file) {
  const documents = parseAllDocuments(readFileSync(file, "utf8"));
  if (!Array.isArray(documents)) return []; // an empty file
  const results = [];
  for (const document of documents) {
    const contents = document.contents?.toJSON?.() ?? {};
    const name = `${relative(process.cwd(), file)}: ${contents.kind ?? "?"} ${contents.metadata?.name ?? ""}`.trim();
    try {
      await checkDocument(file, document);
      results.push({ name });
    } catch (error) {
      results.push({ name, error: error.message });
    }
  }
  return results;
}

const args = process.argv.slice(2);
const split = args.indexOf("--expect-invalid");
const validPaths = split < 0 ? args : args.slice(0, split);
const invalidPaths = split < 0 ? [] : args.slice(split + 1);
if (validPaths.length + invalidPaths.length === 0) {
  console.error("Usage: node validate.mjs PATH... [--expect-invalid PATH...]");
  process.exit(2);
}

let passed = 0;
let failed = 0;
const report = (ok, text) => {
  if (ok) passed++;
  else failed++;
  console.log(`  ${ok ? "ok  " : "FAIL"}  ${text}`);
};

for (const file of validPaths.flatMap(yamlFiles)) {
  const results = await checkFile(file);
  if (results.length === 0) report(false, `${file}: no manifest in it`);
  for (const { name, error } of results) report(!error, error ? `${name}: ${error}` : `${name} is valid`);
}
for (const file of invalidPaths.flatMap(yamlFiles)) {
  const rejected = (await checkFile(file)).filter((result) => result.error);
  report(rejected.length > 0,
    rejected.length > 0 ? `${file} is rejected: ${rejected[0].error}` : `${file} should be rejected but is valid`);
}

console.log(`kubernetes: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
