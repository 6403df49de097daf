import type { WebClient } from "./client.js";

/** Uploads a file into the app's direct message with a person (files.uploadV2: needs files:write and im:write). */
export async function sendFileToPerson(
  client: WebClient,
  userId: string,
  file: { filename: string; title: string; content: Buffer; comment: string },
): Promise<void> {
  const opened = await client.conversations.open({ users: userId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error(`conversations.open gave no direct message channel for ${userId}`);
  await client.filesUploadV2({
    channel_id: channel,
    file: file.content,
    filename: file.filename,
    title: file.title,
    initial_comment: file.comment,
  });
}
