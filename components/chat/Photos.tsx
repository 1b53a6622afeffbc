/**
 * Photos in the chat: the composer's buttons (the camera, on a phone, and choosing files), the
 * photos waiting to be sent (removable), the photos of a sent message, and a photo opened full
 * size. When the chosen model cannot see, the buttons stay in place but look off, and a tap
 * says why in words, which a phone user reads more readily than a greyed-out button.
 */
import { useEffect, useState } from "preact/hooks";
import type { AttachmentInfo } from "../../lib/chat/types.ts";
import type { Translate } from "../../lib/i18n/format.ts";
import { Glyph } from "../Icon.tsx";
import { camera, photo } from "../icon_paths.ts";
import { photoUrl } from "./photo.ts";

/** A photo in the composer: uploading (no `info` yet), ready, or refused (`error`). */
export interface PendingPhoto {
  key: string;
  /** A blob URL of the re-encoded photo. */
  url: string;
  info?: AttachmentInfo;
  error?: string;
}

/** Props of `PhotoButtons`. */
export interface PhotoButtonsProps {
  /** The chosen model can see photos. */
  vision: boolean;
  /** No more photos fit this message, or a reply is being written. */
  disabled: boolean;
  t: Translate;
  onFiles(files: File[]): void;
  /** A tap while the model cannot see: show why. */
  onBlocked(): void;
}

/** The camera (phones only) and "add photo" buttons. */
export function PhotoButtons({ vision, disabled, t, onFiles, onBlocked }: PhotoButtonsProps) {
  const pick = (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const files = [...input.files ?? []];
    input.value = "";
    if (files.length) onFiles(files);
  };
  if (!vision) {
    return (
      <button
        type="button"
        class="composer-photo"
        aria-disabled="true"
        title={t("photo.add")}
        aria-label={t("photo.add")}
        onClick={onBlocked}
      >
        <Glyph d={photo} />
      </button>
    );
  }
  return (
    <>
      <label class="composer-photo composer-camera" title={t("photo.camera")} data-off={disabled}>
        <Glyph d={camera} />
        <span class="sr-only">{t("photo.camera")}</span>
        <input
          type="file"
          class="sr-only"
          accept="image/*"
          capture="environment"
          disabled={disabled}
          onChange={pick}
        />
      </label>
      <label class="composer-photo" title={t("photo.add")} data-off={disabled}>
        <Glyph d={photo} />
        <span class="sr-only">{t("photo.add")}</span>
        <input
          type="file"
          class="sr-only"
          accept="image/*"
          multiple
          disabled={disabled}
          onChange={pick}
        />
      </label>
    </>
  );
}

/** The photos waiting to be sent, each with a remove button. */
export function PendingPhotos(
  { photos, t, onRemove }: {
    photos: PendingPhoto[];
    t: Translate;
    onRemove(p: PendingPhoto): void;
  },
) {
  if (!photos.length) return null;
  return (
    <ul class="photo-strip composer-photos" aria-label={t("photo.waiting")}>
      {photos.map((p) => (
        <li
          key={p.key}
          class="photo-thumb"
          data-state={p.error ? "error" : p.info ? "ready" : "up"}
        >
          <img src={p.url} alt={t("photo.alt")} />
          {!p.info && !p.error && <span class="photo-busy">{t("photo.uploading")}</span>}
          {p.error && <span class="photo-error" role="alert">{p.error}</span>}
          <button
            type="button"
            class="photo-remove"
            aria-label={t("photo.remove")}
            title={t("photo.remove")}
            onClick={() => onRemove(p)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

/** One stored photo, fetched with the session; a tap opens it full size. */
function StoredPhoto(
  { info, t, onOpen }: { info: AttachmentInfo; t: Translate; onOpen(url: string): void },
) {
  const [url, setUrl] = useState("");
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    photoUrl(info.id).then((u) => live && setUrl(u), () => live && setFailed(true));
    return () => live = false;
  }, [info.id]);
  return (
    <li class="photo-thumb">
      {url
        ? (
          <button type="button" class="photo-open" onClick={() => onOpen(url)}>
            <img src={url} alt={t("photo.alt")} width={info.width} height={info.height} />
          </button>
        )
        : <span class="photo-busy">{failed ? t("photo.missing") : ""}</span>}
    </li>
  );
}

/** The photos of a sent message; a tap shows one full size until the next tap or Escape. */
export function SentPhotos({ images, t }: { images?: AttachmentInfo[]; t: Translate }) {
  const [open, setOpen] = useState("");
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen("");
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [open]);
  if (!images?.length) return null;
  return (
    <>
      <ul class="photo-strip msg-photos">
        {images.map((info) => <StoredPhoto key={info.id} info={info} t={t} onOpen={setOpen} />)}
      </ul>
      {open && (
        <div
          class="photo-full"
          role="dialog"
          aria-modal="true"
          aria-label={t("photo.alt")}
          onClick={() => setOpen("")}
        >
          <img src={open} alt={t("photo.alt")} />
          <button type="button" class="chat-chip photo-close">{t("close")}</button>
        </div>
      )}
    </>
  );
}
