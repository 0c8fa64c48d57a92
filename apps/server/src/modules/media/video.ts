import { execFile } from 'node:child_process';
import { open } from 'node:fs/promises';
import { UnreadableVideoError, UnsupportedMediaError, VideoToolsMissingError } from './media.errors.js';

/**
 * Videos are probed and their poster frame taken with Debian's ffprobe and
 * ffmpeg, run as child processes with argument arrays (never a shell), a
 * time limit, and only local files: the demuxer is forced to the container the
 * magic bytes announced and no network protocol is allowed, so a file posing
 * as a playlist cannot make ffmpeg fetch anything.
 */

export type VideoContainer = 'mp4' | 'webm';

export const VIDEO_CONTENT_TYPES: Record<VideoContainer, string> = { mp4: 'video/mp4', webm: 'video/webm' };

/** ffmpeg's demuxer for each container (MP4 is read by the "mov" demuxer). */
const DEMUXERS: Record<VideoContainer, string> = { mp4: 'mov', webm: 'matroska' };

const PROBE_TIMEOUT_MS = 20_000;
const POSTER_TIMEOUT_MS = 60_000;
const EBML_MAGIC = Buffer.from([0x1a, 0x45, 0xdf, 0xa3]);
const DOCTYPE_ID = Buffer.from([0x42, 0x82]);

/**
 * The container announced by the file's first bytes: an ISO base media file
 * (`ftyp` box) other than QuickTime, or an EBML document whose DocType is
 * "webm" (Matroska files share the magic but are not WebM).
 */
export function containerOf(head: Buffer): VideoContainer | null {
  if (head.length >= 12 && head.toString('latin1', 4, 8) === 'ftyp') {
    return head.toString('latin1', 8, 12) === 'qt  ' ? null : 'mp4';
  }
  if (head.length >= 8 && head.subarray(0, 4).equals(EBML_MAGIC)) {
    const at = head.indexOf(DOCTYPE_ID, 4);
    if (at < 0 || at + 3 > head.length) return null;
    const sizeByte = head[at + 2]!;
    // A one-byte EBML size (high bit set) is what every muxer writes for this short string.
    if ((sizeByte & 0x80) === 0) return null;
    const length = sizeByte & 0x7f;
    return head.toString('latin1', at + 3, at + 3 + length) === 'webm' ? 'webm' : null;
  }
  return null;
}

export async function readHead(file: string, bytes = 64): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export interface VideoProbe {
  /** Index of the video stream the poster is taken from. */
  streamIndex: number;
  /** As displayed: a phone video recorded upright reports its rotation, and its sides are swapped here. */
  width: number;
  height: number;
  durationMs: number | null;
}

interface ProbeOutput {
  format?: { format_name?: string; duration?: string };
  streams?: Array<{
    index: number;
    codec_type?: string;
    width?: number;
    height?: number;
    duration?: string;
    disposition?: { attached_pic?: number };
    tags?: Record<string, string>;
    side_data_list?: Array<{ rotation?: number }>;
  }>;
}

export async function probeVideo(file: string, container: VideoContainer): Promise<VideoProbe> {
  let output: ProbeOutput;
  try {
    const { stdout } = await run(
      'ffprobe',
      ['-v', 'error', '-protocol_whitelist', 'file', '-f', DEMUXERS[container], '-print_format', 'json', '-show_format', '-show_streams', `file:${file}`],
      PROBE_TIMEOUT_MS,
      4 * 1024 * 1024,
    );
    output = JSON.parse(stdout.toString('utf8')) as ProbeOutput;
  } catch (error) {
    if (isMissingTool(error)) throw new VideoToolsMissingError();
    throw new UnreadableVideoError();
  }
  const formats = output.format?.format_name?.split(',') ?? [];
  if (!formats.includes(container)) throw new UnsupportedMediaError('Upload an MP4 or WebM video.');
  // Cover art in an MP4 is a "video" stream too; it is not the film.
  const stream = output.streams?.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  if (!stream) throw new UnreadableVideoError('The file has no video in it.');
  if (!stream.width || !stream.height) throw new UnreadableVideoError();
  const rotation = Math.abs(stream.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? Number(stream.tags?.rotate ?? 0));
  const sideways = rotation % 180 === 90;
  return {
    streamIndex: stream.index,
    width: sideways ? stream.height : stream.width,
    height: sideways ? stream.width : stream.height,
    durationMs: durationMs(output.format?.duration, stream.duration, stream.tags?.DURATION),
  };
}

/** The container's duration, else the stream's; WebM from a browser's recorder may have neither, only a tag. */
function durationMs(...candidates: Array<string | undefined>): number | null {
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    const clock = /^(\d+):(\d\d):(\d\d(?:\.\d+)?)$/.exec(candidate);
    const seconds = clock ? Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]) : Number(candidate);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  }
  return null;
}

/**
 * One frame as PNG, at min(1 s, 10% of the duration) so it is past a fade-in
 * but inside even a very short clip; ffmpeg applies the rotation itself.
 */
export async function posterFrame(file: string, container: VideoContainer, probe: VideoProbe): Promise<Buffer> {
  const at = probe.durationMs === null ? 0 : Math.min(1000, probe.durationMs / 10) / 1000;
  for (const seconds of at > 0 ? [at, 0] : [0]) {
    try {
      const { stdout } = await run(
        'ffmpeg',
        [
          '-nostdin', '-v', 'error', '-protocol_whitelist', 'file', '-f', DEMUXERS[container],
          '-ss', seconds.toFixed(3), '-i', `file:${file}`,
          '-map', `0:${probe.streamIndex}`, '-frames:v', '1', '-f', 'image2pipe', '-c:v', 'png', 'pipe:1',
        ],
        POSTER_TIMEOUT_MS,
        256 * 1024 * 1024,
      );
      if (stdout.length > 0) return stdout;
    } catch (error) {
      if (isMissingTool(error)) throw new VideoToolsMissingError();
      // Try again from the first frame; a seek into a damaged stretch can fail where the start decodes.
    }
  }
  throw new UnreadableVideoError('No frame of the video could be decoded.');
}

function isMissingTool(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

function run(command: string, args: string[], timeout: number, maxBuffer: number): Promise<{ stdout: Buffer }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout, killSignal: 'SIGKILL', maxBuffer, encoding: 'buffer', windowsHide: true }, (error, stdout) => {
      if (error) reject(error);
      else resolve({ stdout });
    });
  });
}
