/**
 * Photos before upload: every photo is re-encoded through a canvas (longest side at most
 * `MAX_SIDE` px, JPEG at quality 0.85), which also drops its EXIF data, the location a phone
 * camera writes included; the server keeps what it gets. Loaded when a person first picks one.
 */
import { apiError } from "../../lib/client/api.ts";
import { apiFetch } from "../../lib/client/session.ts";
import type { AttachmentInfo } from "../../lib/chat/types.ts";

/** Longest side of an uploaded photo, in pixels. */
export const MAX_SIDE = 1600;
/** JPEG quality of an uploaded photo. */
export const QUALITY = 0.85;

/**
 * `file` as a JPEG of at most `MAX_SIDE` px per side, turned the way the camera held it (EXIF
 * orientation applied, then dropped), on white where it was transparent.
 */
export async function reencodePhoto(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  try {
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const g = canvas.getContext("2d")!;
    g.fillStyle = "#fff";
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.imageSmoothingQuality = "high";
    g.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => b ? resolve(b) : reject(new Error("the photo could not be encoded")),
        "image/jpeg",
        QUALITY,
      )
    );
  } finally {
    bitmap.close();
  }
}

/** Uploads a re-encoded photo; throws an `ApiError` when the server refuses it. */
export async function uploadPhoto(jpeg: Blob, signal?: AbortSignal): Promise<AttachmentInfo> {
  const res = await apiFetch("/api/chat/attachments", {
    method: "POST",
    headers: { "content-type": "image/jpeg" },
    body: jpeg,
    signal,
  });
  if (!res.ok) throw await apiError(res);
  return await res.json() as AttachmentInfo;
}
