// Plays the signed master playlist URL given as ?src= with hls.js. window.player records what a test
// (or a curious person) needs: fatal errors, and whether the manifest was read.
(function () {
  const state = { errors: [], manifestParsed: false };
  window.player = state;
  const video = document.getElementById('video');
  const status = document.getElementById('status');
  const src = new URLSearchParams(location.search).get('src');

  video.addEventListener('error', () => state.errors.push('video element error ' + (video.error ? video.error.code : '?')));
  setInterval(() => {
    status.textContent = `${video.currentTime.toFixed(1)} s, ${state.errors.length ? 'errors: ' + state.errors.join('; ') : 'no errors'}`;
  }, 250);

  if (!src) {
    state.errors.push('no ?src= (a steered, signed master playlist URL)');
  } else if (!window.Hls) {
    state.errors.push('hls.min.js is missing: run npm ci in EdgeServer/player and rebuild');
  } else if (!Hls.isSupported()) {
    state.errors.push('this browser has no Media Source Extensions');
  } else {
    const hls = new Hls();
    hls.on(Hls.Events.ERROR, (_, data) => { if (data.fatal) state.errors.push(`${data.type}: ${data.details}`); });
    hls.on(Hls.Events.MANIFEST_PARSED, () => {
      state.manifestParsed = true;
      video.play().catch(e => state.errors.push('play(): ' + e));
    });
    hls.loadSource(src);
    hls.attachMedia(video);
  }
})();
