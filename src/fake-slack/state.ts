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
  /** Who is in it, as conversations.members lists them. */
  members?: string[];
}

export class FakeWorkspace {
  readonly users = new Map<string, FakeUser>();
  readonly channels = new Map<string, FakeChannel>();
  private lastTs = 1_700_000_000;
  private views = 0;

  /** A message timestamp, unique and increasing, as Slack's "1700000000.000100". */
  nextTs(suffix = "000100"): string {
    return `${this.lastTs++}.${suffix}`;
  }

  nextViewId(): string {
    return `V${++this.views}`;
  }
}
