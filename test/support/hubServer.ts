// A stand-in for the Hugging Face hub on 127.0.0.1: serves model folders under the hub's URL layout
// (/<owner>/<name>/resolve/<revision>/<file>), records every request, and can misbehave per file:
// 'stall' (accepts the request and never answers), 'stall-body' (sends headers and half the body,
// then goes quiet), 'truncate' (announces the full Content-Length, sends half, closes the connection),
// 'short' (no Content-Length, half the body, clean close: a cut the client cannot see), 'fail' (HTTP 500).
import { existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';

export type Misbehaviour = 'stall' | 'stall-body' | 'truncate' | 'short' | 'fail';

export interface HubServer {
  /** e.g. 'http://127.0.0.1:41234/' — what transformers.js's env.remoteHost is set to. */
  host: string;
  /** Every request path, in order. */
  requests: string[];
  /** Per file path inside the model (e.g. 'onnx/model.onnx'): how to misbehave; deleted = serve normally. */
  misbehave: Map<string, Misbehaviour>;
  close(): Promise<void>;
}

/** Serves `models` (hub id → local folder). */
export async function startHubServer(models: Record<string, string>): Promise<HubServer> {
  const requests: string[] = [];
  const misbehave = new Map<string, Misbehaviour>();
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '').split('?')[0]);
    requests.push(url);
    const m = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url);
    const folder = m ? models[m[1]] : undefined;
    const file = m?.[3] ?? '';
    const full = folder ? path.join(folder, file) : '';
    if (!folder || !existsSync(full) || !statSync(full).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Entry not found');
      return;
    }
    const body = readFileSync(full);
    const half = body.subarray(0, Math.floor(body.length / 2));
    switch (misbehave.get(file)) {
      case 'stall':
        return; // never answers; the client's timeout must end it
      case 'stall-body':
        res.writeHead(200, { 'content-length': String(body.length), 'content-type': 'application/octet-stream' });
        res.write(half);
        return;
      case 'truncate':
        res.writeHead(200, { 'content-length': String(body.length), 'content-type': 'application/octet-stream' });
        res.write(half, () => res.socket?.destroy());
        return;
      case 'fail':
        res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Error');
        return;
      case 'short':
        res.writeHead(200, { connection: 'close', 'content-type': 'application/octet-stream' });
        res.end(half);
        return;
      default:
        res
          .writeHead(200, { 'content-length': String(body.length), 'content-type': 'application/octet-stream' })
          .end(body);
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `http://127.0.0.1:${port}/`,
    requests,
    misbehave,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
