// PureRTC demo page: sends the microphone and/or camera to the server, which echoes them back.
//
// Signaling is FastRTC's protocol: the page POSTs its offer to /webrtc/offer and gets the answer,
// then POSTs each ICE candidate it finds to the same URL ("trickle ICE"). The server trickles too:
// the page polls /webrtc/candidates for the server's candidates until it says it has no more.
// In the other role (acceptOffer) the server offers and the page answers.
'use strict';

// ICE servers (STUN/TURN) are configured here and only here. None are needed on localhost.
function rtcConfiguration() {
  return { iceServers: [] };
}

const $ = (id) => document.getElementById(id);

let pc = null;          // the RTCPeerConnection of the running session
let webrtcId = null;    // the session's id in every request to the server
let statsTimer = null;
let keyFrameWorker = null; // runs keyframe-worker.js once the page has asked for a key frame

// A random session id, as FastRTC's client makes one.
function randomId() {
  return Array.from(crypto.getRandomValues(new Uint32Array(3)), (n) => n.toString(36)).join('');
}

// The server refuses with HTTP 200 and {"status":"failed","meta":{"error":...}} (FastRTC's way),
// or with a 4xx and a reason; both become an Error here.
async function readReply(response) {
  const reply = await response.json();
  if (!response.ok || reply.status === 'failed') {
    const meta = reply.meta || {};
    throw new Error(meta.error + (meta.reason ? ': ' + meta.reason : '') + (meta.limit ? ` (limit ${meta.limit})` : ''));
  }
  return reply;
}

function post(message) {
  return fetch('/webrtc/offer', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(message),
  }).then(readReply);
}

function get(path) {
  return fetch(path).then(readReply);
}

function constraints(mode) {
  return { audio: mode !== 'video', video: mode !== 'audio' };
}

function createPeerConnection() {
  const peer = new RTCPeerConnection(rtcConfiguration());
  const remote = new MediaStream();
  $('remote').srcObject = remote;
  peer.ontrack = ({ track }) => remote.addTrack(track);
  peer.onconnectionstatechange = () => setStatus(peer.connectionState);
  statsTimer = setInterval(() => showStats().catch(showError), 1000);
  return peer;
}

// Sends our ICE candidates as the browser finds them, as FastRTC's client does. They wait in a
// queue until the server knows the session; the returned function releases them.
function trickleCandidates(peer) {
  const waiting = [];
  let sessionKnown = false;
  const send = (candidate) => post({ type: 'ice-candidate', webrtc_id: webrtcId, candidate }).catch(showError);
  peer.onicecandidate = ({ candidate }) => {
    // A null candidate means gathering is over; the server hears that as an empty candidate.
    const init = candidate ? candidate.toJSON() : { candidate: '', sdpMid: null, sdpMLineIndex: null };
    if (sessionKnown) {
      send(init);
    } else {
      waiting.push(init);
    }
  };
  return () => {
    sessionKnown = true;
    waiting.splice(0).forEach(send);
  };
}

// Adds the server's candidates found after its description, polling until it is done.
async function pollServerCandidates(peer, id) {
  let added = 0;
  for (let tries = 0; tries < 50 && peer === pc; tries++) {
    const { candidates, complete } = await get('/webrtc/candidates?webrtc_id=' + encodeURIComponent(id));
    for (const candidate of candidates.slice(added)) {
      await peer.addIceCandidate(candidate);
    }
    added = candidates.length;
    if (complete) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// Audio first, then video: the offer's m-sections follow the order the tracks are added in.
function addTracks(peer, stream) {
  for (const track of [...stream.getAudioTracks(), ...stream.getVideoTracks()]) {
    peer.addTrack(track, stream);
  }
}

async function openCamera(mode) {
  stop();
  setStatus('asking for ' + mode);
  const stream = await navigator.mediaDevices.getUserMedia(constraints(mode));
  $('local').srcObject = stream;
  setButtons(true);
  return stream;
}

// The browser offers, the server answers (FastRTC's flow).
async function start(mode) {
  const stream = await openCamera(mode);
  webrtcId = randomId();
  pc = createPeerConnection();
  const releaseCandidates = trickleCandidates(pc);
  addTracks(pc, stream);
  await pc.setLocalDescription(await pc.createOffer());
  setStatus('offering');
  const answer = await post({ sdp: pc.localDescription.sdp, type: 'offer', webrtc_id: webrtcId });
  await pc.setRemoteDescription(answer);
  setStatus('connecting');
  releaseCandidates();
  pollServerCandidates(pc, webrtcId).catch(showError);
  return webrtcId;
}

// The server offers, the browser answers.
async function acceptOffer(mode) {
  const stream = await openCamera(mode);
  const offer = await get('/webrtc/server-offer?mode=' + encodeURIComponent(mode));
  webrtcId = offer.webrtc_id;
  pc = createPeerConnection();
  const releaseCandidates = trickleCandidates(pc);
  await pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
  // addTrack takes over the transceivers the offer created, so our media goes out on the server's m-sections.
  addTracks(pc, stream);
  await pc.setLocalDescription(await pc.createAnswer());
  setStatus('answering');
  await post({ type: 'answer', sdp: pc.localDescription.sdp, webrtc_id: webrtcId });
  setStatus('connecting');
  releaseCandidates();
  pollServerCandidates(pc, webrtcId).catch(showError);
  return webrtcId;
}

// The inbound-rtp stats of the video this receiver gets, or null before any has arrived.
async function inboundVideo(receiver) {
  let inbound = null;
  (await receiver.getStats()).forEach((s) => {
    if (s.type === 'inbound-rtp') {
      inbound = s;
    }
  });
  return inbound;
}

// Asks the server for a key frame on the video it sends us, as a player does after a glitch, and resolves with
// how many frames the page received and decoded from asking until the key frame (counting it), and after how many
// milliseconds; frames already on the way when it asked count too.
// The request goes through an RTCRtpScriptTransform on the video receiver, put there on the first request; the
// answer is seen in the receiver's stats, polled every few milliseconds, far more often than frames come.
async function requestKeyFrame() {
  const receiver = pc && pc.getReceivers().find((r) => r.track.kind === 'video');
  const before = receiver && (await inboundVideo(receiver));
  if (!before) {
    throw new Error('no video is received');
  }
  if (!keyFrameWorker) {
    keyFrameWorker = new Worker('keyframe-worker.js');
    receiver.transform = new RTCRtpScriptTransform(keyFrameWorker, {});
  }
  const asked = performance.now();
  await new Promise((resolve, reject) => {
    keyFrameWorker.onmessage = ({ data }) => (data.error ? reject(new Error(data.error)) : resolve());
    keyFrameWorker.postMessage('request');
  });
  while (performance.now() - asked < 5000) {
    const now = await inboundVideo(receiver);
    if (now.keyFramesDecoded > before.keyFramesDecoded) {
      return {
        framesReceived: now.framesReceived - before.framesReceived,
        framesDecoded: now.framesDecoded - before.framesDecoded,
        milliseconds: performance.now() - asked,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 4));
  }
  throw new Error('no key frame came within 5 s of asking');
}

async function showKeyFrameAnswer() {
  const { framesDecoded, milliseconds } = await requestKeyFrame();
  setStatus(`key frame decoded ${milliseconds.toFixed(0)} ms after asking, frame ${framesDecoded} since`);
}

function stop() {
  clearInterval(statsTimer);
  if (keyFrameWorker) {
    keyFrameWorker.terminate();
    keyFrameWorker = null;
  }
  if (pc) {
    pc.close();
    pc = null;
  }
  for (const id of ['local', 'remote']) {
    const stream = $(id).srcObject;
    if (stream) {
      stream.getTracks().forEach((track) => track.stop());
    }
    $(id).srcObject = null;
  }
  setButtons(false);
  setStatus('stopped');
}

// A plain-object summary of the browser's getStats(): states, each received stream and the RTT.
async function stats() {
  if (!pc) {
    return null;
  }
  const report = await pc.getStats();
  const summary = {
    connectionState: pc.connectionState,
    iceConnectionState: pc.iceConnectionState,
    dtlsState: null,
    roundTripTime: null,
    inbound: [],
    outbound: [],
  };
  report.forEach((s) => {
    if (s.type === 'transport') {
      summary.dtlsState = s.dtlsState;
      const pair = report.get(s.selectedCandidatePairId);
      summary.roundTripTime = pair ? pair.currentRoundTripTime : null;
    } else if (s.type === 'inbound-rtp') {
      summary.inbound.push({
        kind: s.kind, ssrc: s.ssrc, packetsReceived: s.packetsReceived, bytesReceived: s.bytesReceived,
        packetsLost: s.packetsLost, jitter: s.jitter, framesDecoded: s.framesDecoded,
        keyFramesDecoded: s.keyFramesDecoded, pliCount: s.pliCount, firCount: s.firCount,
        frameWidth: s.frameWidth, frameHeight: s.frameHeight,
      });
    } else if (s.type === 'outbound-rtp') {
      summary.outbound.push({
        kind: s.kind, ssrc: s.ssrc, packetsSent: s.packetsSent, bytesSent: s.bytesSent, pliCount: s.pliCount,
      });
    }
  });
  return summary;
}

// The strongest frequency in the audio coming back and its level in dB, from an AnalyserNode's spectrum:
// a test can tell a tone from silence or noise.
async function remoteAudioPeak() {
  const tracks = $('remote').srcObject ? $('remote').srcObject.getAudioTracks() : [];
  if (tracks.length === 0) {
    return null;
  }
  const context = new AudioContext();
  const analyser = context.createAnalyser();
  analyser.fftSize = 8192;
  context.createMediaStreamSource(new MediaStream(tracks)).connect(analyser);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const bins = new Float32Array(analyser.frequencyBinCount);
  analyser.getFloatFrequencyData(bins);
  let peak = 1;
  for (let i = 2; i < bins.length; i++) {
    if (bins[i] > bins[peak]) {
      peak = i;
    }
  }
  const result = { frequency: (peak * context.sampleRate) / analyser.fftSize, level: bins[peak] };
  await context.close();
  return result;
}

async function showStats() {
  $('browser-stats').textContent = JSON.stringify(await stats(), null, 2);
  if (webrtcId) {
    const response = await fetch('/webrtc/stats?webrtc_id=' + encodeURIComponent(webrtcId));
    $('server-stats').textContent = JSON.stringify(await response.json(), null, 2);
  }
}

function setStatus(text, isError = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', isError);
}

function showError(error) {
  setStatus('error: ' + error.message, true);
}

function setButtons(running) {
  $('start').disabled = running;
  $('accept').disabled = running;
  $('stop').disabled = !running;
  $('keyframe').disabled = !running;
}

function selectedMode() {
  return document.querySelector('input[name="mode"]:checked').value;
}

$('start').onclick = () => start(selectedMode()).catch(showError);
$('accept').onclick = () => acceptOffer(selectedMode()).catch(showError);
$('stop').onclick = stop;
$('keyframe').onclick = () => showKeyFrameAnswer().catch(showError);

// For tests that drive the page (and for the curious, in the console).
window.purertc = {
  start,
  acceptOffer,
  stop,
  stats,
  remoteAudioPeak,
  requestKeyFrame,
  get pc() { return pc; },
  get webrtcId() { return webrtcId; },
};
