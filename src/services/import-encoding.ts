// An import file is UTF-8 (with or without a BOM) or UTF-16 with its BOM: what spreadsheets save as "CSV UTF-8"
// and "Unicode text". Anything else — Latin-1 or Windows-1252, what Excel's plain "CSV" writes — would turn é
// into � and store it without a word, so it is refused at the first line holding a byte UTF-8 has no use for.
import { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { TextDecoder } from "node:util";

/** The file is not UTF-8 from this line on (counted as the import counts them: 1 + line breaks before). */
export class NotUtf8 extends Error {
  override name = "NotUtf8";
  constructor(readonly line: number) {
    super(`line ${line} is not UTF-8 text`);
  }
}

/** The file's text, checked as it streams: NotUtf8 fails the stream at the first line that is not UTF-8. */
export function decodedText(source: AsyncIterable<Buffer | string>): Readable {
  return Readable.from(decode(source), { objectMode: false });
}

async function* decode(source: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const check = new Utf8Check();
  const utf8 = new StringDecoder("utf8");
  let utf16: TextDecoder | undefined;
  let first = true;
  for await (const chunk of source) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    if (first) utf16 = utf16Decoder(bytes);
    first = false;
    if (utf16) {
      yield utf16.decode(bytes, { stream: true });
      continue;
    }
    const bad = check.scan(bytes);
    if (bad !== undefined) throw new NotUtf8(bad);
    yield utf8.write(bytes);
  }
  if (utf16) yield utf16.decode();
  else if (check.incomplete) throw new NotUtf8(check.line);
  else yield utf8.end();
}

/** UTF-16 is told by its BOM alone (TextDecoder leaves the BOM out of the text). */
function utf16Decoder(bytes: Buffer): TextDecoder | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le");
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be");
  return undefined;
}

/** UTF-8's well-formed byte sequences (Unicode 15, table 3-7), checked across chunk boundaries, counting lines. */
class Utf8Check {
  line = 1;
  private need = 0;
  private lower = 0x80;
  private upper = 0xbf;

  get incomplete(): boolean {
    return this.need > 0;
  }

  /** The line of the first byte of `bytes` that cannot be UTF-8 here, or undefined when all can. */
  scan(bytes: Uint8Array): number | undefined {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i] ?? 0;
      if (this.need > 0) {
        if (b < this.lower || b > this.upper) return this.line;
        this.need--;
        this.lower = 0x80;
        this.upper = 0xbf;
      } else if (b < 0x80) {
        if (b === 0x0a) this.line++;
      } else if (!this.lead(b)) return this.line;
    }
    return undefined;
  }

  /** A byte that starts a sequence: how many follow, and the range the next one must fall in. */
  private lead(b: number): boolean {
    if (b >= 0xc2 && b <= 0xdf) this.need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      this.need = 2;
      if (b === 0xe0) this.lower = 0xa0; // no overlong forms
      if (b === 0xed) this.upper = 0x9f; // no surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      this.need = 3;
      if (b === 0xf0) this.lower = 0x90;
      if (b === 0xf4) this.upper = 0x8f; // nothing past U+10FFFF
    } else return false;
    return true;
  }
}
