/**
 * A growable buffer of UTF-8 bytes, so that a renderer writes the document the worker sends — part by part, with
 * `TextEncoder.encodeInto` — instead of building one large string that must be flattened and then encoded.
 */

const encoder = new TextEncoder();

/** `text` as UTF-8, for markup that never changes: encode it once at module load and write it with `writeBytes`. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** The capacity of a new writer. */
const INITIAL_CAPACITY = 16 * 1024;

/**
 * UTF-8 written in order into one buffer that doubles when full. `bytes()` hands out a right-sized copy, so one writer
 * can serve render after render (see renderBytes).
 */
export class ByteWriter {
  #bytes: Uint8Array;
  #view: DataView;
  #length = 0;

  constructor(capacity = INITIAL_CAPACITY) {
    this.#bytes = new Uint8Array(Math.max(capacity, 16));
    this.#view = new DataView(this.#bytes.buffer);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#length;
  }

  /** Bytes the writer can hold before it has to grow. */
  get capacity(): number {
    return this.#bytes.length;
  }

  /** Appends the UTF-8 encoding of `text`. A lone surrogate becomes U+FFFD, as with `TextEncoder.encode`. */
  write(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes (a surrogate pair, two units, takes 4), so this always fits.
    this.#reserve(text.length * 3);
    this.#length += encoder.encodeInto(text, this.#bytes.subarray(this.#length)).written;
  }

  /** Appends bytes as they are: markup encoded once with `utf8()`. */
  writeBytes(bytes: Uint8Array): void {
    this.#reserve(bytes.length);
    this.#bytes.set(bytes, this.#length);
    this.#length += bytes.length;
  }

  /**
   * For code that encodes on its own (a loop that escapes as it encodes): makes room for `maxBytes` more bytes and
   * returns the buffer, to be written from offset `length` on. Nothing counts as written until `commit`.
   */
  claim(maxBytes: number): Uint8Array {
    this.#reserve(maxBytes);
    return this.#bytes;
  }

  /** A DataView of the buffer `claim` returns, for writing several bytes at once. */
  get view(): DataView {
    return this.#view;
  }

  /** Marks the bytes up to `end` in the buffer `claim` returned as written; `end` is at most what was claimed. */
  commit(end: number): void {
    if (end < this.#length || end > this.#bytes.length)
      throw new RangeError(`commit(${end}) is outside the claimed room; claim it first`);
    this.#length = end;
  }

  /** Forgets the bytes written after the first `length`: undoes writes back to an earlier `length`. */
  truncate(length: number): void {
    if (length < 0 || length > this.#length)
      throw new RangeError(`truncate(${length}) is outside the ${this.#length} bytes written`);
    this.#length = length;
  }

  /** A copy of the bytes written, right-sized, which the caller owns: the writer may be reset and reused. */
  bytes(): Uint8Array {
    return this.#bytes.slice(0, this.#length);
  }

  /** Forgets what was written, keeping the capacity. */
  reset(): void {
    this.#length = 0;
  }

  /** Makes room for `more` bytes, doubling the capacity as often as needed. */
  #reserve(more: number): void {
    const needed = this.#length + more;
    if (needed <= this.#bytes.length) return;
    let capacity = this.#bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = grown;
    this.#view = new DataView(grown.buffer);
  }
}

/** A writer larger than this after a render is let go instead of being kept for the next one. */
const MAX_RETAINED = 16 * 1024 * 1024;
let scratch: ByteWriter | undefined;

/**
 * Runs `write` against a writer kept from one call to the next and returns a copy of what it wrote, which the caller
 * owns. A fresh buffer costs a page fault for every page it touches, plus a copy each time it doubles; the reused one
 * has been touched already, so each call allocates only the right-sized copy. (Returning a subarray of a fresh writer
 * per call instead measured the same for small documents and slower for large ones.)
 */
export function renderBytes(write: (out: ByteWriter) => void): Uint8Array {
  const out = scratch ?? new ByteWriter();
  scratch = undefined; // taken: a nested call gets a writer of its own
  try {
    write(out);
    return out.bytes();
  } finally {
    out.reset();
    if (out.capacity <= MAX_RETAINED) scratch = out;
  }
}
