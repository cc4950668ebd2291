// The edge's token check inside nginx (njs): the same format and rules as PlaybackToken.Verify and EdgePath in C#.
// EdgeServer writes this file into nginx's folder with the keys in force and the maximum lifetime filled in, and
// reloads nginx when they change. route(r) names what nginx does with a GET or HEAD under /v1/ (anything else, and
// any conditional request, goes to EdgeServer without calling it):
//   '400' / '403'  refused, without a byte;
//   'kestrel'      handed to EdgeServer's internal listener (a token capped at a video height: the renditions'
//                  heights live there);
//   an asset path  served from the cache folder if the object is held and verified, else handed to EdgeServer.
//
// This runs on every hit, in njs's interpreter, where each call costs a few thousand CPU instructions, so the work
// is split: nginx's map $edge_asset (NginxConfig.TargetPattern, PCRE with JIT) checks the raw target's shape in one
// pass and captures the payload, the signature and the asset path; this script decodes the payload, checks the
// HMAC, the expiry and the path prefix. njs 0.7 also runs this file's top level again for every request (each
// request gets a fresh copy of the VM), so it holds only literals: the keys stay base64 text, and the one a token
// names is decoded when it is used.
var crypto = require('crypto');

var KEYS = /*KEYS*/{}/*END*/;                                 // key id -> base64 secret
var MAX_LIFETIME_MS = /*MAX_MS*/21600000/*END*/;

// A target that failed nginx's pattern: 400 where EdgePath refuses it too (characters outside letters, digits and
// . _ - ~ /, an asset path of more than 512 characters, an empty, '.' or '..' segment), else 403: its token has
// no shape a valid token can have (no single dot, a signature that is not 43 base64url characters, a payload not
// spelled canonically, over 1024 characters).
function refusal(target) {
    var parts = /^\/v1\/[A-Za-z0-9._~-]+\/([A-Za-z0-9._~\/-]{1,512})(?:\?.*)?$/.exec(target);
    return parts === null || /(?:^|\/)\.{0,2}(?:\/|$)/.test(parts[1]) ? '400' : '403';
}

function route(r) {
    var v = r.variables;
    var asset = v.edge_asset;
    if (asset === '') return refusal(v.request_uri);
    // The HMAC is taken over the payload as decoded text: bytes that are not UTF-8 come back changed and fail it, as
    // PlaybackToken.Verify refuses them.
    var payload = Buffer.from(v.edge_payload, 'base64url').toString();
    var claims = payload.split('|');                         // v2|key|title|prefix|session|expiry|max height
    if (claims.length !== 7 || claims[0] !== 'v2') return '403';
    var secret = KEYS[claims[1]];
    if (typeof secret !== 'string') return '403';             // unknown key (or the name of an Object property)
    // The signature nginx captured is canonical base64url, as this digest is, so equal text is the one check. The
    // comparison is memcmp over 16- or 32-byte blocks: its time shows at most whether a guess matched the first
    // 16 characters of the right signature, which no one can find by trying (2^96 guesses).
    if (crypto.createHmac('sha256', Buffer.from(secret, 'base64')).update(payload).digest('base64url') !== v.edge_signature) return '403';
    // The signer writes the numbers as plain decimals; a signed payload is the signer's own words.
    var left = claims[5] * 1000 - Date.now();
    if (!(left > 0 && left <= MAX_LIFETIME_MS)) return '403';
    if (asset.substring(0, claims[3].length) !== claims[3]) return '403';
    if (claims[6] !== '0') return 'kestrel';
    v.edge_max_age = left >= 86400000 ? '86400' : String((left / 1000) | 0);
    v.edge_session = claims[4];
    return asset;
}

export default { route: route };
