// espeak-ng compiled to WebAssembly, in a worker thread of its own: its synthesis is synchronous
// (it would hold the render's event loop), its package is an ES module with a 24 MB data file
// (loaded once per thread), and a fault in it ends this thread, not the worker process.
// Plain JavaScript: a worker thread loads its file with Node's own loader, under tsx and jest alike.
import { parentPort } from 'node:worker_threads';
import { escapeUTF8 } from 'entities';
import initialize from '@echogarden/espeak-ng-emscripten';

const espeak = new (await initialize()).eSpeakNGWorker();
let voiceSet = null; // loading a voice reads its dictionary (most of a sentence's time): only when it changes

parentPort.on('message', ({ id, text, voice, wordsPerMinute }) => {
  try {
    if (voiceSet !== voice) {
      if (espeak.set_voice(voice) !== 0) throw new Error(`espeak-ng 没有语音 ${voice}`);
      voiceSet = voice;
    }
    espeak.set_rate(wordsPerMinute);
    const chunks = [];
    // This build reads its input as SSML: escaped, an author's "<" or "&" is said, never obeyed.
    espeak.synthesize(escapeUTF8(text), (samples) => {
      if (samples && samples.length) chunks.push(samples);
    });
    const samples = new Int16Array(chunks.reduce((sum, c) => sum + c.length, 0));
    let at = 0;
    for (const chunk of chunks) {
      samples.set(chunk, at);
      at += chunk.length;
    }
    parentPort.postMessage({ id, samples, sampleRate: espeak.get_samplerate() }, [samples.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
parentPort.postMessage({ ready: true });
