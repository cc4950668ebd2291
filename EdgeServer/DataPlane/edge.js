// The edge's token check inside nginx (njs): the same format and rules as PlaybackToken.Verify and EdgePath in C#.
// EdgeServer writes this file into nginx's folder with the keys in force and the maximum lifetime filled in, and
// reloads nginx when they change. route(r) names what nginx does with a request under /v1/:
//   '400' / '403'  refused, without a byte;
//   'kestrel'      handed to EdgeServer's internal listener (a capped token, a conditional request: rules or
//                  headers nginx cannot apply from a file alone);
//   an asset path  served from the cache folder if the object is held and verified, else handed to EdgeServer.
var crypto = require('crypto');

var KEYS = /*KEYS*/{}/*END*/;                 // key id -> base64 secret
var MAX_LIFETIME_SECONDS = /*MAX*/21600/*END*/;
var MAX_TOKEN_LENGTH = 1024;
// One pass over the raw target: /v1/{token}/{asset path of at most 512 allowed characters}[?query]; then no empty,
// '.' or '..' segment. The same rules as EdgePath (letters, digits and . _ - ~ /), written as two regular
// expressions because every statement costs in njs's interpreter.
var TARGET = /^\/v1\/([A-Za-z0-9._~-]+)\/([A-Za-z0-9._~\/-]{1,512})(?:\?.*)?$/;
var BAD_SEGMENT = /(?:^|\/)\.{0,2}(?:\/|$)/;
var BASE64URL = /^[A-Za-z0-9_-]+$/;
var ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
var NUMBERS = /^[0-9]+\|[0-9]+$/;

var secrets = {};
Object.keys(KEYS).forEach(function (id) { secrets[id] = Buffer.from(KEYS[id], 'base64'); });

// Only the canonical spelling, as in C#: the unused low bits of the last character must be zero, so one payload
// makes one token.
function isCanonicalBase64Url(text) {
    var tail = text.length % 4;
    if (tail === 1 || !BASE64URL.test(text)) return false;
    if (tail === 0) return true;
    return ALPHABET.indexOf(text.charAt(text.length - 1)) % (tail === 2 ? 16 : 4) === 0;
}

function sameText(a, b) {
    if (a.length !== b.length) return false;
    var diff = 0;
    for (var i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
    return diff === 0;
}

// The claims of a valid token, or null (malformed, unknown key, bad signature, expired, or living too long).
function verify(token) {
    if (token.length > MAX_TOKEN_LENGTH) return null;
    var dot = token.indexOf('.');
    if (dot <= 0 || dot !== token.lastIndexOf('.')) return null;
    var encoded = token.substring(0, dot);
    if (!isCanonicalBase64Url(encoded)) return null;
    var payload = Buffer.from(encoded, 'base64url');
    var parts = payload.toString().split('|');
    if (parts.length !== 7 || parts[0] !== 'v2' || !NUMBERS.test(parts[5] + '|' + parts[6])) return null;
    var secret = secrets[parts[1]];
    if (secret === undefined) return null;
    // The canonical spelling of the right HMAC, compared in constant time: a non-canonical signature cannot match it.
    if (!sameText(crypto.createHmac('sha256', secret).update(payload).digest('base64url'), token.substring(dot + 1))) return null;
    var expires = Number(parts[5]);
    var now = Math.floor(Date.now() / 1000);
    if (expires <= now || expires - now > MAX_LIFETIME_SECONDS) return null;
    return { prefix: parts[3], session: parts[4], ttl: expires - now, maxHeight: Number(parts[6]) };
}

function route(r) {
    if (r.method !== 'GET' && r.method !== 'HEAD') return 'kestrel';
    var target = TARGET.exec(r.variables.request_uri);
    if (target === null || BAD_SEGMENT.test(target[2])) return '400';
    var claims = verify(target[1]);
    var asset = target[2];
    if (claims === null || asset.substring(0, claims.prefix.length) !== claims.prefix) return '403';
    if (claims.maxHeight > 0 || r.headersIn['If-None-Match'] !== undefined || r.headersIn['If-Range'] !== undefined) return 'kestrel';
    r.variables.edge_max_age = claims.ttl > 86400 ? '86400' : String(claims.ttl);
    r.variables.edge_session = claims.session;
    return asset;
}

export default { route: route };
