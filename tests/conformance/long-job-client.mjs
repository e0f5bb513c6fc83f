// The official TypeScript SDK client at its defaults (60-second request timeout, not reset by progress) with an
// onprogress handler, as MCP hosts built on it call tools, against a 3-minute video: every call must answer in time,
// the agent's identical retry must not submit again, and check_job_status must deliver the video.
// Usage: node long-job-client.mjs <MCP endpoint> <simulator base URL> <result file>; DRYAPI_API_KEY holds the key and
// SDK_NODE_MODULES the node_modules folder the SDK is installed in. Writes what happened as JSON to the result file;
// run.sh checks it. Exits non-zero only when it could not run.
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(`${process.env.SDK_NODE_MODULES}/`);
const { Client } = require("@modelcontextprotocol/sdk/client/index.js");
const { StreamableHTTPClientTransport } = require("@modelcontextprotocol/sdk/client/streamableHttp.js");

const [endpoint, simulator, resultFile] = process.argv.slice(2);
const headers = { Authorization: `Bearer ${process.env.DRYAPI_API_KEY}` };
const video = { prompt: "waves at dusk", model: "Ltx2_19B_Dist_FP8", width: 768, height: 768, guidance: 1, steps: 8, frames: 49, fps: 24, seed: 7 };
const report = { calls: [] };

const client = new Client({ name: "long-job-check", version: "1.0.0" });
await client.connect(new StreamableHTTPClientTransport(new URL(endpoint), { requestInit: { headers } }));

// One tools/call exactly as a host makes it: default options plus onprogress. A timeout is recorded, not thrown.
async function call(name, args) {
  const started = Date.now();
  let progress = 0;
  try {
    const result = await client.callTool({ name, arguments: args }, undefined, { onprogress: () => progress++ });
    const entry = { name, seconds: (Date.now() - started) / 1000, progress, structured: result.structuredContent ?? null,
      text: result.content.filter(c => c.type === "text").map(c => c.text).join("\n"), isError: result.isError === true };
    report.calls.push(entry);
    return entry;
  } catch (error) {
    report.calls.push({ name, seconds: (Date.now() - started) / 1000, progress, error: String(error) });
    return null;
  }
}

try {
  const first = await call("text_to_video", video);
  const requestId = first?.structured?.request_id;
  report.requestId = requestId ?? null;
  if (requestId) {
    const retry = await call("text_to_video", video);
    report.retryRequestId = retry?.structured?.request_id ?? null;
    let status;
    do {
      status = await call("check_job_status", { request_id: requestId, wait_seconds: 300 });
    } while (status?.structured && !status.structured.finished && report.calls.length < 20);
    report.finalStatus = status?.structured?.status ?? null;
    if (status?.structured?.result_url) {
      const bytes = new Uint8Array(await (await fetch(status.structured.result_url)).arrayBuffer());
      report.resultIsMp4 = bytes.length > 12 && new TextDecoder().decode(bytes.slice(4, 8)) === "ftyp";
    }
  }
  const journal = await (await fetch(new URL("/_sim/requests", simulator))).json();
  report.videoSubmissions = journal.filter(entry => entry.method === "POST" && entry.path.includes("txt2video") && !entry.path.includes("price")).length;
} finally {
  await client.close();
  writeFileSync(resultFile, JSON.stringify(report, null, 2));
}
