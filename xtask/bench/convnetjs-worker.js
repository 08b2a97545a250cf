// ConvNetJS (npm convnetjs, copied beside this file by the bench) trains the course LeNet as
// closely as ConvNetJS allows, on the app's real digits, one example at a time (its only way;
// the trainer applies the summed gradient every `batch_size` examples).
"use strict";
// convnet.js 0.3.0 ends by assigning `window.jsfeat` outside Node: give it a `window`.
self.window = self;
importScripts("convnet.js");

// The app's digits file (src/data/mnist.rs): 36-byte header, then a zlib stream of
// n labels and n·rows·cols grey pixels; image i is a test image iff i % 5 == 4.
async function loadDigits() {
  const file = new Uint8Array(await (await fetch("../static/data/mnist10k.bin")).arrayBuffer());
  const dv = new DataView(file.buffer);
  const n = dv.getUint32(12, true), rows = dv.getUint32(16, true), cols = dv.getUint32(20, true);
  const z = dv.getUint32(32, true);
  const stream = new Blob([file.subarray(36, 36 + z)]).stream().pipeThrough(new DecompressionStream("deflate"));
  const payload = new Uint8Array(await new Response(stream).arrayBuffer());
  if (payload.length !== n * (1 + rows * cols)) throw new Error("digits payload: " + payload.length + " bytes");
  return { n, rows, cols, labels: payload.subarray(0, n), pixels: payload.subarray(n) };
}

// The app's input: the 28×28 digit centred in 32×32, grey levels / 255.
function toVol(d, i) {
  const v = new convnetjs.Vol(32, 32, 1, 0.0);
  const oy = (32 - d.rows) >> 1, ox = (32 - d.cols) >> 1, base = i * d.rows * d.cols;
  for (let r = 0; r < d.rows; r++)
    for (let c = 0; c < d.cols; c++) v.set(c + ox, r + oy, 0, d.pixels[base + r * d.cols + c] / 255);
  return v;
}

onmessage = async (e) => {
  const { warmup, measure } = e.data;
  try {
    const d = await loadDigits();
    const train = [];
    for (let i = 0; i < d.n; i++) if (i % 5 !== 4) train.push(i);
    const vols = train.map((i) => toVol(d, i));
    // Conv 6@3×3 relu, pool 2 (max: ConvNetJS has no average pooling), conv 16@3×3 relu,
    // pool 2, fc 120 relu, fc 84 relu, softmax 10: 81,194 parameters, as the app's LeNet.
    const net = new convnetjs.Net();
    net.makeLayers([
      { type: "input", out_sx: 32, out_sy: 32, out_depth: 1 },
      { type: "conv", sx: 3, filters: 6, stride: 1, pad: 0, activation: "relu" },
      { type: "pool", sx: 2, stride: 2 },
      { type: "conv", sx: 3, filters: 16, stride: 1, pad: 0, activation: "relu" },
      { type: "pool", sx: 2, stride: 2 },
      { type: "fc", num_neurons: 120, activation: "relu" },
      { type: "fc", num_neurons: 84, activation: "relu" },
      { type: "softmax", num_classes: 10 },
    ]);
    let params = 0;
    for (const p of net.getParamsAndGrads()) params += p.params.length;
    // ConvNetJS 0.3.0 has no Adam: SGD with momentum 0.9, lr 0.01, batch 32, the protocol of
    // the app's own train_examples_per_s.
    const trainer = new convnetjs.SGDTrainer(net, { method: "sgd", learning_rate: 0.01, momentum: 0.9, batch_size: 32, l2_decay: 0 });
    let seen = 0, right = 0, recent = 0;
    let order = train.map((_, k) => k);
    const t0 = performance.now();
    let n0 = null, t1 = null;
    for (;;) {
      // A new shuffle each epoch (Fisher–Yates; Math.random is fine for a speed bench).
      if (seen % order.length === 0) {
        for (let k = order.length - 1; k > 0; k--) {
          const j = Math.floor(Math.random() * (k + 1));
          [order[k], order[j]] = [order[j], order[k]];
        }
      }
      const k = order[seen % order.length];
      trainer.train(vols[k], d.labels[train[k]]);
      if (net.getPrediction() === d.labels[train[k]]) right++;
      seen++;
      recent++;
      const t = (performance.now() - t0) / 1000;
      if (n0 === null && t >= warmup) {
        n0 = seen; t1 = t; right = 0; recent = 0;
      } else if (n0 !== null && t >= warmup + measure) {
        postMessage({
          state: "done",
          examples_per_s: (seen - n0) / (t - t1),
          measured_s: t - t1,
          measured_examples: seen - n0,
          warmup_s: t1,
          warmup_examples: n0,
          // Accuracy on the examples trained during the measurement (before each update): it
          // shows the network really learns.
          train_accuracy_while_measured: right / recent,
          params,
          trainer: "sgd momentum 0.9, lr 0.01, batch_size 32",
          pooling: "max (ConvNetJS has no average pooling)",
          input: "real digits from static/data/mnist10k.bin, 32x32x1",
          revision: convnetjs.REVISION,
        });
        return;
      }
    }
  } catch (err) {
    postMessage({ state: "error", error: String(err && err.stack || err) });
  }
};
