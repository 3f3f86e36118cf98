// The JSON body parser. Where it differs from Fastify's default:
// - an empty body with a JSON content type is "no body", not an error: the seed's front end
//   sends Content-Type: application/json on GET, DELETE and the bodiless PATCH .../complete;
// - prototype-pollution keys (__proto__, constructor.prototype) are refused outright;
// - bytes that are not UTF-8 are a 400, not text silently altered with U+FFFD replacements.
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { badRequest } from './http-error.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser(/^application\/([\w.+-]+\+)?json$/i, { parseAs: 'buffer' }, (_request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer).trim();
    } catch {
      done(badRequest('The body is not valid UTF-8.'), undefined);
      return;
    }
    if (text === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      const forbiddenKey = error instanceof SyntaxError && error.message === 'Object contains forbidden prototype property';
      done(forbiddenKey ? badRequest('The JSON body contains a forbidden key (__proto__ or constructor.prototype).') : badRequest('The body is not valid JSON.'), undefined);
    }
  });
}
