#!/usr/bin/env node
/**
 * Builds the MediaPipe model bundles (`assets/models/*.task`) from the legacy npm packages, and copies the
 * tasks-vision WASM runtime to `assets/wasm/`, so that the app never downloads a model or a runtime: schools
 * run offline, and nothing may leave the machine.
 *
 * The legacy weights cannot be zipped as they are, for two reasons:
 * - Fix 1: tasks-vision needs TFLite metadata (input normalisation) that the legacy models lack;
 * - Fix 2: FaceLandmarker reads 478 points from output 0 and the face flag from output 1, which the legacy
 *   attention mesh model does not provide, so a few ops are appended to gather the mesh and the irises.
 * Both are done by writing a new flatbuffer root in front of the original model bytes, which stay unchanged:
 * flatbuffer offsets only point forwards, so everything new must come first, and the old tables it points at
 * are reused in place.
 *
 * Plain Node ESM, no TypeScript, because it runs at `postinstall`.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(SCRIPT), '..');
const NODE_MODULES = join(ROOT, 'node_modules');
const MODELS_OUT = join(ROOT, 'assets/models');
const WASM_OUT = join(ROOT, 'assets/wasm');

/** Pinned because the byte ranges and tensor names below are those of these exact releases. */
const PACKAGES = {
  pose: { name: '@mediapipe/pose', version: '0.5.1675469404' },
  face: { name: '@mediapipe/face_mesh', version: '0.4.1657299874' },
  tasks: { name: '@mediapipe/tasks-vision', version: '1.1.0' },
  flatbuffers: { name: 'flatbuffers' },
};

/** Input normalisation: models trained on [-1, 1] inputs, and those trained on [0, 1]. */
const SIGNED = { mean: 127.5, std: 127.5 };
const UNSIGNED = { mean: 0, std: 255 };

/** The canonical Apache-2.0 text (apache.org LICENSE-2.0.txt), which the flatbuffers package ships verbatim. */
const APACHE_2_SHA256 = 'cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30';

function fail(message) {
  console.error(`build-models: ${message}`);
  process.exit(1);
}

function packageDir({ name, version }) {
  const dir = join(NODE_MODULES, name);
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) fail(`${name} is not installed in node_modules (run npm install).`);
  const found = JSON.parse(readFileSync(manifest, 'utf8')).version;
  if (version && found !== version) fail(`${name} is ${found}, but this script is written for ${version}.`);
  return dir;
}

// Every package is checked before anything else, so a missing one gives a plain error rather than a stack.
const dirs = Object.fromEntries(Object.entries(PACKAGES).map(([key, pkg]) => [key, packageDir(pkg)]));
const { Builder, ByteBuffer } = await import(
  pathToFileURL(join(dirs.flatbuffers, 'mjs/flatbuffers.js')).href
);

const packed = (dir, stem) => ({
  loader: join(dir, `${stem}_packed_assets_loader.js`),
  data: join(dir, `${stem}_packed_assets.data`),
});
const POSE_PACK = packed(dirs.pose, 'pose_solution');
const FACE_PACK = packed(dirs.face, 'face_mesh_solution');
const WASM_FILES = readdirSync(join(dirs.tasks, 'wasm')).map((f) => join(dirs.tasks, 'wasm', f));
const LICENSE_FILE = join(dirs.flatbuffers, 'LICENSE');

const INPUTS = [
  SCRIPT,
  ...Object.values(POSE_PACK),
  ...Object.values(FACE_PACK),
  join(dirs.pose, 'pose_landmark_lite.tflite'),
  join(dirs.pose, 'pose_landmark_full.tflite'),
  LICENSE_FILE,
  ...WASM_FILES,
];
const TASKS = ['pose_landmarker_lite', 'pose_landmarker_full', 'face_landmarker'];

/**
 * The bundles the app was tested with, byte for byte (the build is deterministic). A bundle that comes out
 * different (another package version, a changed script) is refused rather than served: a model that detects
 * differently must be checked by the tests before it reaches a school. After a deliberate change, run the
 * tests, then put the new hashes here.
 */
const BUNDLE_SHA256 = {
  pose_landmarker_lite: 'e5b49b83e7b7572bcaede674c955fe2bcf38224accffaf1464226fb125bf0c73',
  pose_landmarker_full: '374a31bbd27b0eb21dd87869dea5a9656dcbe8cf00d24c7b14f8e72597d2bb43',
  face_landmarker: 'f5bd6433584354741817b1f3bc421b1e039b82a3212c95771830655c27043fdf',
};

function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}
const OUTPUTS = [
  ...TASKS.map((t) => join(MODELS_OUT, `${t}.task`)),
  join(MODELS_OUT, 'NOTICE'),
  ...WASM_FILES.map((f) => join(WASM_OUT, relative(join(dirs.tasks, 'wasm'), f))),
];

/**
 * Bundles in assets/models that this script no longer builds (the hand model's, from before it was dropped): they
 * would be served beside a NOTICE that no longer describes them.
 */
function staleBundles() {
  if (!existsSync(MODELS_OUT)) return [];
  return readdirSync(MODELS_OUT)
    .filter((f) => f.endsWith('.task') && !TASKS.includes(f.slice(0, -'.task'.length)))
    .map((f) => join(MODELS_OUT, f));
}

function upToDate() {
  if (!OUTPUTS.every((f) => existsSync(f)) || staleBundles().length > 0) return false;
  const newestInput = Math.max(...INPUTS.map((f) => statSync(f).mtimeMs));
  if (!OUTPUTS.every((f) => statSync(f).mtimeMs >= newestInput)) return false;
  // A bundle changed on disk since it was built is built again (and checked again).
  return TASKS.every(
    (task) => sha256(readFileSync(join(MODELS_OUT, `${task}.task`))) === BUNDLE_SHA256[task],
  );
}

/** Reads the files of an Emscripten file package, using the byte ranges listed in its loader. */
function unpack({ loader, data }) {
  const text = readFileSync(loader, 'utf8');
  const match = text.match(/loadPackage\((\{"files":.*?\})\);/s);
  if (!match) fail(`no file list found in ${relative(ROOT, loader)}.`);
  const bytes = readFileSync(data);
  const files = new Map();
  for (const { filename, start, end } of JSON.parse(match[1]).files) {
    files.set(filename.replace(/^.*\//, ''), bytes.subarray(start, end));
  }
  return files;
}

function entry(files, name, where) {
  const bytes = files.get(name);
  if (!bytes) fail(`${name} is missing from ${where}.`);
  return bytes;
}

// ---------------------------------------------------------------------------------------------------------
// Flatbuffer patching

/** A read-only view of a flatbuffer, addressed by absolute byte positions. */
class Reader {
  constructor(bytes) {
    this.bb = new ByteBuffer(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
  }
  root() {
    return this.bb.readUint32(0);
  }
  fieldCount(table) {
    const vtable = table - this.bb.readInt32(table);
    return (this.bb.readUint16(vtable) - 4) / 2;
  }
  has(table, id) {
    return this.bb.__offset(table, 4 + 2 * id) !== 0;
  }
  /** Position of the object (table, vector or string) that a field points at, or undefined. */
  ref(table, id) {
    const o = this.bb.__offset(table, 4 + 2 * id);
    return o ? this.bb.__indirect(table + o) : undefined;
  }
  u32(table, id, fallback = 0) {
    const o = this.bb.__offset(table, 4 + 2 * id);
    return o ? this.bb.readUint32(table + o) : fallback;
  }
  i8(table, id, fallback = 0) {
    const o = this.bb.__offset(table, 4 + 2 * id);
    return o ? this.bb.readInt8(table + o) : fallback;
  }
  string(table, id) {
    const o = this.bb.__offset(table, 4 + 2 * id);
    return o ? this.bb.__string(table + o) : undefined;
  }
  /** Positions of the tables in a vector of tables. */
  tables(table, id) {
    const o = this.bb.__offset(table, 4 + 2 * id);
    if (!o) return [];
    const start = this.bb.__vector(table + o);
    return Array.from({ length: this.bb.__vector_len(table + o) }, (_, i) =>
      this.bb.__indirect(start + 4 * i),
    );
  }
  ints(table, id) {
    const o = this.bb.__offset(table, 4 + 2 * id);
    if (!o) return [];
    const start = this.bb.__vector(table + o);
    return Array.from({ length: this.bb.__vector_len(table + o) }, (_, i) =>
      this.bb.readInt32(start + 4 * i),
    );
  }
}

function offsetVector(b, offsets) {
  b.startVector(4, offsets.length, 4);
  for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i]);
  return b.endVector();
}

function numberVector(b, values, add) {
  b.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) add.call(b, values[i]);
  return b.endVector();
}
const intVector = (b, values) => numberVector(b, values, b.addInt32);
const floatVector = (b, values) => numberVector(b, values, b.addFloat32);

function byteVector(b, bytes, alignment) {
  b.startVector(1, bytes.length, alignment);
  for (let i = bytes.length - 1; i >= 0; i--) b.addInt8(bytes[i]);
  return b.endVector();
}

/** A `ModelMetadata` (metadata_schema.fbs) that tells tasks-vision how to normalise the one input image. */
function imageMetadata(name, { mean, std }) {
  const b = new Builder(512);
  const nameOffset = b.createString(name);
  const tensorName = b.createString('image');

  b.startObject(1); // ImageProperties
  b.addFieldInt8(0, 1, 0); // color_space RGB
  const imageProperties = b.endObject();
  b.startObject(2); // Content
  b.addFieldInt8(0, 2, 0); // content_properties_type ImageProperties
  b.addFieldOffset(1, imageProperties, 0);
  const content = b.endObject();

  const meanVector = floatVector(b, [mean]);
  const stdVector = floatVector(b, [std]);
  b.startObject(2); // NormalizationOptions
  b.addFieldOffset(0, meanVector, 0);
  b.addFieldOffset(1, stdVector, 0);
  const normalization = b.endObject();
  b.startObject(2); // ProcessUnit
  b.addFieldInt8(0, 1, 0); // options_type NormalizationOptions
  b.addFieldOffset(1, normalization, 0);
  const processUnits = offsetVector(b, [b.endObject()]);

  const maxVector = floatVector(b, [255]);
  const minVector = floatVector(b, [0]);
  b.startObject(2); // Stats
  b.addFieldOffset(0, maxVector, 0);
  b.addFieldOffset(1, minVector, 0);
  const stats = b.endObject();

  b.startObject(6); // TensorMetadata
  b.addFieldOffset(0, tensorName, 0);
  b.addFieldOffset(3, content, 0);
  b.addFieldOffset(4, processUnits, 0);
  b.addFieldOffset(5, stats, 0);
  const inputs = offsetVector(b, [b.endObject()]);

  b.startObject(3); // SubGraphMetadata
  b.addFieldOffset(2, inputs, 0);
  const subgraphs = offsetVector(b, [b.endObject()]);

  const parserVersion = b.createString('1.0.0');
  b.startObject(8); // ModelMetadata
  b.addFieldOffset(0, nameOffset, 0);
  b.addFieldOffset(3, subgraphs, 0);
  b.addFieldOffset(7, parserVersion, 0);
  b.finish(b.endObject(), 'M001');
  return b.asUint8Array();
}

const BUILTIN = { CONCATENATION: 2, RESHAPE: 22, PAD: 34 };
const OPTIONS = { ConcatenationOptions: 10, ReshapeOptions: 17, PadOptions: 22 };
const INT32 = 2;

/**
 * Returns the model with TFLite metadata added and, for the face mesh, with outputs that FaceLandmarker reads.
 * The original bytes go first into the builder, which fills from the back, so they end the new file and keep
 * their 16-byte alignment; an old object at position p is then at builder offset `padded - p`.
 */
function patchModel(original, name, normalisation, faceOutputs = false) {
  const r = new Reader(original);
  if (r.bb.__has_identifier('TFL3') === false) fail(`${name} is not a TFLite model.`);
  const model = r.root();
  if (r.fieldCount(model) > 8) fail(`${name} has Model fields this script does not know.`);

  const padded = Math.ceil(original.length / 16) * 16;
  const b = new Builder(padded + 64 * 1024);
  b.prep(16, padded);
  b.pad(padded);
  b.dataBuffer()
    .bytes()
    .set(original, b.dataBuffer().capacity() - b.offset());
  const old = (position) => padded - position;

  const oldBuffers = r.tables(model, 4);
  const newBuffers = [];
  const addBuffer = (bytes) => {
    const data = byteVector(b, bytes, 16);
    b.startObject(1);
    b.addFieldOffset(0, data, 0);
    newBuffers.push(b.endObject());
    return oldBuffers.length + newBuffers.length - 1;
  };

  const metadataBuffer = addBuffer(imageMetadata(name, normalisation));
  const metadataName = b.createString('TFLITE_METADATA');
  b.startObject(2);
  b.addFieldOffset(0, metadataName, 0);
  b.addFieldInt32(1, metadataBuffer, 0);
  const metadata = offsetVector(b, [...r.tables(model, 6).map(old), b.endObject()]);

  let operatorCodes = r.has(model, 1) ? old(r.ref(model, 1)) : undefined;
  let subgraphs = r.has(model, 2) ? old(r.ref(model, 2)) : undefined;
  if (faceOutputs) {
    ({ operatorCodes, subgraphs } = rearrangeFaceOutputs(r, model, b, old, addBuffer, name));
  }
  const buffers = offsetVector(b, [...oldBuffers.map(old), ...newBuffers]);

  b.startObject(8);
  b.addFieldInt32(0, r.u32(model, 0), 0);
  if (operatorCodes !== undefined) b.addFieldOffset(1, operatorCodes, 0);
  if (subgraphs !== undefined) b.addFieldOffset(2, subgraphs, 0);
  for (const id of [3, 5, 7]) if (r.has(model, id)) b.addFieldOffset(id, old(r.ref(model, id)), 0);
  b.addFieldOffset(4, buffers, 0);
  b.addFieldOffset(6, metadata, 0);
  b.finish(b.endObject(), 'TFL3');
  return b.asUint8Array();
}

/**
 * Appends ops so that output 0 is the 478 landmarks (mesh, left iris, right iris; iris z = 0) as one
 * [1,1,1,1434] tensor and output 1 is the face flag. New tensors stay 4-D because the GPU delegate refuses
 * other layouts; the lip and eye refinements are dropped.
 */
function rearrangeFaceOutputs(r, model, b, old, addBuffer, name) {
  const [subgraph, ...others] = r.tables(model, 2);
  if (subgraph === undefined || others.length > 0) fail(`${name} does not have exactly one subgraph.`);
  if (r.fieldCount(subgraph) > 5) fail(`${name} has SubGraph fields this script does not know.`);
  const tensors = r.tables(subgraph, 0);
  const outputByName = new Map(r.ints(subgraph, 2).map((i) => [r.string(tensors[i], 3), i]));
  const output = (tensorName) => {
    const index = outputByName.get(tensorName);
    if (index === undefined) fail(`${name} has no output named ${tensorName}.`);
    return index;
  };
  const mesh = output('output_mesh_identity');
  const leftIris = output('output_left_iris');
  const rightIris = output('output_right_iris');
  const faceFlag = output('conv_faceflag');

  // Operator codes: reuse the model's own where it has them.
  const codes = r.tables(model, 1);
  const codeOf = (t) => Math.max(r.i8(t, 0), r.u32(t, 3));
  const newCodes = [];
  const opcode = (builtin) => {
    const found = codes.findIndex((t) => codeOf(t) === builtin && r.u32(t, 2, 1) === 1);
    if (found >= 0) return found;
    b.startObject(4);
    b.addFieldInt8(0, Math.min(builtin, 127), 0);
    b.addFieldInt32(2, 1, 0);
    b.addFieldInt32(3, builtin, 0);
    newCodes.push(b.endObject());
    return codes.length + newCodes.length - 1;
  };

  const newTensors = [];
  const tensor = (tensorName, shape, { type = 0, buffer = 0 } = {}) => {
    const nameOffset = b.createString(tensorName);
    const shapeOffset = intVector(b, shape);
    b.startObject(4);
    b.addFieldOffset(0, shapeOffset, 0);
    b.addFieldInt8(1, type, 0);
    b.addFieldInt32(2, buffer, 0);
    b.addFieldOffset(3, nameOffset, 0);
    newTensors.push(b.endObject());
    return tensors.length + newTensors.length - 1;
  };

  const newOperators = [];
  const operator = (builtin, inputs, outputs, optionsType, writeOptions) => {
    const index = opcode(builtin);
    const options = writeOptions();
    const inputsOffset = intVector(b, inputs);
    const outputsOffset = intVector(b, outputs);
    b.startObject(5);
    b.addFieldInt32(0, index, 0);
    b.addFieldOffset(1, inputsOffset, 0);
    b.addFieldOffset(2, outputsOffset, 0);
    b.addFieldInt8(3, optionsType, 0);
    b.addFieldOffset(4, options, 0);
    newOperators.push(b.endObject());
  };
  const reshape = (input, shape, outputName) => {
    const out = tensor(outputName, shape);
    operator(BUILTIN.RESHAPE, [input], [out], OPTIONS.ReshapeOptions, () => {
      const newShape = intVector(b, shape);
      b.startObject(1);
      b.addFieldOffset(0, newShape, 0);
      return b.endObject();
    });
    return out;
  };

  // Pads the last axis from (x, y) to (x, y, 0).
  const paddingValues = new Int32Array([0, 0, 0, 0, 0, 0, 0, 1]);
  const paddings = tensor('iris_z_padding', [4, 2], {
    type: INT32,
    buffer: addBuffer(new Uint8Array(paddingValues.buffer)),
  });
  const iris = (input, side) => {
    const points = reshape(input, [1, 1, 5, 2], `${side}_iris_points`);
    const padded = tensor(`${side}_iris_points_xyz`, [1, 1, 5, 3]);
    operator(BUILTIN.PAD, [points, paddings], [padded], OPTIONS.PadOptions, () => {
      b.startObject(0);
      return b.endObject();
    });
    return reshape(padded, [1, 1, 1, 15], `${side}_iris_flat`);
  };
  const left = iris(leftIris, 'left');
  const right = iris(rightIris, 'right');
  const landmarks = tensor('landmarks_478', [1, 1, 1, 1434]);
  operator(BUILTIN.CONCATENATION, [mesh, left, right], [landmarks], OPTIONS.ConcatenationOptions, () => {
    b.startObject(2);
    b.addFieldInt32(0, 3, 0); // axis: the last one
    return b.endObject();
  });

  const tensorsOffset = offsetVector(b, [...tensors.map(old), ...newTensors]);
  const operatorsOffset = offsetVector(b, [...r.tables(subgraph, 3).map(old), ...newOperators]);
  const outputsOffset = intVector(b, [landmarks, faceFlag]);
  b.startObject(5);
  b.addFieldOffset(0, tensorsOffset, 0);
  b.addFieldOffset(1, old(r.ref(subgraph, 1)), 0);
  b.addFieldOffset(2, outputsOffset, 0);
  b.addFieldOffset(3, operatorsOffset, 0);
  if (r.has(subgraph, 4)) b.addFieldOffset(4, old(r.ref(subgraph, 4)), 0);
  const subgraphs = offsetVector(b, [b.endObject()]);
  const operatorCodes = offsetVector(b, [...codes.map(old), ...newCodes]);
  return { operatorCodes, subgraphs };
}

// ---------------------------------------------------------------------------------------------------------
// Stored zip

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A zip of stored (uncompressed) entries, each one's data aligned to 64 bytes with an extra field (as Android's
 * zipalign does), so that a runtime reading the model in place finds it aligned. Fixed dates keep the output
 * byte-identical across builds.
 */
function zip(entries) {
  const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  const parts = [];
  const central = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const extraLength = 6 + ((64 - ((offset + 30 + nameBytes.length + 6) % 64)) % 64);
    const local = Buffer.alloc(30 + nameBytes.length + extraLength);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4); // version needed: 1.0, stored
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(extraLength, 28);
    nameBytes.copy(local, 30);
    local.writeUInt16LE(0xd935, 30 + nameBytes.length); // zipalign's extra field id
    local.writeUInt16LE(extraLength - 4, 32 + nameBytes.length);
    local.writeUInt16LE(64, 34 + nameBytes.length);

    const header = Buffer.alloc(46 + nameBytes.length);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(10, 6);
    header.writeUInt16LE(DOS_DATE, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(data.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    header.writeUInt32LE(offset, 42);
    nameBytes.copy(header, 46);

    parts.push(local, data);
    central.push(header);
    offset += local.length + data.length;
  }
  const centralSize = central.reduce((n, h) => n + h.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}

/** Written beside and then renamed, so an interrupted build never leaves a file that looks up to date. */
function writeAtomic(path, data) {
  const temporary = `${path}.partial`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

// ---------------------------------------------------------------------------------------------------------

function notice(license) {
  const { pose, face } = PACKAGES;
  return `MediaPipe model weights
=======================

The .task bundles in this folder are built by scripts/build-models.mjs from the TFLite models in these npm
packages, by The MediaPipe Authors (Google LLC), licensed under the Apache License, Version 2.0:

  ${pose.name}@${pose.version}: pose_detection.tflite, pose_landmark_lite.tflite, pose_landmark_full.tflite
  ${face.name}@${face.version}: face_detection_short_range.tflite, face_landmark_with_attention.tflite,
      geometry_pipeline_metadata_landmarks.binarypb

Copyright The MediaPipe Authors.

The models were modified:
  - TFLite metadata was added to every model (input image colour space, normalisation and range);
  - face_landmark_with_attention.tflite: operators were appended so that output 0 is the 468 mesh points and
    the 10 iris points as one tensor (iris z set to 0) and output 1 is the face flag; the lip and eye
    refinement outputs are no longer outputs.
The original weights and operators are unchanged and stay in each file.

The files were renamed inside the bundles to the names MediaPipe Tasks expects (pose_detector.tflite,
pose_landmarks_detector.tflite, face_detector.tflite, face_landmarks_detector.tflite).

Licensed under the Apache License, Version 2.0 (the "License"); you may not use these files except in
compliance with the License. Unless required by applicable law or agreed to in writing, software distributed
under the License is distributed on an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either
express or implied. See the License for the specific language governing permissions and limitations under
the License. Its full text follows.

${license}`;
}

function build() {
  const started = performance.now();
  const pose = unpack(POSE_PACK);
  const face = unpack(FACE_PACK);
  const file = (dir, name) => readFileSync(join(dir, name));

  const license = readFileSync(LICENSE_FILE, 'utf8');
  if (sha256(license) !== APACHE_2_SHA256) {
    fail(`${relative(ROOT, LICENSE_FILE)} is not the Apache-2.0 text this script expects.`);
  }

  const poseDetector = patchModel(
    entry(pose, 'pose_detection.tflite', PACKAGES.pose.name),
    'pose_detector',
    SIGNED,
  );
  const bundles = {
    pose_landmarker_lite: [
      ['pose_detector.tflite', poseDetector],
      [
        'pose_landmarks_detector.tflite',
        patchModel(file(dirs.pose, 'pose_landmark_lite.tflite'), 'pose_landmarks_lite', UNSIGNED),
      ],
    ],
    pose_landmarker_full: [
      ['pose_detector.tflite', poseDetector],
      [
        'pose_landmarks_detector.tflite',
        patchModel(file(dirs.pose, 'pose_landmark_full.tflite'), 'pose_landmarks_full', UNSIGNED),
      ],
    ],
    face_landmarker: [
      [
        'face_detector.tflite',
        patchModel(
          entry(face, 'face_detection_short_range.tflite', PACKAGES.face.name),
          'face_detector_short_range',
          SIGNED,
        ),
      ],
      [
        'face_landmarks_detector.tflite',
        patchModel(
          entry(face, 'face_landmark_with_attention.tflite', PACKAGES.face.name),
          'face_landmarks_478',
          UNSIGNED,
          true,
        ),
      ],
      [
        'geometry_pipeline_metadata_landmarks.binarypb',
        entry(face, 'geometry_pipeline_metadata_landmarks.binarypb', PACKAGES.face.name),
      ],
    ],
  };

  mkdirSync(MODELS_OUT, { recursive: true });
  mkdirSync(WASM_OUT, { recursive: true });
  let bytes = 0;
  for (const [task, files] of Object.entries(bundles)) {
    const data = zip(files.map(([name, content]) => ({ name, data: content })));
    const hash = sha256(data);
    if (hash !== BUNDLE_SHA256[task])
      fail(`${task}.task came out different from the bundle Attune was tested with (sha256 ${hash}).`);
    writeAtomic(join(MODELS_OUT, `${task}.task`), data);
    bytes += data.length;
  }
  writeAtomic(join(MODELS_OUT, 'NOTICE'), notice(license));
  for (const stale of staleBundles()) rmSync(stale);
  for (const source of WASM_FILES) {
    const target = join(WASM_OUT, relative(join(dirs.tasks, 'wasm'), source));
    copyFileSync(source, `${target}.partial`);
    renameSync(`${target}.partial`, target);
  }

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `build-models: wrote ${TASKS.length} bundles (${(bytes / 1e6).toFixed(1)} MB) to assets/models and ${WASM_FILES.length} WASM files to assets/wasm in ${seconds} s`,
  );
}

if (upToDate()) console.log('build-models: assets/models and assets/wasm are up to date');
else build();
