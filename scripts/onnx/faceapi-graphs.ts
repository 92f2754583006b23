/**
 * face-api's 68-point landmark net and its face recognition net (dlib's ResNet) as ONNX graphs, layer for layer as
 * @vladmandic/face-api 1.7.15 runs them on tfjs (src/faceLandmarkNet, src/faceFeatureExtractor,
 * src/faceRecognitionNet): same weights, same padding, same order of additions, so the outputs agree to float32
 * rounding. tfjs is NHWC, ONNX's Conv NCHW: the graphs take NHWC chips (what `extractChip` cuts, batched) and
 * transpose once at the start; filters are transposed here, once, from tfjs' HWIO to ONNX's OIHW.
 */
import { FACE_API_ONNX } from '../../src/faces/onnx-models.js';
import type { OnnxModel, OnnxNode, OnnxTensor } from './proto.js';
import { transpose, type Weight } from './weights.js';

/** face-api's `normalize`: the mean RGB subtracted before dividing by 255 (both nets). */
const MEAN_RGB = [122.782, 117.001, 104.298] as const;
/** ReduceMean takes `axes` as an attribute up to opset 17; 13 is what both graphs need and ORT 1.x runs. */
const OPSET = 13;

/** A value in the graph with its NCHW shape (batch left out), so padding can be worked out as tfjs does. */
interface Value {
  readonly name: string;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

/** tfjs' 'same' padding: output ceil(in / stride), the odd pixel of padding at the end (ONNX's SAME_UPPER). */
function samePads(size: number, kernel: number, stride: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private counter = 0;

  constructor(private readonly weights: Map<string, Weight>) {}

  weight(name: string): Weight {
    const w = this.weights.get(name);
    if (w === undefined) throw new Error(`face-api's manifest has no tensor ${name}`);
    return w;
  }

  constant(name: string, dims: readonly number[], data: Float32Array | BigInt64Array): string {
    this.initializers.push({ name, dims, data });
    return name;
  }

  node(op: string, inputs: readonly string[], attributes: OnnxNode['attributes'] = {}, output?: string): string {
    const name = output ?? `${op.toLowerCase()}_${++this.counter}`;
    this.nodes.push({ op, inputs, outputs: [name], name, attributes });
    return name;
  }

  /** Conv with tfjs' padding rule; `filter` in ONNX's OIHW, `group` > 1 for depthwise. */
  conv(x: Value, filter: Weight, filterName: string, stride: number, padding: 'same' | 'valid', options: { bias?: string; group?: number } = {}): Value {
    const [outChannels, , kh, kw] = filter.shape as [number, number, number, number];
    const [top, bottom] = padding === 'same' ? samePads(x.height, kh, stride) : [0, 0];
    const [left, right] = padding === 'same' ? samePads(x.width, kw, stride) : [0, 0];
    const w = this.constant(filterName, filter.shape, filter.values);
    const name = this.node('Conv', options.bias === undefined ? [x.name, w] : [x.name, w, options.bias], {
      kernel_shape: [kh, kw],
      strides: [stride, stride],
      pads: [top, left, bottom, right],
      group: options.group ?? 1,
    });
    const height = Math.floor((x.height + top + bottom - kh) / stride) + 1;
    const width = Math.floor((x.width + left + right - kw) / stride) + 1;
    return { name, channels: outChannels, height, width };
  }

  /** Elementwise op keeping `x`'s shape. */
  same(op: string, x: Value, others: readonly string[], attributes: OnnxNode['attributes'] = {}): Value {
    return { ...x, name: this.node(op, [x.name, ...others], attributes) };
  }

  /** A per-channel vector as a [C, 1, 1] constant, so it broadcasts over NCHW. */
  channelVector(name: string): string {
    const w = this.weight(name);
    return this.constant(name, [w.values.length, 1, 1], w.values);
  }

  /** HWC chips, 0–255 → NCHW, mean subtracted, divided by 255 (face-api's `normalize(x, meanRgb).div(255)`). */
  input(name: string, size: number): Value {
    const x: Value = { name, channels: 3, height: size, width: size };
    const nchw = { ...x, name: this.node('Transpose', [name], { perm: [0, 3, 1, 2] }) };
    const mean = this.constant('mean_rgb', [1, 3, 1, 1], Float32Array.from(MEAN_RGB));
    const centred = this.same('Sub', nchw, [mean]);
    return this.same('Div', centred, [this.constant('255', [], Float32Array.of(255))]);
  }

  pool(op: 'MaxPool' | 'AveragePool', x: Value, kernel: number, stride: number): Value {
    const name = this.node(op, [x.name], { kernel_shape: [kernel, kernel], strides: [stride, stride] });
    const side = (n: number) => Math.floor((n - kernel) / stride) + 1;
    return { name, channels: x.channels, height: side(x.height), width: side(x.width) };
  }

  pad(x: Value, channels: number, height: number, width: number): Value {
    const pads = [0, 0, 0, 0, 0, channels, height, width];
    const name = this.node('Pad', [x.name, this.constant(`${x.name}_pads`, [8], BigInt64Array.from(pads.map(BigInt)))], { mode: 'constant' });
    return { name, channels: x.channels + channels, height: x.height + height, width: x.width + width };
  }

  model(name: string, doc: string, input: { name: string; size: number }, output: { name: string; size: number }): OnnxModel {
    return {
      name,
      doc,
      opset: OPSET,
      nodes: this.nodes,
      initializers: this.initializers,
      inputs: [{ name: input.name, dims: ['batch', input.size, input.size, 3] }],
      outputs: [{ name: output.name, dims: ['batch', output.size] }],
    };
  }
}

/** tfjs conv filter [kh, kw, in, out] → ONNX [out, in, kh, kw]. */
const HWIO_TO_OIHW = [3, 2, 0, 1] as const;
/** tfjs depthwise filter [kh, kw, channels, 1] → ONNX grouped conv [channels, 1, kh, kw]. */
const DEPTHWISE_TO_ONNX = [2, 3, 0, 1] as const;

/** Input and output names and sides, shared with the runtime. */
const RECOGNITION_IO = FACE_API_ONNX.recognition;
const LANDMARK_IO = FACE_API_ONNX.landmarks;

/**
 * FaceRecognitionNet.forwardInput: conv 7×7/2 → max-pool 3/2 → 3 + 4 + 3 + 3 residual blocks (the first of each
 * width downsampling) → one more downsampling block → spatial mean → 256 × 128 matrix. Each conv is followed by
 * face-api's scale layer (× weights + biases, dlib's affine layer standing in for batch norm).
 */
export function recognitionGraph(weights: Map<string, Weight>): OnnxModel {
  const g = new GraphBuilder(weights);

  function convLayer(x: Value, prefix: string, stride: number, relu: boolean, padding: 'same' | 'valid'): Value {
    const filter = transpose(g.weight(`${prefix}/conv/filters`), HWIO_TO_OIHW);
    const bias = g.weight(`${prefix}/conv/bias`);
    let out = g.conv(x, filter, `${prefix}/conv/filters`, stride, padding, { bias: g.constant(`${prefix}/conv/bias`, [bias.values.length], bias.values) });
    out = g.same('Mul', out, [g.channelVector(`${prefix}/scale/weights`)]);
    out = g.same('Add', out, [g.channelVector(`${prefix}/scale/biases`)]);
    return relu ? g.same('Relu', out, []) : out;
  }
  function residual(x: Value, prefix: string): Value {
    let out = convLayer(x, `${prefix}/conv1`, 1, true, 'same');
    out = convLayer(out, `${prefix}/conv2`, 1, false, 'same');
    return g.same('Relu', g.same('Add', out, [x.name]), []);
  }
  function residualDown(x: Value, prefix: string): Value {
    let out = convLayer(x, `${prefix}/conv1`, 2, true, 'valid');
    out = convLayer(out, `${prefix}/conv2`, 1, false, 'same');
    let pooled = g.pool('AveragePool', x, 2, 2);
    // face-api appends one zero row and column to the conv branch when pooling kept a pixel more (odd sides),
    // and zero channels to the pooled branch when the block widens.
    if (pooled.height !== out.height || pooled.width !== out.width) out = g.pad(out, 0, 1, 1);
    if (pooled.channels !== out.channels) pooled = g.pad(pooled, pooled.channels, 0, 0);
    if (pooled.height !== out.height || pooled.width !== out.width || pooled.channels !== out.channels) {
      throw new Error(`${prefix}: branches of ${pooled.channels}×${pooled.height}×${pooled.width} and ${out.channels}×${out.height}×${out.width} cannot be added`);
    }
    return g.same('Relu', g.same('Add', pooled, [out.name]), []);
  }

  let out = g.input(RECOGNITION_IO.input, RECOGNITION_IO.side);
  out = convLayer(out, 'conv32_down', 2, true, 'valid');
  out = g.pool('MaxPool', out, 3, 2);
  for (const p of ['conv32_1', 'conv32_2', 'conv32_3']) out = residual(out, p);
  out = residualDown(out, 'conv64_down');
  for (const p of ['conv64_1', 'conv64_2', 'conv64_3']) out = residual(out, p);
  out = residualDown(out, 'conv128_down');
  for (const p of ['conv128_1', 'conv128_2']) out = residual(out, p);
  out = residualDown(out, 'conv256_down');
  for (const p of ['conv256_1', 'conv256_2']) out = residual(out, p);
  out = residualDown(out, 'conv256_down_out');
  const mean = g.node('ReduceMean', [out.name], { axes: [2, 3], keepdims: 0 });
  const fc = g.weight('fc');
  g.node('MatMul', [mean, g.constant('fc', fc.shape, fc.values)], {}, RECOGNITION_IO.output);
  return g.model(
    'face-api FaceRecognitionNet',
    "dlib's 128-d face descriptor net (dlib_face_recognition_resnet_model_v1) as shipped in @vladmandic/face-api; input NHWC RGB 0-255 aligned 150 px chips",
    { name: RECOGNITION_IO.input, size: RECOGNITION_IO.side },
    { name: RECOGNITION_IO.output, size: RECOGNITION_IO.outputSize },
  );
}

/**
 * FaceLandmark68Net: FaceFeatureExtractor (four dense blocks of depthwise-separable convs, each halving the side,
 * then a 7×7 average pool) and a fully connected layer giving 68 (x, y) pairs relative to the 112 px input. face-api's
 * postProcess (× inputSize, − padding, ÷ side) is the identity for a square input of exactly 112 px, so it is left out.
 */
export function landmarkGraph(weights: Map<string, Weight>): OnnxModel {
  const g = new GraphBuilder(weights);

  function bias(name: string): string {
    const b = g.weight(name);
    return g.constant(name, [b.values.length], b.values);
  }
  /** tf.separableConv2d (depthwise with the stride, then pointwise) + bias. */
  function separable(x: Value, prefix: string, stride: number): Value {
    const depthwise = transpose(g.weight(`${prefix}/depthwise_filter`), DEPTHWISE_TO_ONNX);
    const pointwise = transpose(g.weight(`${prefix}/pointwise_filter`), HWIO_TO_OIHW);
    const dw = g.conv(x, depthwise, `${prefix}/depthwise_filter`, stride, 'same', { group: x.channels });
    return g.conv(dw, pointwise, `${prefix}/pointwise_filter`, 1, 'valid', { bias: bias(`${prefix}/bias`) });
  }
  const add = (a: Value, b: Value): Value => g.same('Add', a, [b.name]);
  const relu = (a: Value): Value => g.same('Relu', a, []);
  /** denseBlock4, additions in face-api's order (float addition is not associative). */
  function denseBlock(x: Value, prefix: string, first: boolean): Value {
    const out1 = relu(
      first
        ? g.conv(x, transpose(g.weight(`${prefix}/conv0/filters`), HWIO_TO_OIHW), `${prefix}/conv0/filters`, 2, 'same', { bias: bias(`${prefix}/conv0/bias`) })
        : separable(x, `${prefix}/conv0`, 2),
    );
    const out2 = separable(out1, `${prefix}/conv1`, 1);
    const in3 = relu(add(out1, out2));
    const out3 = separable(in3, `${prefix}/conv2`, 1);
    const in4 = relu(add(out1, add(out2, out3)));
    const out4 = separable(in4, `${prefix}/conv3`, 1);
    return relu(add(out1, add(out2, add(out3, out4))));
  }

  let out = g.input(LANDMARK_IO.input, LANDMARK_IO.side);
  out = denseBlock(out, 'dense0', true);
  out = denseBlock(out, 'dense1', false);
  out = denseBlock(out, 'dense2', false);
  out = denseBlock(out, 'dense3', false);
  out = g.pool('AveragePool', out, 7, 2);
  if (out.height !== 1 || out.width !== 1) throw new Error(`landmark features are ${out.height}×${out.width}, expected 1×1`);
  const flat = g.node('Flatten', [out.name], { axis: 1 });
  const fc = g.weight('fc/weights');
  const product = g.node('MatMul', [flat, g.constant('fc/weights', fc.shape, fc.values)]);
  g.node('Add', [product, bias('fc/bias')], {}, LANDMARK_IO.output);
  return g.model(
    'face-api FaceLandmark68Net',
    "face-api's 68-point landmark net (iBUG layout) as shipped in @vladmandic/face-api; input NHWC RGB 0-255 112 px crops; output x0,y0,...,x67,y67 relative to the crop",
    { name: LANDMARK_IO.input, size: LANDMARK_IO.side },
    { name: LANDMARK_IO.output, size: LANDMARK_IO.outputSize },
  );
}
