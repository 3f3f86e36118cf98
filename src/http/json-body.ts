// The one body parser: JSON. Where it differs from Fastify's defaults:
// - it is the only parser: Fastify's own text/plain parser would hand a string to routes that
//   expect an object (a 422 for what is really the wrong media type), so every body that is not
//   JSON is a 415;
// - JSON media types are matched with their parameters (Fastify tests a parser's RegExp against
//   the whole normalised header, `application/json; charset="utf-8"`), in any case, and
//   application/*+json too; a charset other than UTF-8 is a 415, since JSON is UTF-8 (RFC 8259);
// - an empty body with a JSON content type is "no body", not an error: the seed's front end
//   sends Content-Type: application/json on GET, DELETE and the bodiless PATCH .../complete;
// - prototype-pollution keys (__proto__, constructor.prototype) are refused outright;
// - bytes that are not UTF-8 are a 400, not text silently altered with U+FFFD replacements.
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { badRequest, ServiceError } from '../errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** application/json or application/<anything>+json, then the end or the parameters. */
const JSON_MEDIA_TYPE = /^application\/([\w.+-]+\+)?json(?:;|$)/i;
const CHARSET_PARAMETER = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/gi;

/** Every charset parameter the header names (normally none or one), lower-cased. */
function charsetsOf(contentType: string | undefined): string[] {
  return [...(contentType ?? '').matchAll(CHARSET_PARAMETER)].map((m) => (m[1] ?? m[2] ?? '').trim().toLowerCase());
}

const notUtf8 = () => new ServiceError(415, 'UNSUPPORTED_MEDIA_TYPE', 'JSON bodies must be UTF-8: send charset=utf-8 or no charset.');

export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_MEDIA_TYPE, { parseAs: 'buffer' }, (request, body, done) => {
    if (charsetsOf(request.headers['content-type']).some((charset) => charset !== 'utf-8')) {
      done(notUtf8(), undefined);
      return;
    }
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
