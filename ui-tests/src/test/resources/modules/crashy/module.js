onmessage = (e) => {
  if (e.data === 'throw') {
    throw new Error('crashy was asked to throw');
  }
  if (e.data === 'log') {
    console.log('crashy says hello');
    return;
  }
  postMessage(e.data);
};
