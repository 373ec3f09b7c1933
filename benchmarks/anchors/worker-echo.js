// The Chromium anchor's worker: echoes every message, copying it (no transfer list), like the JS module.
self.onmessage = (e) => self.postMessage(e.data);
