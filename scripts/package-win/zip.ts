// zip.ts - a small, reproducible zip writer: entries in the order given (the caller sorts them), one fixed timestamp,
// fixed permissions, UTF-8 names, deflate (node:zlib) or stored, no extra fields. Same entries -> the same bytes.
import { closeSync, openSync, writeSync } from 'node:fs';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  /** The path inside the zip, with forward slashes. */
  readonly name: string;
  readonly data: Buffer;
}

/** Every entry's time: 2020-01-01 00:00:00 in MS-DOS format (a zip cannot say "no time"; a fixed one keeps the bytes fixed). */
const DOS_TIME = 0;
const DOS_DATE = ((2020 - 1980) << 9) | (1 << 5) | 1;
/** Unix "made by" (3) and version 2.0, so the permission bits below are read by unzip; Windows ignores them. */
const MADE_BY = (3 << 8) | 20;
const VERSION_NEEDED = 20;
/** rw-r--r-- regular file, in the high 16 bits of the external attributes. */
const FILE_ATTRIBUTES = (0o100644 << 16) >>> 0;
/** General-purpose flag 11: the name is UTF-8 (the Chinese file name of the instructions). */
const FLAG_UTF8 = 0x0800;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
/** Deflate level: zlib's default; 9 costs seconds more on node.exe for a few hundred KB. */
const DEFLATE_LEVEL = 6;
/** Without zip64 (not written here) a zip holds at most this many entries and 4 GiB. */
const MAX_ENTRIES = 0xffff;
const MAX_SIZE = 0xffffffff;

/** Writes `entries` as a zip file at `file`; throws on duplicate names or past the zip32 limits. */
export function writeZip(file: string, entries: readonly ZipEntry[]): void {
  if (entries.length > MAX_ENTRIES) throw new Error(`zip: ${entries.length} entries, more than ${MAX_ENTRIES} (no zip64 here)`);
  const seen = new Set<string>();
  const central: Buffer[] = [];
  const fd = openSync(file, 'w');
  let offset = 0;
  const write = (b: Buffer): void => {
    writeSync(fd, b);
    offset += b.length;
  };
  try {
    for (const entry of entries) {
      if (seen.has(entry.name)) throw new Error(`zip: duplicate entry ${entry.name}`);
      seen.add(entry.name);
      const name = Buffer.from(entry.name, 'utf8');
      const deflated = deflateRawSync(entry.data, { level: DEFLATE_LEVEL });
      const stored = deflated.length >= entry.data.length;
      const body = stored ? entry.data : deflated;
      const crc = crc32(entry.data);
      if (offset > MAX_SIZE || entry.data.length > MAX_SIZE) throw new Error(`zip: ${entry.name} is past 4 GiB (no zip64 here)`);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(VERSION_NEEDED, 4);
      local.writeUInt16LE(FLAG_UTF8, 6);
      local.writeUInt16LE(stored ? METHOD_STORED : METHOD_DEFLATE, 8);
      local.writeUInt16LE(DOS_TIME, 10);
      local.writeUInt16LE(DOS_DATE, 12);
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(body.length, 18);
      local.writeUInt32LE(entry.data.length, 22);
      local.writeUInt16LE(name.length, 26);
      local.writeUInt16LE(0, 28);
      const cd = Buffer.alloc(46);
      cd.writeUInt32LE(0x02014b50, 0);
      cd.writeUInt16LE(MADE_BY, 4);
      cd.writeUInt16LE(VERSION_NEEDED, 6);
      local.copy(cd, 8, 6, 28); // flags, method, time, date, crc, sizes, name length
      cd.writeUInt16LE(0, 30); // extra
      cd.writeUInt16LE(0, 32); // comment
      cd.writeUInt16LE(0, 34); // disk
      cd.writeUInt16LE(0, 36); // internal attributes
      cd.writeUInt32LE(FILE_ATTRIBUTES, 38);
      cd.writeUInt32LE(offset, 42);
      central.push(cd, name);
      write(local);
      write(name);
      write(body);
    }
    const cdStart = offset;
    for (const b of central) write(b);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(offset - cdStart, 12);
    end.writeUInt32LE(cdStart, 16);
    write(end);
  } finally {
    closeSync(fd);
  }
}

/** The entries of a zip file (as this writer writes them: stored or deflate, no zip64), in central-directory order. */
export function readZip(zip: Buffer): ZipEntry[] {
  const endAt = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0) throw new Error('zip: no end of central directory');
  const count = zip.readUInt16LE(endAt + 10);
  let at = zip.readUInt32LE(endAt + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`zip: bad central directory entry ${i}`);
    const method = zip.readUInt16LE(at + 10);
    const packed = zip.readUInt32LE(at + 20);
    const nameLen = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLen);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const body = zip.subarray(start, start + packed);
    if (method !== METHOD_STORED && method !== METHOD_DEFLATE) throw new Error(`zip: ${name}: method ${method} not read here`);
    entries.push({ name, data: method === METHOD_STORED ? body : inflateRawSync(body) });
    at += 46 + nameLen + extra + comment;
  }
  return entries;
}
