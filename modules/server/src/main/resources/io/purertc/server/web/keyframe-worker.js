// Key-frame requests from the page (W3C WebRTC Encoded Transform): the page puts an RTCRtpScriptTransform running
// this worker on its video receiver, and on the page's message the transformer asks the sender for a key frame
// (Chromium sends an RTCP PLI, RFC 4585 §6.3.1). Frames pass through unchanged. The worker is a file of its own
// because the page's Content-Security-Policy ('self') refuses workers made from blobs.
'use strict';

let transformer = null;
let asked = false; // a request that came before the transformer did

async function request() {
  try {
    await transformer.sendKeyFrameRequest();
    self.postMessage({ sent: true });
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
}

self.onrtctransform = (event) => {
  transformer = event.transformer;
  transformer.readable.pipeTo(transformer.writable);
  if (asked) {
    asked = false;
    request();
  }
};

self.onmessage = () => {
  if (transformer) {
    request();
  } else {
    asked = true;
  }
};
