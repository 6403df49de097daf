// What the fake workspace knows: its people and channels, and a clock for message timestamps.

export interface FakeUser {
  id: string;
  tz?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  name?: string;
}

export interface FakeChannel {
  id: string;
  name: string;
  is_private?: boolean;
}

/** A file as files.uploadV2 sends it: announced, uploaded, then completed into a channel. */
export interface FakeFile {
  id: string;
  filename: string;
  /** The length announced to files.getUploadURLExternal. */
  length: number;
  content: Buffer | undefined;
  title?: string;
  channel?: string;
  initialComment?: string;
}

export class FakeWorkspace {
  readonly users = new Map<string, FakeUser>();
  readonly channels = new Map<string, FakeChannel>();
  readonly files = new Map<string, FakeFile>();
  /** The fake's own address, for the upload URLs it hands out. */
  url = "";
  private fileCount = 0;
  private lastTs = 1_700_000_000;
  private views = 0;

  /** A message timestamp, unique and increasing, as Slack's "1700000000.000100". */
  nextTs(suffix = "000100"): string {
    return `${this.lastTs++}.${suffix}`;
  }

  nextFileId(): string {
    return `F${String(++this.fileCount).padStart(8, "0")}`;
  }

  nextViewId(): string {
    return `V${++this.views}`;
  }
}
