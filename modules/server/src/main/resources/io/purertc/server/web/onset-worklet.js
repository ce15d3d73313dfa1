// Finds where sounds start in the audio it is fed: after at least 300 ms below the threshold, the first sample
// above it is an onset, and its time on the AudioContext's clock goes to the page. The page uses it to time the
// beeps of the server's sync clock against its flashes.
'use strict';

const THRESHOLD = 0.05;
const QUIET_SECONDS = 0.3;

class OnsetDetector extends AudioWorkletProcessor {
  constructor() {
    super();
    this.quietSince = -Infinity;
    this.sounding = false;
  }

  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (!channel) {
      return true;
    }
    for (let i = 0; i < channel.length; i++) {
      const time = currentTime + i / sampleRate;
      if (Math.abs(channel[i]) > THRESHOLD) {
        if (!this.sounding && time - this.quietSince >= QUIET_SECONDS) {
          this.port.postMessage(time);
        }
        this.sounding = true;
      } else if (this.sounding) {
        this.sounding = false;
        this.quietSince = time;
      }
    }
    return true;
  }
}

registerProcessor('onset-detector', OnsetDetector);
