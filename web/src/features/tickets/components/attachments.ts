import type { TicketMessageCreate } from "../../../api/types";

type AttachmentIn = NonNullable<TicketMessageCreate["attachments"]>[number];

/** A picked file as the API takes it: base64 content with its name and type. */
export function readAttachment(file: File): Promise<AttachmentIn> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error);
    reader.onload = () => {
      const url = String(reader.result);
      resolve({
        filename: file.name,
        content_type: file.type || "application/octet-stream",
        data_base64: url.slice(url.indexOf(",") + 1),
      });
    };
    reader.readAsDataURL(file);
  });
}
