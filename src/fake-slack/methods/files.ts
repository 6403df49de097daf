// files.uploadV2 as @slack/web-api performs it: getUploadURLExternal, a POST of the bytes to the URL it returned
// (see FakeSlack's /upload/ route), then completeUploadExternal to share the file in a channel.
import type { MethodTable } from "./types.js";

export const filesMethods: MethodTable = {
  "files.getUploadURLExternal": ({ args }, workspace) => {
    const filename = typeof args.filename === "string" ? args.filename : "";
    const length = Number(args.length);
    if (filename === "")
      return {
        ok: false,
        error: "invalid_arguments",
        response_metadata: { messages: ["[ERROR] missing required field: filename"] },
      };
    if (!Number.isInteger(length) || length <= 0)
      return {
        ok: false,
        error: "invalid_arguments",
        response_metadata: { messages: ["[ERROR] missing required field: length"] },
      };
    const id = workspace.nextFileId();
    workspace.files.set(id, { id, filename, length, content: undefined });
    return { ok: true, upload_url: `${workspace.url}/upload/v1/${id}`, file_id: id };
  },
  "files.completeUploadExternal": ({ args }, workspace) => {
    const requested = Array.isArray(args.files) ? (args.files as { id?: string; title?: string }[]) : [];
    const files = requested.map((f) => workspace.files.get(String(f.id)));
    // A file Slack never received (unknown id, or its bytes not uploaded) cannot be completed.
    if (requested.length === 0 || files.some((f) => f?.content === undefined))
      return { ok: false, error: "file_not_found" };
    const channel = typeof args.channel_id === "string" ? args.channel_id : undefined;
    for (const [i, file] of files.entries()) {
      if (!file) continue;
      file.title = requested[i]?.title ?? file.filename;
      file.channel = channel;
      file.initialComment = typeof args.initial_comment === "string" ? args.initial_comment : undefined;
      if (channel) file.sharedTs = workspace.nextTs();
    }
    return {
      ok: true,
      files: files.map((f) => ({ id: f?.id, title: f?.title, name: f?.filename, size: f?.content?.length })),
    };
  },
};
