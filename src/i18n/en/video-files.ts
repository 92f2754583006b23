/** Why a video cannot be filtered (the report and the terminal show these to the teacher), and a missing FFmpeg. */
export const videoFiles = {
  cannotRead: (file: string, reason: string) => `cannot read video ${file}: ${reason}`,
  cannotOpen: 'the file cannot be opened',
  empty: 'the file is empty (0 bytes); copy it again from the phone or the message',
  cutOff: 'the file is incomplete (cut off while copying or sending); copy it again from the phone',
  notAVideo: 'this is not a video FFmpeg can read (damaged, or not a video at all); open it on the phone and share it again',
  ffmpegCannotRead: (detail: string) => `FFmpeg cannot read it (${detail})`,
  onlySound: 'it holds only sound, no picture',
  noVideoStream: 'it holds no video stream',
  undecodable: 'its video is in a format FFmpeg cannot decode; export it from the phone as a normal (H.264) video',
  tooLarge: (width: number, height: number) => `its picture is ${width} × ${height}, larger than videos this tool handles (8K)`,
  noLength: 'its length cannot be read (the file is damaged or incomplete); copy it again',
  tooLong: (minutes: number, limit: number) => `it is ${minutes} minutes long, longer than the ${limit} minutes this tool filters; cut it into shorter clips`,
  wrongFrameSize: (actual: string, width: number, height: number) =>
    `its frames are ${actual} pixels, not the ${width} × ${height} its header says; export it from the phone again`,
  ffmpegStopped: (detail: string) => `FFmpeg stopped while decoding it (${detail}); the file may be damaged`,
  noFrame: 'not a single frame could be decoded; the file is damaged or in a format FFmpeg cannot decode',
  endsEarly: (decoded: number, total: number) =>
    `it ends after ${decoded} of its ${total} frames: the file is incomplete (cut off while copying or sending); copy it again`,
  moreFramesAgain: 'it decoded differently the second time (more frames); it was not published',
  otherFramesAgain: (decoded: number, expected: number) => `it decoded differently the second time (${decoded} frames, not ${expected}); it was not published`,
  changedWhileRead: 'it changed while it was being read; run the scan again once it is copied completely',
  changedDuringScan: 'it changed during the scan; run the scan again',
  noFfmpeg: (platform: string) => `no FFmpeg found for this computer (${platform}), so videos cannot be filtered`,
  noFfmpegHint: 'Reinstall privacy-filter with npm ci (it brings FFmpeg), or install FFmpeg so that ffmpeg and ffprobe are on the PATH.',
};
