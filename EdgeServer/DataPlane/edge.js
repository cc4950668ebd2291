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
var MAX_ASSET_PATH_LENGTH = 512;
var ALLOWED = /^[A-Za-z0-9._~\/-]+$/;
var BASE64URL = /^[A-Za-z0-9_-]+$/;

var secrets = {};
Object.keys(KEYS).forEach(function (id) { secrets[id] = Buffer.from(KEYS[id], 'base64'); });

function fromBase64Url(text) {
    if (text.length === 0 || !BASE64URL.test(text)) return null;
    var bytes = Buffer.from(text, 'base64url');
    // Only the canonical spelling, as in C#: one signature makes one token.
    return bytes.toString('base64url') === text ? bytes : null;
}

function sameText(a, b) {
    if (a.length !== b.length) return false;
    var diff = 0;
    for (var i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
    return diff === 0;
}

// The claims of a valid token, or null (malformed, unknown key, bad signature, expired, or living too long).
function verify(token) {
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
    var dot = token.indexOf('.');
    if (dot <= 0 || dot !== token.lastIndexOf('.')) return null;
    var payload = fromBase64Url(token.substring(0, dot));
    var signature = token.substring(dot + 1);
    if (payload === null || fromBase64Url(signature) === null) return null;
    var parts = payload.toString('utf8').split('|');
    if (parts.length !== 7 || parts[0] !== 'v2' || !/^[0-9]+$/.test(parts[5]) || !/^[0-9]+$/.test(parts[6])) return null;
    var secret = secrets[parts[1]];
    if (secret === undefined) return null;
    var expected = crypto.createHmac('sha256', secret).update(payload).digest('base64url');
    if (!sameText(expected, signature)) return null;
    var expires = Number(parts[5]);
    var now = Math.floor(Date.now() / 1000);
    if (expires <= now || expires - now > MAX_LIFETIME_SECONDS) return null;
    return { prefix: parts[3], session: parts[4], expires: expires, maxHeight: Number(parts[6]), now: now };
}

function route(r) {
    if (r.method !== 'GET' && r.method !== 'HEAD') return 'kestrel';
    var raw = r.variables.request_uri;
    var query = raw.indexOf('?');
    var path = query >= 0 ? raw.substring(0, query) : raw;
    if (path.substring(0, 4) !== '/v1/') return '400';
    var rest = path.substring(4);
    var slash = rest.indexOf('/');
    if (slash <= 0) return '400';
    var token = rest.substring(0, slash);
    var asset = rest.substring(slash + 1);
    if (asset.length === 0 || asset.length > MAX_ASSET_PATH_LENGTH || !ALLOWED.test(asset) || !ALLOWED.test(token)) return '400';
    var segments = asset.split('/');
    for (var i = 0; i < segments.length; i++) {
        if (segments[i] === '' || segments[i] === '.' || segments[i] === '..') return '400';
    }
    var claims = verify(token);
    if (claims === null || asset.substring(0, claims.prefix.length) !== claims.prefix) return '403';
    if (claims.maxHeight > 0 || r.headersIn['If-None-Match'] !== undefined || r.headersIn['If-Range'] !== undefined) return 'kestrel';
    r.variables.edge_max_age = String(Math.min(Math.max(claims.expires - claims.now, 0), 86400));
    r.variables.edge_session = claims.session;
    return asset;
}

export default { route: route };
