// Replies with a copy of whatever it receives.
onmessage = (e) => postMessage(e.data);
