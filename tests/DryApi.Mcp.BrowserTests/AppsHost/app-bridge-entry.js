// What the host page uses of ext-apps: the bridge that answers the view, and its postMessage transport.
export { AppBridge, PostMessageTransport } from "@modelcontextprotocol/ext-apps/app-bridge";
