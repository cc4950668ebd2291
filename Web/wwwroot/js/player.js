// The website's player. Starts a session through the API (the member comes from the sign-in cookie), then plays the
// session's multivariant playlist with hls.js: one HLS Content Steering pathway per steered edge, so when the edge
// serving the picture fails, the player moves to the next edge's copy of the same variant at once, keeping what it
// has buffered. Heartbeats every manifest interval and on pause and seek; a stop with the QoE summary when the page
// is left. A seek bar under the video shows the title's trick-play thumbnail for the time hovered, dragged or keyed to.
// window.player holds what a test or a curious person may read.
(function () {
  'use strict';
  const root = document.querySelector('section.player');
  const video = document.getElementById('video');
  const problem = document.getElementById('problem');
  const status = document.getElementById('status');
  const audioSelect = document.getElementById('audio-track');
  const subtitleSelect = document.getElementById('subtitle-track');
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const titleId = root.dataset.titleId;
  const startOverride = root.dataset.start === '' ? null : Number(root.dataset.start);
  // How long an edge that failed is kept behind the others, whatever the steering manifest says (hls.js uses the same).
  const FAILED_EDGE_PENALTY_MS = 300000;

  const state = {
    errors: [], refused: null, sessionId: null, edges: [], currentEdge: null, bytesPerEdge: {},
    manifestParsed: false, heartbeats: 0, failovers: [], stalls: [], stopped: false,
  };
  window.player = state;

  const qoe = {
    pressedAt: performance.now(), started: false, startupSeconds: 0, rebuffers: 0, rebufferSeconds: 0, stallSince: null,
    playedSeconds: 0, lastTime: null, kbps: 0, kbpsSeconds: 0, switches: 0, level: -1,
  };
  state.qoe = qoe;
  const failedPathways = new Map();
  let hls = null;
  let manifest = null;
  let beatInFlight = false;
  let beatAgain = false;

  function showProblem(text) {
    problem.textContent = text;
    problem.hidden = false;
  }

  async function api(method, url, body) {
    const response = await fetch(url, {
      method, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let data = null;
    try { data = await response.json(); } catch (e) { /* an empty answer */ }
    return { ok: response.ok, status: response.status, data };
  }

  function edgeOfUrl(url) {
    if (!url) return null;
    return state.edges.find(e => url.startsWith(e.baseUrl)) || null;
  }

  function bufferAhead() {
    const b = video.buffered;
    for (let i = 0; i < b.length; i++) {
      if (b.start(i) <= video.currentTime + 0.1 && b.end(i) >= video.currentTime) return b.end(i) - video.currentTime;
    }
    return 0;
  }

  function isPenalized(pathwayId) {
    const at = failedPathways.get(pathwayId);
    return at !== undefined && performance.now() - at < FAILED_EDGE_PENALTY_MS;
  }

  // Keeps the given order but moves edges that failed recently to the end.
  function withFailedLast(order) {
    return order.filter(p => !isPenalized(p)).concat(order.filter(p => isPenalized(p)));
  }

  function currentPathway() {
    return hls && hls.levels && hls.levels.length ? hls.levels[0].pathwayId : null;
  }

  // hls.js alone first tries every other level of a dead edge before changing pathway; an edge that refuses or
  // drops a request is moved behind the others at once.
  function demote(pathwayId, reason) {
    if (isPenalized(pathwayId)) return;
    failedPathways.set(pathwayId, performance.now());
    const order = withFailedLast((hls.pathwayPriority || state.edges.map(e => e.pathwayId)).slice());
    state.failovers.push({ from: pathwayId, at: video.currentTime, reason });
    if (currentPathway() === pathwayId && order[0] !== pathwayId) hls.pathwayPriority = order;
  }

  // One heartbeat at a time; a pause or seek while one is on its way is sent when it returns, not dropped.
  function heartbeat() {
    if (!state.sessionId || state.stopped) return;
    if (beatInFlight) {
      beatAgain = true;
      return;
    }
    beatInFlight = true;
    beatAgain = false;
    api('POST', `/api/sessions/${state.sessionId}/heartbeat`, {
      positionSeconds: video.currentTime, bitrateKbps: Math.round(qoe.kbps), bufferSeconds: bufferAhead(),
      rebuffers: qoe.rebuffers, edgeId: state.currentEdge,
    }).then(r => {
      if (r.ok) state.heartbeats++;
      else if (r.status === 409) showProblem((r.data && r.data.detail) || 'This play has ended; press play again.');
    }).catch(e => state.errors.push('heartbeat: ' + e)).finally(() => {
      beatInFlight = false;
      if (beatAgain) heartbeat();
    });
  }

  function qoeSummary() {
    if (qoe.stallSince !== null) qoe.rebufferSeconds += (performance.now() - qoe.stallSince) / 1000;
    qoe.stallSince = null;
    return {
      startupSeconds: qoe.startupSeconds, rebuffers: qoe.rebuffers, rebufferSeconds: qoe.rebufferSeconds,
      playedSeconds: qoe.playedSeconds, meanBitrateKbps: qoe.playedSeconds > 0 ? qoe.kbpsSeconds / qoe.playedSeconds : 0,
      switches: qoe.switches, bytesPerEdge: state.bytesPerEdge,
    };
  }

  // Leaving the page: the stop goes out with the page as a beacon (a form, so it needs no preflight).
  function stop() {
    if (!state.sessionId || state.stopped) return;
    state.stopped = true;
    const form = new FormData();
    form.append('__RequestVerificationToken', csrf);
    form.append('positionSeconds', String(video.currentTime));
    form.append('qoe', JSON.stringify(qoeSummary()));
    navigator.sendBeacon(`/api/sessions/${state.sessionId}/stop`, form);
  }
  state.stop = stop;

  function fillAudio() {
    const tracks = hls.audioTracks || [];
    audioSelect.replaceChildren(...tracks.map((t, i) => new Option(t.name || t.lang || `track ${i + 1}`, String(i))));
    audioSelect.disabled = tracks.length < 2;
    const wanted = tracks.findIndex(t => t.lang === state.audioLanguage);
    if (wanted >= 0 && hls.audioTrack !== wanted) hls.audioTrack = wanted;
    audioSelect.value = String(hls.audioTrack);
  }

  function fillSubtitles() {
    const tracks = hls.subtitleTracks || [];
    subtitleSelect.replaceChildren(new Option('Off', '-1'), ...tracks.map((t, i) => new Option(t.name || t.lang || `track ${i + 1}`, String(i))));
    subtitleSelect.disabled = tracks.length === 0;
    const wanted = state.subtitleLanguage ? tracks.findIndex(t => t.lang === state.subtitleLanguage) : -1;
    if (hls.subtitleTrack !== wanted) hls.subtitleTrack = wanted;
    hls.subtitleDisplay = wanted >= 0;
    subtitleSelect.value = String(wanted);
  }

  audioSelect.addEventListener('change', () => {
    const track = hls.audioTracks[Number(audioSelect.value)];
    if (track) { state.audioLanguage = track.lang; hls.audioTrack = Number(audioSelect.value); }
  });
  subtitleSelect.addEventListener('change', () => {
    const index = Number(subtitleSelect.value);
    const track = hls.subtitleTracks[index];
    state.subtitleLanguage = track ? track.lang : null;
    hls.subtitleTrack = index;
    hls.subtitleDisplay = index >= 0;
  });

  video.addEventListener('playing', () => {
    if (!qoe.started) { qoe.started = true; qoe.startupSeconds = (performance.now() - qoe.pressedAt) / 1000; }
    if (qoe.stallSince !== null) { qoe.rebufferSeconds += (performance.now() - qoe.stallSince) / 1000; qoe.stallSince = null; }
  });
  video.addEventListener('waiting', () => {
    if (qoe.started && !video.seeking && qoe.stallSince === null) {
      qoe.rebuffers++;
      qoe.stallSince = performance.now();
      state.stalls.push({ at: video.currentTime, bufferAhead: bufferAhead(), edge: state.currentEdge });
    }
  });
  video.addEventListener('timeupdate', () => {
    const t = video.currentTime;
    if (qoe.lastTime !== null && !video.seeking) {
      const delta = t - qoe.lastTime;
      if (delta > 0 && delta < 2) { qoe.playedSeconds += delta; qoe.kbpsSeconds += qoe.kbps * delta; }
    }
    qoe.lastTime = t;
  });
  video.addEventListener('pause', heartbeat);
  video.addEventListener('seeked', () => { qoe.lastTime = video.currentTime; heartbeat(); });
  video.addEventListener('error', () => state.errors.push('video element error ' + (video.error ? video.error.code : '?')));
  window.addEventListener('pagehide', stop);

  setInterval(() => {
    const edge = state.currentEdge ? ` · edge ${state.currentEdge}` : '';
    status.textContent = `${video.currentTime.toFixed(1)} s · ${Math.round(qoe.kbps)} kb/s · buffer ${bufferAhead().toFixed(1)} s${edge}` +
      (state.errors.length ? ` · errors: ${state.errors.join('; ')}` : '');
  }, 500);

  // ---- Seek bar with trick-play thumbnails ----
  // The title's thumbnails are a WebVTT index (one cue per interval, its text "sheet-001.jpg#xywh=x,y,w,h") on the same
  // edges and under the same signed token as the master playlist (the manifest gives its URL per edge); the sheets
  // resolve against the VTT's URL. Hovering or dragging the seek bar (or moving it with the keys) shows the tile of that
  // time above the bar, with the time.

  // "hh:mm:ss.mmm" or "mm:ss.mmm" in seconds, NaN when it is neither.
  function parseVttTime(text) {
    const m = /^(?:(\d+):)?([0-5]\d):([0-5]\d(?:\.\d{1,3})?)$/.exec(text.trim());
    return m ? (m[1] ? Number(m[1]) * 3600 : 0) + Number(m[2]) * 60 + Number(m[3]) : NaN;
  }

  // A thumbnail VTT's cues, sorted by start: {start, end, url (absolute, against baseUrl), x, y, w, h}; w = 0 means the
  // whole image. Blocks without a timing line (NOTE, STYLE, identifiers alone) are skipped; a file that is not WebVTT throws.
  function parseThumbnailVtt(text, baseUrl) {
    const lines = String(text).replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
    if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] || '')) throw new Error('not a WebVTT file');
    const cues = [];
    for (let i = 1; i < lines.length; i++) {
      const timing = /^\s*(\S+)\s+-->\s+(\S+)/.exec(lines[i]);
      if (!timing) continue;
      const start = parseVttTime(timing[1]);
      const end = parseVttTime(timing[2]);
      const payload = (lines[i + 1] || '').trim();
      i++;
      if (!payload || !(end > start)) continue;
      const hash = payload.indexOf('#');
      const rect = /(?:^|&)xywh=(?:pixel:)?(\d+),(\d+),(\d+),(\d+)$/.exec(hash < 0 ? '' : payload.slice(hash + 1));
      let url;
      try { url = new URL(hash < 0 ? payload : payload.slice(0, hash), baseUrl).href; } catch (e) { continue; }
      cues.push({ start, end, url, x: rect ? Number(rect[1]) : 0, y: rect ? Number(rect[2]) : 0, w: rect ? Number(rect[3]) : 0, h: rect ? Number(rect[4]) : 0 });
    }
    return cues.sort((a, b) => a.start - b.start);
  }

  // The cue covering a time (start inclusive, end exclusive; the very end shows the last one), or null.
  function cueAt(cues, time) {
    let lo = 0;
    let hi = cues.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cues[mid].start <= time) lo = mid + 1; else hi = mid - 1;
    }
    const cue = hi >= 0 ? cues[hi] : null;
    if (cue && time < cue.end) return cue;
    const last = cues[cues.length - 1];
    return last && time >= last.end && time - last.end < 0.5 ? last : null;
  }

  function clock(seconds) {
    const s = Math.max(0, Math.floor(seconds || 0));
    const h = Math.floor(s / 3600);
    const mm = String(Math.floor(s / 60) % 60);
    const ss = String(s % 60).padStart(2, '0');
    return h > 0 ? `${h}:${mm.padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
  }

  const seekBar = (function () {
    const input = document.getElementById('seek');
    const preview = document.getElementById('seek-preview');
    const picture = document.getElementById('seek-thumbnail');
    const previewTime = document.getElementById('seek-preview-time');
    const position = document.getElementById('seek-position');
    const durationText = document.getElementById('seek-duration');
    const thumbs = { urls: [], source: -1, cues: [], error: null, shown: null, watched: new Set(), failedSheets: new Set() };
    state.thumbnails = thumbs;
    let dragging = false;
    let keyed = null; // while set, the keys moved the bar: it shows their time, not playback's
    const KEY_STEP_SECONDS = 5;

    function duration() {
      return Number.isFinite(video.duration) && video.duration > 0 ? video.duration : Number(input.max) || 0;
    }

    // Loads the VTT from the first edge that serves it (edges are in steering's order, failed ones last).
    async function load(from) {
      for (let i = from; i < thumbs.urls.length; i++) {
        try {
          const response = await fetch(thumbs.urls[i].url, { credentials: 'omit' });
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          thumbs.cues = parseThumbnailVtt(await response.text(), response.url || thumbs.urls[i].url);
          thumbs.source = i;
          thumbs.error = null;
          return;
        } catch (e) {
          thumbs.error = `thumbnails from ${thumbs.urls[i].edgeId}: ${e.message || e}`;
        }
      }
      thumbs.cues = [];
    }

    // A sheet that fails to load (its edge died): take the index, and so the sheets, from the next edge.
    function watchSheet(url) {
      const image = new Image();
      image.onerror = () => {
        if (thumbs.failedSheets.has(url) || !thumbs.cues.some(c => c.url === url)) return;
        thumbs.failedSheets.add(url);
        load(thumbs.source + 1);
      };
      image.src = url;
    }

    function show(time, clientX) {
      const total = duration();
      if (!(total > 0)) return;
      time = Math.min(Math.max(time, 0), total);
      const cue = cueAt(thumbs.cues, time);
      if (cue) {
        picture.hidden = false;
        const w = cue.w || 160;
        const h = cue.h || 90;
        picture.style.width = `${w}px`;
        picture.style.height = `${h}px`;
        picture.style.backgroundImage = `url("${cue.url}")`;
        picture.style.backgroundPosition = cue.w ? `-${cue.x}px -${cue.y}px` : 'center';
        picture.style.backgroundSize = cue.w ? 'auto' : 'contain';
        if (!thumbs.watched.has(cue.url)) {
          thumbs.watched.add(cue.url);
          watchSheet(cue.url);
        }
      } else {
        picture.hidden = true;
      }
      previewTime.textContent = clock(time);
      preview.hidden = false;
      // Centred on the pointer (or the thumb's place), kept inside the bar.
      const bar = input.getBoundingClientRect();
      const x = clientX !== undefined ? clientX - bar.left : (time / total) * bar.width;
      const half = preview.offsetWidth / 2;
      preview.style.left = `${Math.min(Math.max(x - half, 0), Math.max(0, bar.width - preview.offsetWidth))}px`;
      preview.dataset.time = String(time);
      thumbs.shown = { time, cue };
    }

    function hide() {
      preview.hidden = true;
      thumbs.shown = null;
    }

    function timeAtPointer(clientX) {
      const bar = input.getBoundingClientRect();
      return bar.width > 0 ? ((clientX - bar.left) / bar.width) * duration() : 0;
    }

    input.addEventListener('pointermove', e => show(dragging ? Number(input.value) : timeAtPointer(e.clientX), e.clientX));
    input.addEventListener('pointerenter', e => show(timeAtPointer(e.clientX), e.clientX));
    input.addEventListener('pointerleave', () => { if (!dragging) hide(); });
    input.addEventListener('pointerdown', () => { dragging = true; });
    window.addEventListener('pointerup', () => { if (dragging) { dragging = false; hide(); } });
    // Dragging moves the value: show the tile of the value, and seek when it is let go.
    input.addEventListener('input', () => { if (dragging) show(Number(input.value)); });
    input.addEventListener('change', () => {
      const to = Number(input.value);
      if (Number.isFinite(to)) video.currentTime = to;
    });
    // The keys: arrows 5 s back or on, Home and End; the tile shows for a moment, and the video seeks at once.
    input.addEventListener('keydown', e => {
      const total = duration();
      const steps = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1, PageDown: -6, PageUp: 6 };
      let to;
      if (e.key in steps) to = Number(input.value) + steps[e.key] * KEY_STEP_SECONDS;
      else if (e.key === 'Home') to = 0;
      else if (e.key === 'End') to = total;
      else return;
      e.preventDefault();
      to = Math.min(Math.max(to, 0), total);
      input.value = String(to);
      show(to);
      video.currentTime = to;
      clearTimeout(keyed);
      keyed = setTimeout(() => { keyed = null; hide(); }, 1500);
    });
    input.addEventListener('blur', () => { if (keyed) { clearTimeout(keyed); keyed = null; hide(); } });

    function sync() {
      const total = duration();
      if (total > 0) {
        if (Number(input.max) !== total) input.max = String(total);
        input.disabled = false;
        durationText.textContent = clock(total);
      }
      if (!dragging && !keyed) input.value = String(video.currentTime);
      position.textContent = clock(video.currentTime);
      input.setAttribute('aria-valuetext', `${clock(Number(input.value))} of ${clock(total)}`);
    }
    video.addEventListener('durationchange', sync);
    video.addEventListener('timeupdate', sync);

    return {
      // The manifest's edges, each with its signed VTT URL (none when the title has no thumbnails).
      load(playback) {
        thumbs.urls = (playback.edges || []).filter(e => e.trickPlayUrl).map(e => ({ edgeId: e.edgeId, url: e.trickPlayUrl }));
        if (thumbs.urls.length) load(0);
      },
    };
  })();

  function play() {
    video.play().catch(e => {
      // Browsers may refuse sound without a gesture on this page: start muted rather than not at all.
      if (e && e.name === 'NotAllowedError' && !video.muted) { video.muted = true; video.play().catch(() => {}); }
      else state.errors.push('play(): ' + e);
    });
  }

  async function start() {
    if (!window.Hls) { state.errors.push('hls.js is missing'); showProblem('The player failed to load.'); return; }
    if (!Hls.isSupported()) { state.errors.push('no Media Source Extensions'); showProblem('This browser cannot play this video.'); return; }
    let answer;
    try {
      answer = await api('POST', '/api/play', { titleId });
    } catch (e) {
      state.errors.push('play request: ' + e);
      showProblem('The service cannot be reached. Try again in a few seconds.');
      return;
    }
    if (answer.status === 401) {
      // The sign-in lapsed: sign in again and come back here.
      location.assign('/signin?ReturnUrl=' + encodeURIComponent(location.pathname));
      return;
    }
    if (!answer.ok) {
      state.refused = answer.data || { status: answer.status };
      showProblem((answer.data && answer.data.detail) || `Playback refused (${answer.status}).`);
      return;
    }
    manifest = answer.data;
    state.sessionId = manifest.sessionId;
    state.edges = manifest.edges;
    seekBar.load(manifest);
    state.audioLanguage = manifest.audioLanguage;
    state.subtitleLanguage = manifest.subtitleLanguage;
    const startAt = startOverride !== null ? startOverride : manifest.startPositionSeconds;
    // "Play from the beginning" applies once: a reload of this page resumes where the member left off.
    if (startOverride !== null) history.replaceState(null, '', location.pathname);

    // At most 30 s ahead, as the console player keeps: hls.js would otherwise buffer a low-bitrate title to its end.
    hls = new Hls({ startPosition: startAt > 0 ? startAt : -1, maxBufferLength: 30, maxMaxBufferLength: 30, backBufferLength: 30 });
    state.hls = hls;
    hls.on(Hls.Events.MANIFEST_PARSED, () => { state.manifestParsed = true; play(); });
    hls.on(Hls.Events.AUDIO_TRACKS_UPDATED, fillAudio);
    hls.on(Hls.Events.SUBTITLE_TRACKS_UPDATED, fillSubtitles);
    hls.on(Hls.Events.LEVEL_SWITCHED, (_, data) => {
      const level = hls.levels[data.level];
      const kbps = level ? level.bitrate / 1000 : 0;
      if (qoe.level !== -1 && kbps !== qoe.kbps) qoe.switches++;
      qoe.level = data.level;
      qoe.kbps = kbps;
    });
    hls.on(Hls.Events.FRAG_LOADED, (_, data) => {
      const edge = edgeOfUrl(data.frag.url);
      if (!edge) return;
      const bytes = (data.frag.stats && data.frag.stats.loaded) || (data.payload ? data.payload.byteLength : 0);
      state.bytesPerEdge[edge.edgeId] = (state.bytesPerEdge[edge.edgeId] || 0) + bytes;
      if (data.frag.type === 'main') state.currentEdge = edge.edgeId;
    });
    hls.on(Hls.Events.STEERING_MANIFEST_LOADED, (_, data) => {
      // The steering server may not know yet that an edge died: keep the ones that failed here last.
      const priority = data.steeringManifest['PATHWAY-PRIORITY'];
      if (Array.isArray(priority)) {
        const ordered = withFailedLast(priority);
        priority.splice(0, priority.length, ...ordered);
      }
    });
    hls.on(Hls.Events.ERROR, (_, data) => {
      if (data.type === Hls.ErrorTypes.NETWORK_ERROR) {
        const url = (data.frag && data.frag.url) || (data.context && data.context.url) || data.url;
        const edge = edgeOfUrl(url);
        const code = data.response ? data.response.code : 0;
        if (edge && (code === 0 || code >= 500 || data.details.endsWith('TIMEOUT'))) demote(edge.pathwayId, data.details);
      }
      if (!data.fatal) return;
      state.errors.push(`${data.type}: ${data.details}`);
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
      else showProblem('Playback stopped: no edge can serve this title now. Try again in a moment.');
    });
    hls.loadSource(manifest.master);
    hls.attachMedia(video);
    setInterval(heartbeat, Math.max(1, manifest.heartbeatEverySeconds) * 1000);
  }

  start();
})();
