// REQUEST_TIMEOUT_MS bounds receiving a whole request. Node enforces its requestTimeout while
// the headers arrive, but not once they are in: a client that sends headers and then stalls its
// body would hold the connection (and a slot in graceful shutdown) forever. This gives the body
// the same deadline, counted from the request's start; past it the client gets 408 and the
// connection closes.
import type { FastifyInstance } from 'fastify';

const TIMEOUT_RESPONSE = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n';

export function registerRequestDeadline(app: FastifyInstance, timeoutMs: number): void {
  app.addHook('onRequest', (request, reply, done) => {
    const raw = request.raw;
    if (raw.complete) {
      done();
      return;
    }
    const timer = setTimeout(() => {
      if (raw.complete) return;
      request.log.info('request body not received in time; closing the connection');
      if (!reply.raw.headersSent && raw.socket.writable) raw.socket.end(TIMEOUT_RESPONSE);
      raw.destroy();
    }, timeoutMs);
    timer.unref();
    const clear = () => clearTimeout(timer);
    raw.once('end', clear);
    raw.once('close', clear);
    reply.raw.once('finish', clear);
    done();
  });
}
