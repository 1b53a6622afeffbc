/**
 * A "Copy" button for the subscription address on `/me/calendar` (without JavaScript the address
 * is still there to select). The clipboard API needs a secure context, which a box on plain
 * HTTP is not: then the field is selected and copied the old way.
 */
import { useSignal } from "@preact/signals";

interface Props {
  /** The id of the read-only field holding the address. */
  field: string;
  label: string;
  copied: string;
}

export default function IcsCopy({ field, label, copied }: Props) {
  const done = useSignal(false);
  const copy = async () => {
    const input = document.getElementById(field) as HTMLInputElement | null;
    if (!input) return;
    try {
      await navigator.clipboard.writeText(input.value);
    } catch {
      input.select();
      document.execCommand("copy");
    }
    done.value = true;
  };
  return (
    <button type="button" class="button auth-quiet" onClick={copy} data-ics-copy>
      {done.value ? copied : label}
    </button>
  );
}
