// On close, Node's server.close() waits for every connection to go. Fastify's
// forceCloseConnections: 'idle' closes the idle ones only with a serverFactory, and Node's own
// sweep at close leaves connections that never sent a request (a browser's preconnect, a
// client that opened a socket and stalled) until its headers timeout, a minute later, well past
// the shutdown grace. So the app tracks which connections carry a request: on close the others
// are cut at once, and each one still busy is ended as soon as its response is done.
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

export function drainConnectionsOnClose(app: FastifyInstance): void {
  const idle = new Set<Socket>();
  let closing = false;
  app.server.on('connection', (socket: Socket) => {
    idle.add(socket);
    socket.once('close', () => idle.delete(socket));
  });
  app.server.on('request', (request: { socket: Socket }, response: { once(event: 'finish', fn: () => void): void }) => {
    const socket = request.socket;
    idle.delete(socket);
    response.once('finish', () => {
      if (socket.destroyed) return;
      // end(), not destroy(): the response's last bytes are still on their way.
      if (closing) socket.end();
      else idle.add(socket);
    });
  });
  app.addHook('preClose', async () => {
    closing = true;
    for (const socket of idle) socket.destroy();
    idle.clear();
  });
}
