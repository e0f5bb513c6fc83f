// A loopback reverse proxy that adds one Authorization header to every request, for clients that cannot send
// headers (the MCP conformance suite). Everything else passes through unchanged, Host and Origin included, so the
// server's DNS-rebinding checks still see what the client sent. Bodies stream both ways; event streams are never
// buffered. Test-only: it listens on 127.0.0.1 and is started by tests/conformance/run.sh.
//
//   PROXY_AUTHORIZATION='Bearer <key>' node auth-proxy.mjs <listen-port> <target-origin>
//
// The header value comes from the environment so that the key never appears in a process list.
import http from 'node:http';

const [listenPort, target] = process.argv.slice(2);
const authorization = process.env.PROXY_AUTHORIZATION;
if (!listenPort || !target || !authorization) {
  console.error('usage: PROXY_AUTHORIZATION=<value> node auth-proxy.mjs <listen-port> <target-origin>');
  process.exit(2);
}
const upstream = new URL(target);

// Hop-by-hop headers describe one connection, not the message (RFC 9110 §7.6.1).
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);
const endToEnd = (headers) => Object.fromEntries(Object.entries(headers).filter(([name]) => !hopByHop.has(name)));

const server = http.createServer((request, response) => {
  const forwarded = http.request({
    hostname: upstream.hostname,
    port: upstream.port,
    method: request.method,
    path: request.url,
    headers: { ...endToEnd(request.headers), authorization },
  });

  forwarded.on('response', (answer) => {
    response.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.headers));
    response.flushHeaders();
    answer.pipe(response);
  });
  forwarded.on('error', (error) => {
    if (!response.headersSent) {
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`proxy: upstream unreachable (${error.code ?? error.message})\n`);
    } else {
      response.destroy();
    }
  });
  // A client that goes away cancels the upstream call too (closing an MCP response stream means cancellation).
  response.on('close', () => {
    if (!response.writableFinished) forwarded.destroy();
  });

  request.pipe(forwarded);
});

server.listen(Number(listenPort), '127.0.0.1', () => {
  console.log(`auth-proxy: http://127.0.0.1:${server.address().port} -> ${upstream.origin}`);
});
