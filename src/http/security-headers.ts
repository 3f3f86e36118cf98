// Security headers on every response (pages, API, errors, 404s), set by helmet. The web page and
// Swagger UI at /docs load only their own files (no inline script, no remote origin), so the
// Content-Security-Policy allows 'self' and nothing else for scripts, and nobody may frame us.
// HSTS only when the public address is https: on plain http it would be ignored at best, and on
// localhost it would pin every other local app to https.
// helmet itself (not @fastify/helmet): the router's own errors (a malformed %-escape) are answered
// before any hook runs, and they must carry the same headers; one function serves both paths.
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

export type SetSecurityHeaders = (request: IncomingMessage, response: ServerResponse) => void;

function policy(options: { https: boolean; inlineStyles: boolean }) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        // React sets element styles from script (CSSOM), which CSP allows. Swagger UI also adds a
        // <style> element of its own, so /docs alone allows inline styles (never inline scripts).
        'style-src': options.inlineStyles ? ["'self'", "'unsafe-inline'"] : ["'self'"],
        // Swagger UI draws some icons as data: images.
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        ...(options.https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // A listed front end reads the API through CORS, which Cross-Origin-Resource-Policy does not block.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
}

export function securityHeaders(options: { https: boolean }): SetSecurityHeaders {
  const everywhere = policy({ ...options, inlineStyles: false });
  const docs = policy({ ...options, inlineStyles: true });
  // helmet's middleware is synchronous and calls next() before it returns.
  return (request, response) => {
    const url = request.url ?? '/';
    const middleware = url === '/docs' || url.startsWith('/docs/') || url.startsWith('/docs?') ? docs : everywhere;
    middleware(request, response, () => undefined);
  };
}
