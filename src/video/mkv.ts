/**
 * The smallest Matroska stream FFmpeg reads raw frames from with a timestamp each. A raw pipe has no timestamps
 * (FFmpeg would space the frames evenly), so this is what keeps a variable frame rate exactly: one cluster per frame,
 * times in microseconds.
 */

/** EBML element ids as written. */
const ID = {
  EBML: [0x1a, 0x45, 0xdf, 0xa3],
  EBMLVersion: [0x42, 0x86],
  EBMLReadVersion: [0x42, 0xf7],
  EBMLMaxIDLength: [0x42, 0xf2],
  EBMLMaxSizeLength: [0x42, 0xf3],
  DocType: [0x42, 0x82],
  DocTypeVersion: [0x42, 0x87],
  DocTypeReadVersion: [0x42, 0x85],
  Segment: [0x18, 0x53, 0x80, 0x67],
  Info: [0x15, 0x49, 0xa9, 0x66],
  TimecodeScale: [0x2a, 0xd7, 0xb1],
  Tracks: [0x16, 0x54, 0xae, 0x6b],
  TrackEntry: [0xae],
  TrackNumber: [0xd7],
  TrackUID: [0x73, 0xc5],
  TrackType: [0x83],
  CodecID: [0x86],
  Video: [0xe0],
  PixelWidth: [0xb0],
  PixelHeight: [0xba],
  ColourSpace: [0x2e, 0xb5, 0x24],
  Cluster: [0x1f, 0x43, 0xb6, 0x75],
  Timecode: [0xe7],
  SimpleBlock: [0xa3],
} as const;

/** Sizes are always written in 8 bytes: simpler, and a frame's size is known before its bytes. */
function size8(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt8(0x01, 0);
  b.writeUIntBE(Math.floor(n / 2 ** 32), 1, 3);
  b.writeUInt32BE(n >>> 0, 4);
  return b;
}

function element(id: readonly number[], ...payload: Buffer[]): Buffer {
  const data = Buffer.concat(payload);
  return Buffer.concat([Buffer.from(id), size8(data.length), data]);
}

function uint(id: readonly number[], value: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(value));
  return element(id, b);
}

function text(id: readonly number[], value: string): Buffer {
  return element(id, Buffer.from(value, 'ascii'));
}

/**
 * FFmpeg's raw pixel format tags (libavcodec/raw.c): 'R' 'G' 'B' 24 for rgb24, 'I' '4' '2' '0' for yuv420p.
 */
const COLOUR_SPACE = {
  rgb24: [0x52, 0x47, 0x42, 24],
  yuv420p: [0x49, 0x34, 0x32, 0x30],
} as const;

/** The header of a stream of raw frames of this size and layout. */
export function mkvHeader(width: number, height: number, format: keyof typeof COLOUR_SPACE = 'rgb24'): Buffer {
  const header = element(
    ID.EBML,
    uint(ID.EBMLVersion, 1),
    uint(ID.EBMLReadVersion, 1),
    uint(ID.EBMLMaxIDLength, 4),
    uint(ID.EBMLMaxSizeLength, 8),
    text(ID.DocType, 'matroska'),
    uint(ID.DocTypeVersion, 4),
    uint(ID.DocTypeReadVersion, 2),
  );
  const info = element(ID.Info, uint(ID.TimecodeScale, 1000));
  const video = element(
    ID.Video,
    uint(ID.PixelWidth, width),
    uint(ID.PixelHeight, height),
    element(ID.ColourSpace, Buffer.from(COLOUR_SPACE[format])),
  );
  const track = element(ID.TrackEntry, uint(ID.TrackNumber, 1), uint(ID.TrackUID, 1), uint(ID.TrackType, 1), text(ID.CodecID, 'V_UNCOMPRESSED'), video);
  // A segment of unknown size: the stream is written as it goes.
  const segment = Buffer.from([...ID.Segment, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  return Buffer.concat([header, segment, info, element(ID.Tracks, track)]);
}

/**
 * One frame as a cluster: its header (the frame's bytes follow it, so they need not be copied).
 * @param micros presentation time in microseconds, ≥ 0.
 */
export function mkvFrameHeader(micros: number, frameBytes: number): Buffer {
  const timecode = uint(ID.Timecode, micros);
  // Track 1, relative time 0, keyframe.
  const blockHead = Buffer.from([0x81, 0x00, 0x00, 0x80]);
  const blockSize = blockHead.length + frameBytes;
  const block = Buffer.concat([Buffer.from(ID.SimpleBlock), size8(blockSize), blockHead]);
  const clusterSize = timecode.length + block.length + frameBytes;
  return Buffer.concat([Buffer.from(ID.Cluster), size8(clusterSize), timecode, block]);
}
